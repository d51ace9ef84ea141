"""Members: the custom user model, profiles, network invitations, the skills
taxonomy, custom profile questions and follows.

A member signs in with an e-mail address, is shown by ``display_name`` and is
addressed by ``handle`` (profile URLs, @mentions). ``status`` says whether the
account may be used; Django's ``is_active`` mirrors it (a database constraint
keeps the two in step) because Django and allauth read ``is_active``.

Profile fields live on ``User`` itself (one row, no join for the directory);
each built-in field that can be private has a ``<field>_visibility`` column
(the member's choice, capped by ``ProfileFieldPolicy``; the rule is in
``community.activity.visibility``).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from community.activity.visibility import ADMINS, EVERYONE, MEMBERS
from community.members.handles import unique_handle
from community.members.normalise import search_key


class FieldVisibility(models.TextChoices):
    """Who may read a profile field (see ``community.activity.visibility``)."""

    EVERYONE = EVERYONE, _("Everyone, visitors included (on a public network)")
    MEMBERS = MEMBERS, _("Members of the network")
    ADMINS = ADMINS, _("Network admins only")


def visibility_field(default: str, verbose_name) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=10, choices=FieldVisibility.choices, default=default
    )


def avatar_path(instance: User, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"avatars/{uuid.uuid4().hex}.{extension}"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Awaiting approval")
    SUSPENDED = "suspended", _("Suspended")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        fields.setdefault("display_name", email.split("@")[0])
        if "handle" not in fields:
            fields["handle"] = unique_handle(fields["display_name"])
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, is_network_admin=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_("Used in your profile address and in @mentions."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("May open the technical Django admin."),
    )
    is_network_admin = models.BooleanField(
        _("network admin"),
        default=False,
        help_text=_("Manages the network: settings, members, groups, moderation."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)

    # --- Profile ----------------------------------------------------------
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    bio = models.TextField(_("about me"), max_length=3000, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # ``city`` lower-cased, without accents or punctuation: the directory's
    # location filter matches on its prefix (indexed).
    city_key = models.CharField(max_length=100, blank=True, editable=False)
    # ``display_name`` the same way, kept by ``save()``: name searches match
    # it whatever the accents ("helene" finds "Hélène"; ``normalise.name_q``).
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_default="")
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    profile_visibility = visibility_field(MEMBERS, _("who sees my profile"))
    bio_visibility = visibility_field(MEMBERS, _("who sees my presentation"))
    location_visibility = visibility_field(MEMBERS, _("who sees my location"))
    languages_visibility = visibility_field(MEMBERS, _("who sees my languages"))
    skills_visibility = visibility_field(MEMBERS, _("who sees my skills"))
    interests_visibility = visibility_field(MEMBERS, _("who sees my interests"))
    links_visibility = visibility_field(MEMBERS, _("who sees my links"))
    email_visibility = visibility_field(ADMINS, _("who sees my e-mail address"))

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=MemberStatus.ACTIVE) & Q(is_active=True))
                | (~Q(status=MemberStatus.ACTIVE) & Q(is_active=False)),
                name="user_is_active_matches_status",
            )
        ]
        indexes = [
            # Directory: alphabetical order, and the location filter (prefix
            # match; the pattern opclass is used by PostgreSQL, ignored by SQLite).
            models.Index(Lower("display_name"), "id", name="user_name_order"),
            models.Index(
                fields=["city_key"], name="user_city_key", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["postcode"], name="user_postcode", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if "display_name" not in self.get_deferred_fields():  # not loaded: unchanged
            self.name_key = search_key(self.display_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"handle": self.handle})

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def avatar_url(self) -> str:
        return self.avatar.url if self.avatar else ""


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """An invitation to join the network (needed when registration is by invitation)."""

    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Optional: only this address may use the invitation."),
    )
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email or _("Invitation #%(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("members:accept_invitation", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


def name_in_language(name: str, names: Mapping[str, str] | None) -> str:
    """``name`` in the active language: its entry in ``names`` (language code →
    name) when there is one, else ``name`` itself (the ``LANGUAGE_CODE`` name)."""
    language = get_language()
    if not names or not language:
        return name
    return names.get(language) or names.get(language.split("-")[0]) or name


class NamedInLanguages(models.Model):
    """A taxonomy entry named in every site language: ``name`` in the default
    language (``settings.LANGUAGE_CODE``), ``names`` in the others (language
    code → name, for ``settings.LANGUAGES``); ``label`` is what pages show."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return name_in_language(self.name, self.names)


class SkillCategory(NamedInLanguages):
    """A family of skills (communication, digital, finance & legal…)."""

    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")


