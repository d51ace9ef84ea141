"""Skills-based volunteering: projects publish needs, members publish offers,
the kit matches them, engagements track the work and its hours.

* ``Project`` belongs to a group (its owners and admins manage it) or to the
  network (network admins). Its stored ``audience`` follows the owning group
  (``audience_for_group``) or is ``public`` for a network project; drafts are
  shown to managers only (by status, not by audience).
* ``Need`` (a "mission") sits in a project and copies the project's ``group``
  and ``audience``, so the matching pre-filter reads one table. Required
  skills go through ``NeedSkill``, each with a minimum level.
* ``Offer``: what a member proposes (skills with a level through
  ``OfferSkill``, hours per month, period, place and travel radius).
  ``OfferSkill`` copies what the pre-filter needs from its offer (owner,
  active or not, end of the period, last update) so suggestions are one
  indexed aggregate; ``offers/actions.py`` keeps the copies in step.
* ``Engagement``: a volunteer on a need (application or invitation), with its
  state machine in ``engagements/actions.py``; ``HoursEntry`` the hours logged on it,
  locked at completion, then changed by an ``HoursCorrection``. ``Attestation``:
  an issued version, frozen (``state.issue_attestation``), superseded by the next.

Every model carrying group content (``group`` + ``audience``) is registered
with ``register_group_content`` (``apps.py``), so a group's privacy change
rewrites it in the same transaction.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.core.images import picture_version
from community.members.models import FieldVisibility, Skill, SkillLevel, name_in_language
from community.members.normalise import search_key


class WorkMode(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On site")
    EITHER = "either", _("On site or remote")


class Cause(models.TextChoices):
    SOLIDARITY = "solidarity", _("Solidarity and social action")
    EDUCATION = "education", _("Education and youth")
    ENVIRONMENT = "environment", _("Environment")
    HEALTH = "health", _("Health and care")
    CULTURE = "culture", _("Culture and heritage")
    SPORT = "sport", _("Sport and leisure")
    DIGITAL = "digital", _("Digital inclusion")
    RIGHTS = "rights", _("Rights and citizenship")
    ANIMALS = "animals", _("Animal welfare")
    EMERGENCY = "emergency", _("Emergency relief")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Projects whose needs take volunteers.
ACTIVE_PROJECT_STATUSES = (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS)


def project_cover_path(instance: Project, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"projects/{uuid.uuid4().hex}.{extension}"


class PlaceMixin(models.Model):
    """A place typed by a person (postcode and/or city) and where we put it."""

    city = models.CharField(_("city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    # The position is a département's centre, not the town's.
    approximate = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def place_label(self) -> str:
        return " ".join(part for part in (self.postcode, self.city) if part)


class Project(PlaceMixin):
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("address"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("group"),
    )
    audience = models.CharField(max_length=40)
    work_mode = models.CharField(
        _("where"), max_length=10, choices=WorkMode.choices, default=WorkMode.ON_SITE
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    cover = models.ImageField(_("cover image"), upload_to=project_cover_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["status", "audience", "-opened_at"], name="project_directory"),
            models.Index(fields=["group", "status"], name="project_by_group"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:project", kwargs={"slug": self.slug})

    @property
    def cover_url(self) -> str:
        """Where the cover is served after the project's visibility check
        (``volunteering:project_cover``); empty when there is none."""
        if not self.cover:
            return ""
        url = reverse("volunteering:project_cover", kwargs={"slug": self.slug})
        return f"{url}?v={picture_version(self.cover.name)}"

    @property
    def is_draft(self) -> bool:
        return self.status == ProjectStatus.DRAFT

    @property
    def takes_volunteers(self) -> bool:
        return self.status in ACTIVE_PROJECT_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)


def monthly_hours(*, total_hours, hours_per_week, starts_on, ends_on) -> float | None:
    """Hours a month a need asks of one volunteer: hours per week × 52/12, or the
    total spread over the project's months (one month when its dates are unknown)."""
    if hours_per_week:
        return float(hours_per_week) * 52 / 12
    if total_hours:
        months = 1.0
        if starts_on and ends_on:
            months = max(1.0, (ends_on - starts_on).days / 30.4)
        return total_hours / months
    return None


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Need(PlaceMixin):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    # Copies of the project's, kept in step by the actions and by group privacy changes.
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    total_hours = models.PositiveIntegerField(_("estimated total hours"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    weeks = models.PositiveSmallIntegerField(_("number of weeks"), null=True, blank=True)
    volunteers_wanted = models.PositiveSmallIntegerField(_("volunteers wanted"), default=1)
    work_mode = models.CharField(
        _("where"), max_length=10, choices=WorkMode.choices, default=WorkMode.ON_SITE
    )
    apply_by = models.DateField(_("apply by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    skill_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteers_wanted__gte=1), name="need_wants_a_volunteer"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "audience", "-created_at"], name="need_open_by_audience"
            ),
            models.Index(fields=["project", "status"], name="need_by_project"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Short and stable (no project lookup: feed items link with it); it
        redirects to the need's page under its project."""
        return reverse("volunteering:need_short", kwargs={"pk": self.pk})

    @property
    def estimated_hours(self) -> Decimal | None:
        if self.total_hours:
            return Decimal(self.total_hours)
        if self.hours_per_week and self.weeks:
            return self.hours_per_week * self.weeks
        return None

    @property
    def monthly_hours(self) -> float | None:
        """Hours a month this need asks of one volunteer (for matching)."""
        project = self.project
        return monthly_hours(
            total_hours=self.total_hours,
            hours_per_week=self.hours_per_week,
            starts_on=project.starts_on,
            ends_on=project.ends_on,
        )

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN


class NeedSkill(models.Model):
    # Indexed by the unique (need, skill) and the partial matching index below.
    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="required_skills", db_index=False
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", db_index=False)
    min_level = models.CharField(
        _("minimum level"), max_length=10, choices=SkillLevel.choices, default=SkillLevel.BEGINNER
    )
    # Copies of the need's (and its project's) fields for the matching pre-filter,
    # kept in step by ``state.py`` and by group privacy changes.
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    audience = models.CharField(max_length=40, default="")
    # The need is open and its project takes volunteers.
    listed = models.BooleanField(default=False)
    apply_by = models.DateField(null=True, blank=True)
    skill_count = models.PositiveSmallIntegerField(default=0)
    need_created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["skill__name"]
        constraints = [models.UniqueConstraint(fields=["need", "skill"], name="need_skill_unique")]
        indexes = [
            # Needs for a volunteer: the listed needs asking for one of their skills.
            models.Index(
                fields=[
                    "skill",
                    "audience",
                    "min_level",
                    "need",
                    "skill_count",
                    "apply_by",
                    "need_created_at",
                ],
                name="need_skill_match",
                condition=Q(listed=True),
            ),
            models.Index(fields=["group"], name="need_skill_group"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.skill_id} ≥ {self.min_level}"


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class OfferVisibility(models.TextChoices):
    MEMBERS = "members", _("Members of the network")
    MANAGERS = "managers", _("Only people who run projects")


class Offer(PlaceMixin):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what I propose"), blank=True)
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    work_mode = models.CharField(
        _("where"), max_length=10, choices=WorkMode.choices, default=WorkMode.EITHER
    )
    travel_radius_km = models.PositiveSmallIntegerField(_("travel radius (km)"), default=20)
    visibility = models.CharField(
        _("who sees this offer"),
        max_length=10,
        choices=OfferVisibility.choices,
        default=OfferVisibility.MEMBERS,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=OfferStatus.choices, default=OfferStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="offer_period_in_order",
            ),
            models.CheckConstraint(condition=Q(hours_per_month__gte=1), name="offer_has_hours"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="offer_by_user")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == OfferStatus.ACTIVE

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.available_until is not None and self.available_until < today


class OfferSkill(models.Model):
    # Indexed by the unique (offer, skill) and the partial matching index below.
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="offered_skills", db_index=False
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", db_index=False)
    level = models.CharField(
        _("level"), max_length=10, choices=SkillLevel.choices, default=SkillLevel.CONFIRMED
    )
    # Copies of the offer's fields for the matching pre-filter (``offers/actions.py``).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    active = models.BooleanField(default=True)
    available_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    work_mode = models.CharField(max_length=10, default=WorkMode.EITHER)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    travel_radius_km = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "skill"], name="offer_skill_unique")
        ]
        indexes = [
            # Suggestions: the active offers holding one of a need's skills, with
            # all the pre-filter reads (an index-only scan).
            models.Index(
                fields=[
                    "skill",
                    "level",
                    "offer",
                    "user",
                    "available_until",
                    "updated_at",
                    "work_mode",
                    "latitude",
                    "longitude",
                    "travel_radius_km",
                ],
                name="offer_skill_match",
                condition=Q(active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.skill_id} ({self.level})"


class EngagementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Engagements that hold (or ask for) a place on the need.
LIVE_ENGAGEMENT_STATUSES = (
    EngagementStatus.PROPOSED,
    EngagementStatus.ACCEPTED,
    EngagementStatus.COMPLETED,
)
# Engagements that take one of the need's places.
PLACE_TAKING_STATUSES = (EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED)


class Origin(models.TextChoices):
    APPLICATION = "application", _("Application by the volunteer")
    INVITATION = "invitation", _("Invitation by the project")


class Engagement(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="engagements")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="engagements")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=40)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagements"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    origin = models.CharField(max_length=12, choices=Origin.choices)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        max_length=10, choices=EngagementStatus.choices, default=EngagementStatus.PROPOSED
    )
    answer = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live engagement per volunteer and need: applying twice is refused.
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                condition=Q(status__in=["proposed", "accepted", "completed"]),
                name="one_live_engagement_per_need",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="engagement_by_volunteer"),
            models.Index(fields=["need", "status"], name="engagement_by_need"),
            models.Index(fields=["project", "status"], name="engagement_by_project"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} on {self.need_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:engagement", kwargs={"pk": self.pk})

    @property
    def is_proposed(self) -> bool:
        return self.status == EngagementStatus.PROPOSED

    @property
    def is_accepted(self) -> bool:
        return self.status == EngagementStatus.ACCEPTED

    @property
    def is_completed(self) -> bool:
        return self.status == EngagementStatus.COMPLETED


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("To confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    QUERIED = "queried", _("Queried")


class HoursEntry(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="hours")
    # A copy of the engagement's volunteer: the 24-hours-a-day rule spans engagements.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=HoursStatus.choices, default=HoursStatus.PENDING
    )
    query = models.TextField(_("question"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_between_0_and_24"
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "date"], name="hours_by_volunteer_day"),
            models.Index(fields=["engagement", "status"], name="hours_by_engagement"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.hours} h on {self.date}"


def typed_hours(facts: dict[str, str]) -> dict[str, object]:
    """Hours stored as JSON (``{"date": iso, "hours": "1.50", …}``) with their
    date and hours typed back, for the pages."""
    return {
        **facts,
        "date": datetime.date.fromisoformat(facts["date"]),
        "hours": Decimal(facts["hours"]),
    }


def attestation_code() -> str:
    """The unguessable part of an attestation's verification address."""
    return secrets.token_urlsafe(18)


class Attestation(models.Model):
    """One version of a completed engagement's attestation, as issued: what it
    certifies is copied here, so later changes never alter an issued version."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="attestations"
    )
    version = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=32, unique=True, default=attestation_code, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    volunteer_name = models.CharField(max_length=150)
    group_name = models.CharField(max_length=150, blank=True)
    project_title = models.CharField(max_length=120)
    need_title = models.CharField(max_length=120)
    # [{"name": default-language name, "names": {language code: name}}]
    skills = models.JSONField(default=list)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    confirmed_hours = models.DecimalField(max_digits=8, decimal_places=2)
    entries = models.JSONField(default=list)  # [{"date": iso, "hours": "2.00", "note": ""}]

    class Meta:
        ordering = ["engagement", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "version"], name="attestation_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="attestation_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} v{self.version}"

    def get_absolute_url(self) -> str:
        """Its verification address."""
        return reverse("volunteering:attestation_verify", kwargs={"code": self.code})

    @property
    def skill_labels(self) -> list[str]:
        """The skills it certifies, named (as issued) in the reader's language."""
        labels = [name_in_language(skill["name"], skill.get("names")) for skill in self.skills]
        return sorted(labels, key=search_key)

    @property
    def shown_entries(self) -> list[dict[str, object]]:
        """The frozen entries with their date and hours typed back."""
        return [typed_hours(entry) for entry in self.entries]


class HoursCorrection(models.Model):
    """A project manager's change of hours on a completed engagement: who,
    when, why, the entry before and after, and the attestation it issued."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="corrections")
    entry = models.ForeignKey(
        HoursEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"))
    # {"date": iso, "hours": "2.00", "note": "", "status": "pending"}; None: hours added.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()
    attestation = models.ForeignKey(
        Attestation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["corrected_at", "id"]
        indexes = [models.Index(fields=["engagement", "corrected_at"], name="correction_by_eng")]

    def __str__(self) -> str:
        return f"{self.engagement_id}: correction by {self.corrected_by_id}"

    def shown(self) -> tuple[dict[str, object] | None, dict[str, object]]:
        """Before (``None``: hours added) and after, typed back for the page."""
        return (typed_hours(self.before) if self.before else None, typed_hours(self.after))


class VolunteerSettings(models.Model):
    """A member's choices about volunteering (who sees their volunteer record)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="volunteer_settings",
    )
    record_visibility = models.CharField(
        _("who sees my volunteer record"),
        max_length=10,
        choices=FieldVisibility.choices,
        default=FieldVisibility.MEMBERS,
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.record_visibility}"
