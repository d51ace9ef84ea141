"""Every write about members goes through here: accounts and registration,
invitations, profiles, skills, custom profile questions and their answers,
per-field privacy, the skills taxonomy, follows and suspension."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any, Literal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

from community.activity.visibility import FIELD_LEVELS
from community.core.images import ImageRules, process_image
from community.core.models import Network, RegistrationMode
from community.members import permissions
from community.members.handles import unique_handle
from community.members.languages import LANGUAGE_NAMES
from community.members.models import (
    CHOICE_KINDS,
    FILTERABLE_KINDS,
    AnsweredBy,
    FieldVisibility,
    Follow,
    Invitation,
    MemberLanguage,
    MemberSkill,
    MemberStatus,
    ProfileAnswer,
    ProfileFieldPolicy,
    ProfileQuestion,
    ProfileQuestionChoice,
    QuestionKind,
    Skill,
    SkillCategory,
    SkillLevel,
    User,
)
from community.members.normalise import search_key
from community.members.privacy import FIELDS_BY_KEY, load_policy
from community.members.questions import answer_field, to_stored

INVITATION_VALIDITY = timedelta(days=30)
AVATAR_RULES = ImageRules(max_bytes=5 * 1024 * 1024, square=256)
MAX_LINKS = 5
MAX_INTERESTS = 12
MAX_INTEREST_LENGTH = 40
MAX_CHOICES = 50


@transaction.atomic
def register_member(
    *,
    user: User,
    display_name: str,
    network: Network,
    accepted_terms: bool,
    invitation: Invitation | None = None,
    profile_answers: Mapping[ProfileQuestion, Any] | None = None,
) -> User:
    """Finish a sign-up: the allauth form has set e-mail and password on ``user``.

    Approval mode leaves the account pending (inactive) unless the member came
    with an invitation; invitation mode refuses to go on without a usable one.
    ``profile_answers`` answers the questions asked at sign-up; an invalid or
    missing required answer raises ValidationError and nothing is written.
    """
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable or (invitation.email and invitation.email != user.email):
            invitation = None
    if network.registration_mode == RegistrationMode.INVITATION and invitation is None:
        raise PermissionDenied(_("This network is open by invitation only."))
    pending = network.registration_mode == RegistrationMode.APPROVAL and invitation is None
    user.display_name = display_name.strip()
    user.handle = unique_handle(user.display_name)
    user.status = MemberStatus.PENDING if pending else MemberStatus.ACTIVE
    user.is_active = not pending
    user.language = network.default_language
    if accepted_terms:
        user.terms_accepted_at = timezone.now()
    user.save()
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    signup_questions = list(
        ProfileQuestion.objects.filter(
            ask_at_signup=True, answered_by=AnsweredBy.MEMBER
        ).prefetch_related("choices")
    )
    answers = dict(profile_answers or {})
    _save_answers(
        member=user,
        values={question: answers.get(question) for question in signup_questions},
    )
    return user


def _set_status(user: User, status: MemberStatus) -> User:
    user.status = status
    user.is_active = status == MemberStatus.ACTIVE
    user.save(update_fields=["status", "is_active"])
    return user


@transaction.atomic
def approve_member(*, admin: User, member: User) -> User:
    """A network admin lets a pending sign-up in."""
    _check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.PENDING:
        return member
    return _set_status(member, MemberStatus.ACTIVE)


@transaction.atomic
def decline_member(*, admin: User, member: User) -> None:
    """A network admin refuses a pending sign-up: the account is deleted."""
    _check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.PENDING:
        member.delete()


@transaction.atomic
def create_invitation(*, inviter: User, email: str = "") -> Invitation:
    _check_network_admin(inviter)
    return Invitation.objects.create(
        invited_by=inviter,
        email=email.strip().lower(),
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )


@transaction.atomic
def revoke_invitation(*, admin: User, invitation: Invitation) -> None:
    _check_network_admin(admin)
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).delete()


def _check_network_admin(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_network_admin):
        raise PermissionDenied(_("Only network admins may do this."))


@transaction.atomic
def create_account(
    *,
    email: str,
    password: str | None,
    display_name: str,
    is_network_admin: bool = False,
    verified: bool = True,
) -> User:
    """Create a ready-to-use account outside the sign-up form (spinup, demo, tests).

    The e-mail address is recorded as verified for allauth unless ``verified``
    is false; the first network admin also gets the technical Django admin.
    """
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email,
        password,
        display_name=display_name,
        is_network_admin=is_network_admin,
        is_staff=is_network_admin,
        is_superuser=is_network_admin,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


# --- Profile ---------------------------------------------------------------

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
        errors.append(_("Up to %(count)s links, please.") % {"count": MAX_LINKS})
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
        errors.append(_("Up to %(count)s interests, please.") % {"count": MAX_INTERESTS})
    return interests, errors


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
    _check_network_admin(admin)
    for key, level in widest.items():
        field = FIELDS_BY_KEY.get(key)
        if field is None:
            raise ValidationError(_("Unknown profile field."))
        if level not in field.levels:
            raise ValidationError({key: [_("Choose one of the offered levels.")]})
        ProfileFieldPolicy.objects.update_or_create(field=key, defaults={"widest": level})


# --- Profile questions ------------------------------------------------------


def _clean_question_settings(
    *,
    label: str,
    kind: str,
    choices: Iterable[str],
    help_text: str,
    filterable: bool,
    visibility: str,
    answered_by: str,
    ask_at_signup: bool,
    required: bool,
) -> tuple[dict[str, Any], list[str]]:
    errors: dict[str, list[str]] = {}
    label = " ".join(label.split())
    if not label:
        errors["label"] = [_("Write the question.")]
    elif len(label) > 120:
        errors["label"] = [_("Keep the question under 120 characters.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose a type of answer.")]
    if visibility not in FIELD_LEVELS:
        errors["visibility"] = [_("Choose who sees the answers.")]
    if answered_by not in AnsweredBy.values:
        errors["answered_by"] = [_("Choose who answers.")]
    labels: list[str] = []
    if kind in CHOICE_KINDS:
        for raw in choices:
            choice = " ".join(raw.split())
            if choice and choice.casefold() not in {c.casefold() for c in labels}:
                labels.append(choice[:120])
        if len(labels) < 2:
            errors["choices"] = [_("Give at least two choices, one per line.")]
        elif len(labels) > MAX_CHOICES:
            errors["choices"] = [_("Up to %(count)s choices, please.") % {"count": MAX_CHOICES}]
    if filterable and kind not in FILTERABLE_KINDS:
        errors["filterable"] = [
            _("Only single choice, multiple choice and yes/no questions can be directory filters.")
        ]
    if answered_by == AnsweredBy.ADMINS and ask_at_signup:
        errors["ask_at_signup"] = [
            _("A question only network admins answer cannot be asked at sign-up.")
        ]
    if len(help_text.strip()) > 240:
        errors["help_text"] = [_("Keep the help text under 240 characters.")]
    settings = {
        "label": label,
        "kind": kind,
        "help_text": help_text.strip(),
        "filterable": filterable,
        "visibility": visibility,
        "answered_by": answered_by,
        "ask_at_signup": ask_at_signup,
        "required": required,
    }
    if errors:
        raise ValidationError(errors)
    return settings, labels


@transaction.atomic
def create_profile_question(
    *,
    admin: User,
    label: str,
    kind: str,
    choices: Iterable[str] = (),
    help_text: str = "",
    required: bool = False,
    ask_at_signup: bool = False,
    show_on_profile: bool = True,
    filterable: bool = False,
    visibility: str = FieldVisibility.MEMBERS,
    answered_by: str = AnsweredBy.MEMBER,
) -> ProfileQuestion:
    _check_network_admin(admin)
    settings, labels = _clean_question_settings(
        label=label,
        kind=kind,
        choices=choices,
        help_text=help_text,
        filterable=filterable,
        visibility=visibility,
        answered_by=answered_by,
        ask_at_signup=ask_at_signup,
        required=required,
    )
    last = ProfileQuestion.objects.aggregate(last=Max("position"))["last"]
    question = ProfileQuestion.objects.create(
        **settings,
        show_on_profile=show_on_profile,
        position=0 if last is None else last + 1,
    )
    ProfileQuestionChoice.objects.bulk_create(
        [
            ProfileQuestionChoice(question=question, label=choice, position=position)
            for position, choice in enumerate(labels)
        ]
    )
    return question


@transaction.atomic
def update_profile_question(
    *,
    admin: User,
    question: ProfileQuestion,
    label: str,
    kind: str,
    choices: Iterable[str] = (),
    help_text: str = "",
    required: bool = False,
    ask_at_signup: bool = False,
    show_on_profile: bool = True,
    filterable: bool = False,
    visibility: str = FieldVisibility.MEMBERS,
    answered_by: str = AnsweredBy.MEMBER,
) -> ProfileQuestion:
    """Change a question. Its type is fixed once members answered it; a choice
    removed from the list is removed from the answers that used it."""
    _check_network_admin(admin)
    question = ProfileQuestion.objects.select_for_update().get(pk=question.pk)
    settings, labels = _clean_question_settings(
        label=label,
        kind=kind,
        choices=choices,
        help_text=help_text,
        filterable=filterable,
        visibility=visibility,
        answered_by=answered_by,
        ask_at_signup=ask_at_signup,
        required=required,
    )
    if kind != question.kind and question.answers.exists():
        raise ValidationError(
            {"kind": [_("Members already answered this question: its type cannot change.")]}
        )
    for name, value in settings.items():
        setattr(question, name, value)
    question.show_on_profile = show_on_profile
    question.save()
    if kind in CHOICE_KINDS:
        existing = {choice.label: choice for choice in question.choices.all()}
        question.choices.exclude(label__in=labels).delete()
        for position, choice_label in enumerate(labels):
            choice = existing.get(choice_label)
            if choice is None:
                ProfileQuestionChoice.objects.create(
                    question=question, label=choice_label, position=position
                )
            elif choice.position != position:
                choice.position = position
                choice.save(update_fields=["position"])
        # Single choice answers left without their choice are no answer at all.
        ProfileAnswer.objects.filter(question=question, choices__isnull=True).delete()
    else:
        question.choices.all().delete()
    return question


@transaction.atomic
def delete_profile_question(*, admin: User, question: ProfileQuestion) -> None:
    """Delete a question and every answer to it."""
    _check_network_admin(admin)
    ProfileQuestion.objects.filter(pk=question.pk).delete()


@transaction.atomic
def move_profile_question(
    *, admin: User, question: ProfileQuestion, direction: Literal["up", "down"]
) -> None:
    _check_network_admin(admin)
    ordered = list(ProfileQuestion.objects.select_for_update().order_by("position", "id"))
    _move_in(ordered, question.pk, direction)


def _move_in(ordered: list, pk: int, direction: str) -> None:
    """Move item ``pk`` one step up or down and renumber positions 0..n-1."""
    index = next((i for i, item in enumerate(ordered) if item.pk == pk), None)
    if index is None:
        raise Http404
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# --- Skills taxonomy --------------------------------------------------------


def _clean_name(name: str, *, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("Give the %(what)s a name.") % {"what": what}]})
    if len(name) > 80:
        raise ValidationError({"name": [_("Keep the name under 80 characters.")]})
    return name


def _unique_slug(model, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "item"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def _check_name_free(model, name: str, exclude_pk: int | None = None) -> None:
    if model.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": [_("“%(name)s” already exists.") % {"name": name}]})


@transaction.atomic
def create_skill_category(*, admin: User, name: str) -> SkillCategory:
    _check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name)
    last = SkillCategory.objects.aggregate(last=Max("position"))["last"]
    return SkillCategory.objects.create(
        name=name,
        slug=_unique_slug(SkillCategory, name),
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def rename_skill_category(*, admin: User, category: SkillCategory, name: str) -> SkillCategory:
    _check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name, exclude_pk=category.pk)
    category.name = name
    category.save(update_fields=["name"])
    return category


@transaction.atomic
def move_skill_category(
    *, admin: User, category: SkillCategory, direction: Literal["up", "down"]
) -> None:
    _check_network_admin(admin)
    ordered = list(SkillCategory.objects.select_for_update().order_by("position", "name"))
    _move_in(ordered, category.pk, direction)


@transaction.atomic
def delete_skill_category(*, admin: User, category: SkillCategory) -> None:
    """Only an empty category can go: its skills must be moved or deleted first."""
    _check_network_admin(admin)
    count = category.skills.count()
    if count:
        raise ValidationError(
            _(
                "“%(name)s” still holds %(count)s skills. Move them to another category "
                "or delete them first."
            )
            % {"name": category.name, "count": count}
        )
    category.delete()


@transaction.atomic
def create_skill(*, admin: User, name: str, category: SkillCategory) -> Skill:
    _check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name)
    return Skill.objects.create(name=name, slug=_unique_slug(Skill, name), category=category)


@transaction.atomic
def update_skill(*, admin: User, skill: Skill, name: str, category: SkillCategory) -> Skill:
    """Rename a skill or move it to another category. Its address in directory
    links (the slug) stays the same, so saved searches keep working."""
    _check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name, exclude_pk=skill.pk)
    skill.name = name
    skill.category = category
    skill.save(update_fields=["name", "category"])
    return skill


@transaction.atomic
def delete_skill(*, admin: User, skill: Skill, replacement: Skill | None = None) -> int:
    """Delete a skill. Members who listed it get ``replacement`` instead (at the
    same level) when one is given, or lose it. Returns how many profiles listed it.
    A skill still used elsewhere (volunteering offers, project needs) is protected."""
    _check_network_admin(admin)
    if replacement is not None and replacement.pk == skill.pk:
        raise ValidationError({"replacement": [_("Choose a different skill to replace it.")]})
    rows = list(MemberSkill.objects.filter(skill=skill))
    if replacement is not None:
        already = set(
            MemberSkill.objects.filter(skill=replacement).values_list("user_id", flat=True)
        )
        MemberSkill.objects.bulk_create(
            [
                MemberSkill(user_id=row.user_id, skill=replacement, level=row.level)
                for row in rows
                if row.user_id not in already
            ]
        )
    try:
        with transaction.atomic():
            skill.delete()
    except (ProtectedError, IntegrityError) as error:
        raise ValidationError(
            _(
                "“%(name)s” is still used by volunteering offers or project needs, so it "
                "cannot be deleted. Rename it instead, or change those first."
            )
            % {"name": skill.name}
        ) from error
    return len(rows)


# --- Follows ----------------------------------------------------------------


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


# --- Suspension -------------------------------------------------------------


@transaction.atomic
def suspend_member(*, admin: User, member: User) -> User:
    """A network admin suspends a member: they cannot sign in any more, and
    their open sessions stop working at the next request (Django refuses
    inactive users); open websockets are closed once the change is committed."""
    _check_network_admin(admin)
    if admin.pk == member.pk:
        raise ValidationError(_("You cannot suspend your own account."))
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.SUSPENDED:
        return member
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only active members can be suspended."))
    # The save makes the account inactive: realtime.signals closes its open
    # sockets once this commits (as for any deactivation, the Django admin's too).
    _set_status(member, MemberStatus.SUSPENDED)
    return member


@transaction.atomic
def reactivate_member(*, admin: User, member: User) -> User:
    """Lift a suspension: the member can sign in again."""
    _check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.ACTIVE:
        return member
    if member.status != MemberStatus.SUSPENDED:
        raise ValidationError(_("Only suspended members can be reactivated."))
    return _set_status(member, MemberStatus.ACTIVE)
