"""Every viewer-dependent read about offers: a member's own, the ones taking
part in matching, the ones a profile shows its viewer (an offer reserved for
project managers only to them and its author)."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from community.activity.visibility import is_active_member
from community.members.models import MemberSkill, User
from community.volunteering import permissions
from community.volunteering.models import Offer, OfferSkill, OfferStatus, OfferVisibility


def active_offers(user, *, today=None) -> list[Offer]:
    """``user``'s offers that take part in matching (active, not expired)."""
    if not is_active_member(user):
        return []
    today = today or timezone.localdate()
    return list(
        Offer.objects.filter(user=user, status=OfferStatus.ACTIVE)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .prefetch_related("offered_skills")
        .order_by("-updated_at", "-id")
    )


def my_offers(user) -> list[Offer]:
    return list(
        Offer.objects.filter(user=user)
        .prefetch_related(
            Prefetch("offered_skills", queryset=OfferSkill.objects.select_related("skill"))
        )
        .annotate(
            status_order=Case(
                When(status=OfferStatus.ACTIVE, then=Value(0)),
                When(status=OfferStatus.PAUSED, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("status_order", "-updated_at", "-id")
    )


def offers_on_profile(viewer, member: User) -> list[Offer]:
    """``member``'s active offers that ``viewer`` may see (profile page)."""
    if not is_active_member(viewer) or not member.is_active:
        return []
    offers = list(
        Offer.objects.filter(user=member, status=OfferStatus.ACTIVE)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=timezone.localdate()))
        .prefetch_related(
            Prefetch("offered_skills", queryset=OfferSkill.objects.select_related("skill"))
        )
        .order_by("-updated_at", "-id")
    )
    reserved = [offer for offer in offers if offer.visibility != OfferVisibility.MEMBERS]
    if reserved and viewer.pk != member.pk and not permissions.is_project_manager(viewer):
        offers = [offer for offer in offers if offer.visibility == OfferVisibility.MEMBERS]
    return offers


def offer_on_profile(viewer, member: User, pk: str | int | None) -> Offer | None:
    """``member``'s offer ``pk`` if it is one ``viewer`` may see (one of
    ``offers_on_profile``), else None: a paused or closed offer, or one
    reserved for project managers, is never named from its id."""
    if pk is None or not str(pk).isdigit():
        return None
    return next((offer for offer in offers_on_profile(viewer, member) if offer.pk == int(pk)), None)


def own_offer(user, pk: int) -> Offer:
    """One of ``user``'s offers, to edit, pause or close (404 for anyone else's)."""
    return get_object_or_404(Offer, pk=pk, user=user)


def has_offers(user) -> bool:
    """``user`` has an offer not closed (paused, or expired, ones count)."""
    return Offer.objects.filter(user=user).exclude(status=OfferStatus.CLOSED).exists()


def profile_skill_levels(user) -> dict[int, str]:
    """The skills on ``user``'s profile and their levels (a new offer starts from them)."""
    return dict(MemberSkill.objects.filter(user=user).values_list("skill_id", "level"))
