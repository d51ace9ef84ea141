"""The input rules every volunteering action shares: who may act at all,
titles, texts, choices, dates, numbers, skills with levels, periods and
places. Each raises ``ValidationError`` keyed by the field, with a message a
person can act on (the forms show it on that field: ``add_action_errors``).
The limits are the forms' ``max_length`` too."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Choices
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from community.activity.visibility import is_active_member
from community.members.models import Skill, SkillLevel, User
from community.volunteering import places
from community.volunteering.models import PlaceMixin

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 10000
MESSAGE_MAX_LENGTH = 2000


def require_active(user: User | None) -> None:
    """A suspended member, or a visitor, may do nothing (403)."""
    if not is_active_member(user):
        raise PermissionDenied(_("Your account cannot do this."))


def clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give it a title.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH}}
        )
    return title


def clean_text(text: str, field: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError({field: _("Keep it under %(limit)s characters.") % {"limit": limit}})
    return text


def clean_choice(value: str, choices: type[Choices], field: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def clean_date(value: object, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        parsed = parse_date(str(value).strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError({field: _("Enter a valid date, for example 2025-03-31.")})
    return parsed


def clean_int(
    value: object, field: str, *, minimum: int, maximum: int, required: bool
) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if number < minimum or number > maximum:
        raise ValidationError(
            {
                field: _("Enter a number between %(min)s and %(max)s.")
                % {"min": minimum, "max": maximum}
            }
        )
    return number


def clean_decimal(value: object, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number, for example 2 or 1.5.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number, for example 2 or 1.5.")})
    return number


def clean_skills(skills: Mapping[Skill, str] | Iterable, field: str = "skills") -> dict[Skill, str]:
    """``{skill: level}``; at least one, each level one of beginner/confirmed/expert."""
    cleaned: dict[Skill, str] = {}
    items = skills.items() if isinstance(skills, Mapping) else skills
    for skill, level in items:
        if not isinstance(skill, Skill):
            raise ValidationError({field: _("Choose skills from the list.")})
        if level not in SkillLevel.values:
            raise ValidationError(
                {field: _("Choose a level for %(skill)s.") % {"skill": skill.label}}
            )
        cleaned[skill] = level
    if not cleaned:
        raise ValidationError({field: _("Choose at least one skill.")})
    return cleaned


def clean_period(
    start: object, end: object, start_field: str, end_field: str
) -> tuple[datetime.date | None, datetime.date | None]:
    start = clean_date(start, start_field)
    end = clean_date(end, end_field)
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date must come after the start date.")})
    return start, end


def set_place(obj: PlaceMixin, *, city: str, postcode: str) -> None:
    """Set what people typed and where it is (``places.locate``)."""
    obj.city = clean_text(city, "city", 100)
    obj.postcode = places.normalise_postcode(clean_text(postcode, "postcode", 12))
    position = places.locate(postcode=obj.postcode, city=obj.city)
    obj.latitude = position.latitude if position else None
    obj.longitude = position.longitude if position else None
    obj.approximate = bool(position and position.approximate)
