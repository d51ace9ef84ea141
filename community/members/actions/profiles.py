"""A member's own profile: fields, avatar, links, interests, skills, answers to
the profile questions, per-field privacy (and the admin's caps), follows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any, Literal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image

from community.core.images import ImageRules, process_image
from community.core.permissions import check_network_admin
from community.members import permissions
from community.members.languages import LANGUAGE_NAMES, site_languages
from community.members.models import (
    Follow,
    MemberLanguage,
    MemberSkill,
    ProfileAnswer,
    ProfileFieldPolicy,
    ProfileQuestion,
    QuestionKind,
    Skill,
    SkillLevel,
    User,
)
from community.members.normalise import search_key
from community.members.privacy import FIELDS_BY_KEY, load_policy
from community.members.questions import answer_field, to_stored

AVATAR_RULES = ImageRules(max_bytes=5 * 1024 * 1024, square=256)
MAX_LINKS = 5
MAX_INTERESTS = 12
MAX_INTEREST_LENGTH = 40


UNCHANGED: Any = object()


@transaction.atomic
def update_profile(
    *,
    member: User,
    editor: User,
    display_name: str = UNCHANGED,
    bio: str = UNCHANGED,
    city: str = UNCHANGED,
    postcode: str = UNCHANGED,
    country: str = UNCHANGED,
    languages: Iterable[str] = UNCHANGED,
    links: Iterable[str] = UNCHANGED,
    interests: Iterable[str] = UNCHANGED,
    avatar: File | Literal[False] | None = None,
) -> User:
    """A member edits their own profile. Arguments left out stay as they are;
    ``avatar`` is a new image, ``False`` to remove the current one, or None.

    Invalid input raises ValidationError (keyed by field) before anything is
    written; a replaced avatar file is deleted once the change is committed.
    """
    permissions.check_edit_profile(editor, member)
    member = User.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, list[str]] = {}
    if display_name is not UNCHANGED:
        display_name = " ".join(display_name.split())
        if not display_name:
            errors.setdefault("display_name", []).append(_("Please tell us your name."))
        elif len(display_name) > 80:
            errors.setdefault("display_name", []).append(_("Keep your name under 80 characters."))
        member.display_name = display_name
    for name, value, limit in (
        ("bio", bio, 3000),
        ("city", city, 100),
        ("postcode", postcode, 12),
        ("country", country, 60),
    ):
        if value is UNCHANGED:
            continue
        value = value.strip()
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("Keep this under %(limit)s characters.") % {"limit": limit}
            )
        setattr(member, name, value)
    if city is not UNCHANGED:
        member.city_key = search_key(member.city)
    if postcode is not UNCHANGED:
        member.postcode = member.postcode.upper()
    if links is not UNCHANGED:
        member.links, link_errors = _clean_links(links)
        if link_errors:
            errors["links"] = link_errors
    if interests is not UNCHANGED:
        member.interests, interest_errors = _clean_interests(interests)
        if interest_errors:
            errors["interests"] = interest_errors
    if languages is not UNCHANGED:
        codes = sorted(set(languages))
        unknown = [code for code in codes if code not in LANGUAGE_NAMES]
        if unknown:
            errors["languages"] = [_("Choose languages from the list.")]
    new_avatar = None
    if avatar:
        try:
            new_avatar = _clean_avatar(avatar)
        except forms.ValidationError as error:
            errors["avatar"] = error.messages
    if errors:
        raise ValidationError(errors)

    if languages is not UNCHANGED:
        MemberLanguage.objects.filter(user=member).exclude(code__in=codes).delete()
        existing = set(MemberLanguage.objects.filter(user=member).values_list("code", flat=True))
        MemberLanguage.objects.bulk_create(
            [MemberLanguage(user=member, code=code) for code in codes if code not in existing]
        )
    old_avatar = member.avatar.name if member.avatar else ""
    if new_avatar is not None:
        member.avatar.save(new_avatar.name, new_avatar, save=False)
    elif avatar is False:
        member.avatar = ""
    member.save()
    if old_avatar and member.avatar.name != old_avatar:
        transaction.on_commit(partial(member.avatar.storage.delete, old_avatar))
    return member


def _clean_avatar(upload: File) -> ContentFile:
    """The avatar as stored: a re-encoded square. What the profile form's
    ``SafeImageField`` already produced is kept as is; anything else is checked
    and re-encoded here."""
    if isinstance(upload, ContentFile) and _is_clean_avatar(upload):
        return upload
    return process_image(upload, AVATAR_RULES)


def _is_clean_avatar(content: ContentFile) -> bool:
    try:
        content.seek(0)
        with Image.open(content) as image:
            clean = image.format in ("PNG", "JPEG") and image.size == (
                AVATAR_RULES.square,
                AVATAR_RULES.square,
            )
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        content.seek(0)
    return clean


def _clean_links(values: Iterable[str]) -> tuple[list[str], list[str]]:
    links: list[str] = []
    errors: list[str] = []
    validate = URLValidator(schemes=["http", "https"])
    for raw in values:
        url = raw.strip()
        if not url:
            continue
        if "://" not in url:
            url = "https://" + url
        try:
            if len(url) > 300:
                raise ValidationError("too long")
            validate(url)
        except ValidationError:
            errors.append(_("“%(link)s” is not a web address.") % {"link": raw.strip()[:80]})
            continue
        if url not in links:
            links.append(url)
    if len(links) > MAX_LINKS:
        errors.append(
            ngettext("Up to %(count)s link, please.", "Up to %(count)s links, please.", MAX_LINKS)
            % {"count": MAX_LINKS}
        )
    return links, errors


def _clean_interests(values: Iterable[str]) -> tuple[list[str], list[str]]:
    interests: list[str] = []
    seen: set[str] = set()
    errors: list[str] = []
    for raw in values:
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > MAX_INTEREST_LENGTH:
            errors.append(
                _("“%(tag)s” is too long (%(limit)s characters at most).")
                % {"tag": tag[:50], "limit": MAX_INTEREST_LENGTH}
            )
            continue
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            interests.append(tag)
    if len(interests) > MAX_INTERESTS:
        errors.append(
            ngettext(
                "Up to %(count)s interest, please.",
                "Up to %(count)s interests, please.",
                MAX_INTERESTS,
            )
            % {"count": MAX_INTERESTS}
        )
    return interests, errors


@transaction.atomic
def set_member_language(*, member: User, language: str) -> User:
    """Store the site language ``member`` reads in and receives mail in (one of
    ``settings.LANGUAGES``; blank: the network's default). Anything else raises
    ValidationError and nothing is written."""
    if language and language not in site_languages():
        raise ValidationError(
            _("“%(language)s” is not one of the languages offered.") % {"language": language},
            code="invalid_language",
        )
    if member.language != language:
        member.language = language
        member.save(update_fields=["language"])
    return member


@transaction.atomic
def set_member_skills(*, member: User, editor: User, levels: Mapping[Skill, str]) -> None:
    """Replace the skills on ``member``'s profile with ``levels`` (skill → level)."""
    permissions.check_edit_profile(editor, member)
    valid_levels = set(SkillLevel.values)
    if any(level not in valid_levels for level in levels.values()):
        raise ValidationError(_("Choose a level: beginner, confirmed or expert."))
    wanted = {skill.pk: level for skill, level in levels.items()}
    if len(wanted) != Skill.objects.filter(pk__in=wanted).count():
        raise ValidationError(_("One of these skills no longer exists. Reload the page."))
    current = {row.skill_id: row for row in MemberSkill.objects.filter(user=member)}
    MemberSkill.objects.filter(user=member).exclude(skill_id__in=wanted).delete()
    for skill_id, level in wanted.items():
        row = current.get(skill_id)
        if row is None:
            MemberSkill.objects.create(user=member, skill_id=skill_id, level=level)
        elif row.level != level:
            row.level = level
            row.save(update_fields=["level"])


@transaction.atomic
def set_profile_answers(
    *, member: User, editor: User, values: Mapping[ProfileQuestion, Any]
) -> None:
    """Save answers to profile questions (cleaned values or raw form input).

    Each value is validated for its question's type; a required question left
    empty, a value of the wrong type or a choice the question does not offer
    raises ValidationError keyed by ``question.field_name`` and nothing is saved.
    """
    for question in values:
        if not permissions.can_answer_question(editor, member, question):
            raise PermissionDenied(
                _("You may not answer “%(question)s”.") % {"question": question.label}
            )
    _save_answers(member=member, values=values)


def _save_answers(*, member: User, values: Mapping[ProfileQuestion, Any]) -> None:
    cleaned: dict[ProfileQuestion, Any] = {}
    errors: dict[str, list[str]] = {}
    for question, value in values.items():
        field = answer_field(question)
        try:
            cleaned[question] = field.clean(_as_form_input(question, value))
        except forms.ValidationError as error:
            errors[question.field_name] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {
        answer.question_id: answer
        for answer in ProfileAnswer.objects.filter(user=member, question__in=list(values))
    }
    now = timezone.now()
    for question, value in cleaned.items():
        stored = to_stored(question, value)
        answer = existing.get(question.pk)
        if stored is None:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = ProfileAnswer.objects.create(
                user=member, question=question, text=stored.text, updated_at=now
            )
        else:
            answer.text = stored.text
            answer.updated_at = now
            answer.save(update_fields=["text", "updated_at"])
        if question.is_choice:
            answer.choices.set(stored.choice_ids)


def _as_form_input(question: ProfileQuestion, value: Any) -> Any:
    """Cleaned values (ints, dates, decimals) go back through the field as form input."""
    if value is None:
        return [] if question.kind == QuestionKind.MULTIPLE_CHOICE else ""
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        if isinstance(value, str | int):
            value = [value]
        return [str(item) for item in value]
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.NUMBER):
        return str(value)
    return value


