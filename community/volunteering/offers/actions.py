"""Every write about a member's volunteer offers: publish, edit, pause,
resume, close. ``OfferSkill`` copies what the matching pre-filter reads from
its offer (owner, active or not, end of the period, place, last update):
``_sync_offer_skills`` keeps the copies in step."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.visibility import MEMBERS
from community.members.models import Skill, User
from community.volunteering.cleaning import (
    DESCRIPTION_MAX_LENGTH,
    clean_choice,
    clean_int,
    clean_period,
    clean_skills,
    clean_text,
    clean_title,
    require_active,
    set_place,
)
from community.volunteering.models import (
    Offer,
    OfferSkill,
    OfferStatus,
    OfferVisibility,
    WorkMode,
)
from community.volunteering.state import delete_activities

# Activity verb (its partial is in templates/activity/partials/).
OFFER_PUBLISHED = "offer_published"

MAX_HOURS_PER_MONTH = 300
MAX_RADIUS_KM = 1000


def _clean_offer_fields(
    *,
    title,
    description,
    skills,
    hours_per_month,
    available_from,
    available_until,
    work_mode,
    travel_radius_km,
    visibility,
) -> dict:
    fields = {
        "title": clean_title(title),
        "description": clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        "hours_per_month": clean_int(
            hours_per_month,
            "hours_per_month",
            minimum=1,
            maximum=MAX_HOURS_PER_MONTH,
            required=True,
        ),
        "work_mode": clean_choice(
            work_mode, WorkMode, "work_mode", _("Choose remote, on site, or either.")
        ),
        "travel_radius_km": clean_int(
            travel_radius_km if travel_radius_km not in (None, "") else 0,
            "travel_radius_km",
            minimum=0,
            maximum=MAX_RADIUS_KM,
            required=True,
        ),
        "visibility": clean_choice(
            visibility, OfferVisibility, "visibility", _("Choose who sees this offer.")
        ),
    }
    fields["available_from"], fields["available_until"] = clean_period(
        available_from, available_until, "available_from", "available_until"
    )
    if fields["available_until"] and fields["available_until"] < timezone.localdate():
        raise ValidationError({"available_until": _("This date is already past.")})
    fields["skills"] = clean_skills(skills)
    return fields


def _offer_copies(offer: Offer) -> dict:
    """What ``OfferSkill`` copies from its offer for the matching pre-filter."""
    return {
        "user_id": offer.user_id,
        "active": offer.is_active,
        "available_until": offer.available_until,
        "updated_at": offer.updated_at,
        "work_mode": offer.work_mode,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "travel_radius_km": offer.travel_radius_km,
    }


def _sync_offer_skills(offer: Offer, skills: dict[Skill, str] | None = None) -> None:
    """Keep ``OfferSkill``'s copies of the offer in step (``skills`` replaces them)."""
    copies = _offer_copies(offer)
    if skills is not None:
        OfferSkill.objects.filter(offer=offer).delete()
        OfferSkill.objects.bulk_create(
            [
                OfferSkill(offer=offer, skill=skill, level=level, **copies)
                for skill, level in skills.items()
            ]
        )
    else:
        OfferSkill.objects.filter(offer=offer).update(**copies)


def _check_offer_owner(user: User, offer: Offer) -> Offer:
    require_active(user)
    if offer.user_id != user.pk:
        raise Http404
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _withdraw_offer_activity(offer: Offer) -> None:
    """A closed offer, or one now reserved to project managers, leaves members' feeds."""
    delete_activities(Offer, [offer.pk])


@transaction.atomic
def create_offer(
    *,
    user: User,
    title: str,
    skills: Mapping[Skill, str],
    hours_per_month,
    description: str = "",
    available_from=None,
    available_until=None,
    work_mode: str = WorkMode.EITHER,
    city: str = "",
    postcode: str = "",
    travel_radius_km=20,
    visibility: str = OfferVisibility.MEMBERS,
) -> Offer:
    """Publish an offer. One visible to members is announced in their feeds;
    one reserved to project managers is not announced anywhere."""
    require_active(user)
    fields = _clean_offer_fields(
        title=title,
        description=description,
        skills=skills,
        hours_per_month=hours_per_month,
        available_from=available_from,
        available_until=available_until,
        work_mode=work_mode,
        travel_radius_km=travel_radius_km,
        visibility=visibility,
    )
    skills = fields.pop("skills")
    now = timezone.now()
    offer = Offer(user=user, created_at=now, updated_at=now, **fields)
    if offer.available_from is None:
        offer.available_from = timezone.localdate()
    set_place(offer, city=city, postcode=postcode)
    offer.save()
    _sync_offer_skills(offer, skills)
    if offer.visibility == OfferVisibility.MEMBERS:
        record_activity(actor=user, verb=OFFER_PUBLISHED, target=offer, audience=MEMBERS)
    return offer


@transaction.atomic
def update_offer(
    *,
    user: User,
    offer: Offer,
    title: str,
    skills: Mapping[Skill, str],
    hours_per_month,
    description: str = "",
    available_from=None,
    available_until=None,
    work_mode: str = WorkMode.EITHER,
    city: str = "",
    postcode: str = "",
    travel_radius_km=20,
    visibility: str = OfferVisibility.MEMBERS,
) -> Offer:
    offer = _check_offer_owner(user, offer)
    if offer.status == OfferStatus.CLOSED:
        raise ValidationError(_("This offer is closed. Publish a new one instead."))
    fields = _clean_offer_fields(
        title=title,
        description=description,
        skills=skills,
        hours_per_month=hours_per_month,
        available_from=available_from,
        available_until=available_until,
        work_mode=work_mode,
        travel_radius_km=travel_radius_km,
        visibility=visibility,
    )
    skills = fields.pop("skills")
    for name, value in fields.items():
        setattr(offer, name, value)
    set_place(offer, city=city, postcode=postcode)
    offer.updated_at = timezone.now()
    offer.save()
    _sync_offer_skills(offer, skills)
    if offer.visibility == OfferVisibility.MANAGERS:
        _withdraw_offer_activity(offer)
    return offer


def _set_offer_status(
    user: User, offer: Offer, status: str, allowed_from: tuple[str, ...], message: str
) -> Offer:
    offer = _check_offer_owner(user, offer)
    if offer.status not in allowed_from:
        raise ValidationError(message)
    offer.status = status
    offer.updated_at = timezone.now()
    offer.save(update_fields=["status", "updated_at"])
    _sync_offer_skills(offer)
    if status == OfferStatus.CLOSED:
        _withdraw_offer_activity(offer)
    return offer


@transaction.atomic
def pause_offer(*, user: User, offer: Offer) -> Offer:
    """A paused offer is kept but suggested to nobody until resumed."""
    return _set_offer_status(
        user,
        offer,
        OfferStatus.PAUSED,
        (OfferStatus.ACTIVE,),
        _("Only an active offer can be paused."),
    )


@transaction.atomic
def resume_offer(*, user: User, offer: Offer) -> Offer:
    return _set_offer_status(
        user,
        offer,
        OfferStatus.ACTIVE,
        (OfferStatus.PAUSED,),
        _("Only a paused offer can be resumed."),
    )


@transaction.atomic
def close_offer(*, user: User, offer: Offer) -> Offer:
    """Close for good (engagements made through it are kept)."""
    return _set_offer_status(
        user,
        offer,
        OfferStatus.CLOSED,
        (OfferStatus.ACTIVE, OfferStatus.PAUSED),
        _("This offer is already closed."),
    )
