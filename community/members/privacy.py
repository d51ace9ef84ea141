"""The built-in profile fields a member can make more or less private.

Each field has a ``<key>_visibility`` column on ``User`` (the member's choice)
and a network-wide cap (``ProfileFieldPolicy.widest``, edited by network
admins; the defaults below apply until they change it). The rule itself —
the narrower of the two applies, the member always sees their own fields —
lives in ``community.activity.visibility``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from community.activity.visibility import (
    ADMINS,
    EVERYONE,
    FIELD_LEVELS,
    MEMBERS,
    effective_field_visibility,
    narrower_visibility,
)
from community.members.models import ProfileFieldPolicy


@dataclass(frozen=True)
class PrivateField:
    key: str
    label: Promise
    help_text: Promise
    member_default: str
    widest_default: str
    # Levels that make sense for this field, widest first.
    levels: tuple[str, ...] = FIELD_LEVELS

    @property
    def attname(self) -> str:
        return f"{self.key}_visibility"


PRIVATE_FIELDS: tuple[PrivateField, ...] = (
    PrivateField(
        "profile",
        _("Profile page"),
        _("Your name, picture and profile page, and whether you are listed in the directory."),
        MEMBERS,
        EVERYONE,
        levels=(EVERYONE, MEMBERS),
    ),
    PrivateField("bio", _("Presentation"), _("The “About me” text."), MEMBERS, EVERYONE),
    PrivateField("location", _("Location"), _("City, postcode and country."), MEMBERS, EVERYONE),
    PrivateField("languages", _("Languages"), _("The languages you speak."), MEMBERS, EVERYONE),
    PrivateField("skills", _("Skills"), _("Your skills and their level."), MEMBERS, EVERYONE),
    PrivateField("interests", _("Interests"), _("Your interests."), MEMBERS, EVERYONE),
    PrivateField("links", _("Links"), _("Your website and social links."), MEMBERS, EVERYONE),
    PrivateField("email", _("E-mail address"), _("The address you sign in with."), ADMINS, MEMBERS),
)
FIELDS_BY_KEY: dict[str, PrivateField] = {f.key: f for f in PRIVATE_FIELDS}


@dataclass(frozen=True)
class PrivacyPolicy:
    """The network admins' caps, read once per request (one query)."""

    widest: dict[str, str] = field(default_factory=dict)

    def widest_for(self, key: str) -> str:
        return self.widest.get(key) or FIELDS_BY_KEY[key].widest_default

    def effective(self, member, key: str) -> str:
        """The visibility that applies to ``member``'s field ``key`` right now."""
        return effective_field_visibility(
            getattr(member, f"{key}_visibility"), self.widest_for(key)
        )

    def allowed_levels(self, key: str) -> tuple[str, ...]:
        """The levels a member may choose for ``key``: the cap and narrower ones."""
        widest = self.widest_for(key)
        return tuple(
            level
            for level in FIELDS_BY_KEY[key].levels
            if narrower_visibility(level, widest) == level
        )


def load_policy() -> PrivacyPolicy:

    rows = ProfileFieldPolicy.objects.filter(field__in=FIELDS_BY_KEY).values_list("field", "widest")
    return PrivacyPolicy(widest=dict(rows))