@transaction.atomic
def update_privacy(*, member: User, editor: User, choices: Mapping[str, str]) -> User:
    """The member chooses who sees each built-in field, within the admins' caps."""
    permissions.check_edit_profile(editor, member)
    policy = load_policy()
    errors: dict[str, list[str]] = {}
    member = User.objects.select_for_update().get(pk=member.pk)
    for key, level in choices.items():
        if key not in FIELDS_BY_KEY:
            raise ValidationError(_("Unknown profile field."))
        if level not in policy.allowed_levels(key):
            errors[key] = [_("The network admins do not allow this choice for this field.")]
            continue
        setattr(member, FIELDS_BY_KEY[key].attname, level)
    if errors:
        raise ValidationError(errors)
    member.save(update_fields=[FIELDS_BY_KEY[key].attname for key in choices])
    return member


@transaction.atomic
def set_field_policy(*, admin: User, widest: Mapping[str, str]) -> None:
    """Network admins set the widest visibility members may choose per field.
    Members who chose wider are capped at once (the cap applies at read time)."""
    check_network_admin(admin)
    for key, level in widest.items():
        field = FIELDS_BY_KEY.get(key)
        if field is None:
            raise ValidationError(_("Unknown profile field."))
        if level not in field.levels:
            raise ValidationError({key: [_("Choose one of the offered levels.")]})
        ProfileFieldPolicy.objects.update_or_create(field=key, defaults={"widest": level})


@transaction.atomic
def follow_member(*, follower: User, member: User) -> Follow:
    """``follower`` follows ``member`` (doing it twice changes nothing)."""
    if follower.pk == member.pk:
        raise ValidationError(_("You cannot follow yourself."))
    if not permissions.can_follow(follower, member):
        raise PermissionDenied(_("You cannot follow this member."))
    follow, _created = Follow.objects.get_or_create(follower=follower, followed=member)
    return follow


@transaction.atomic
def unfollow_member(*, follower: User, member: User) -> None:
    """Stop following ``member`` (also when not following: nothing happens)."""
    Follow.objects.filter(follower=follower, followed=member).delete()