class Skill(NamedInLanguages):
    """The shared skills taxonomy: profiles, volunteer offers and project needs all use it."""

    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["category__position", "name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class SkillLevel(models.TextChoices):
    """How well someone masters a skill (profiles, and volunteering offers and needs)."""

    BEGINNER = "beginner", _("Beginner")
    CONFIRMED = "confirmed", _("Confirmed")
    EXPERT = "expert", _("Expert")


class MemberSkill(models.Model):
    """A skill a member lists on their profile."""

    # Indexed by the unique (user, skill) and the (skill, user) index below.
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="member_skills", db_index=False
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="member_skills", db_index=False
    )
    level = models.CharField(
        _("level"), max_length=10, choices=SkillLevel.choices, default=SkillLevel.CONFIRMED
    )

    class Meta:
        ordering = ["skill__category__position", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="member_skill_unique"),
        ]
        indexes = [models.Index(fields=["skill", "user"], name="member_skill_by_skill")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.skill_id} ({self.level})"


class MemberLanguage(models.Model):
    """A language a member speaks (codes from ``community.members.languages``)."""

    # Indexed by the unique (user, code).
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="spoken_languages", db_index=False
    )
    code = models.CharField(_("language"), max_length=12)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "code"], name="member_language_unique"),
        ]
        indexes = [models.Index(fields=["code", "user"], name="member_language_by_code")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.code}"


class ProfileFieldPolicy(models.Model):
    """The widest visibility network admins allow for a built-in profile field
    (``community.members.privacy`` lists the fields and their defaults)."""

    field = models.CharField(max_length=20, unique=True)
    widest = models.CharField(
        _("widest visibility allowed"), max_length=10, choices=FieldVisibility.choices
    )

    def __str__(self) -> str:
        return f"{self.field}: {self.widest}"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    DATE = "date", _("Date")
    URL = "url", _("Web address (URL)")
    NUMBER = "number", _("Number")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
FILTERABLE_KINDS = CHOICE_KINDS | {QuestionKind.YES_NO}


class AnsweredBy(models.TextChoices):
    MEMBER = "member", _("The member (network admins may also edit admin-only questions)")
    ADMINS = "admins", _("Network admins only (for example a check done by the association)")


class ProfileQuestion(models.Model):
    """A question network admins add to every profile (Ning's "profile questions")."""

    label = models.CharField(_("question"), max_length=120)
    help_text = models.CharField(_("help text"), max_length=240, blank=True)
    kind = models.CharField(
        _("type of answer"), max_length=20, choices=QuestionKind.choices, default="short_text"
    )
    required = models.BooleanField(_("an answer is required"), default=False)
    ask_at_signup = models.BooleanField(_("ask at sign-up"), default=False)
    show_on_profile = models.BooleanField(_("show on the profile page"), default=True)
    filterable = models.BooleanField(_("offer as a directory filter"), default=False)
    visibility = models.CharField(
        _("who sees the answers"),
        max_length=10,
        choices=FieldVisibility.choices,
        default=FieldVisibility.MEMBERS,
    )
    answered_by = models.CharField(
        _("who answers"), max_length=10, choices=AnsweredBy.choices, default=AnsweredBy.MEMBER
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("profile question")
        verbose_name_plural = _("profile questions")

    def __str__(self) -> str:
        return self.label

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def field_name(self) -> str:
        """The form field (and directory query parameter) for this question."""
        return f"question_{self.pk}"


class ProfileQuestionChoice(models.Model):
    question = models.ForeignKey(ProfileQuestion, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("choice"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="question_choice_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class ProfileAnswer(models.Model):
    """A member's answer to a profile question. ``text`` holds the value in a
    canonical form (ISO date, plain number, ``yes``/``no``, URL, text); choice
    questions use ``choices``."""

    question = models.ForeignKey(ProfileQuestion, on_delete=models.CASCADE, related_name="answers")
    # Indexed by the unique (user, question).
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="profile_answers", db_index=False
    )
    text = models.TextField(blank=True)
    choices = models.ManyToManyField(ProfileQuestionChoice, blank=True, related_name="answers")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="profile_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class Follow(models.Model):
    """``follower`` follows ``followed`` (the home feed's "Following" tab reads this)."""

    # Indexed by the unique (follower, followed) and (followed, follower) below.
    follower = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="following_links", db_index=False
    )
    followed = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="follower_links", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_unique"),
            models.CheckConstraint(condition=~Q(follower=F("followed")), name="follow_not_self"),
        ]
        indexes = [models.Index(fields=["followed", "follower"], name="follow_by_followed")]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followed_id}"
