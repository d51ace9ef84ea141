"""A member's offers: the list, publishing, editing, pausing, resuming and
closing one (only their own: 404 for anyone else's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core.pages import Wording, confirm, errors_to_messages, form_page
from community.members.selectors import taxonomy_skills
from community.volunteering.models import Offer
from community.volunteering.offers import actions, selectors
from community.volunteering.offers.forms import OfferForm


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    return render(
        request, "volunteering/my_offers.html", {"offers": selectors.my_offers(request.user)}
    )


def _offer_form(request: HttpRequest, offer: Offer | None = None) -> HttpResponse:
    skills = taxonomy_skills()
    if offer is not None:
        current = {row.skill_id: row.level for row in offer.offered_skills.all()}
    else:  # start from the skills on the member's profile
        current = selectors.profile_skill_levels(request.user)
    if offer is not None:
        initial = OfferForm.initial_from(offer)
    else:
        initial = {
            "postcode": request.user.postcode,
            "city": request.user.city,
            "available_from": timezone.localdate(),
        }

    def save(form: OfferForm) -> None:
        if offer is None:
            actions.create_offer(user=request.user, **form.action_fields())
        else:
            actions.update_offer(user=request.user, offer=offer, **form.action_fields())

    return form_page(
        request,
        OfferForm,
        template="volunteering/offer_form.html",
        form_kwargs={"skills": skills, "current": current},
        initial=initial,
        context={"offer": offer},
        action=save,
        success=_("Your offer is published. Projects that need you will see it.")
        if offer is None
        else _("Offer saved."),
        redirect_to="volunteering:my_offers",
    )


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    return _offer_form(request)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_form(request, selectors.own_offer(request.user, pk))


@login_required
def offer_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = selectors.own_offer(request.user, pk)
    if action not in ("pause", "resume", "close"):
        raise Http404
    if request.method != "POST":
        if action != "close":
            return redirect("volunteering:my_offers")
        return confirm(
            request,
            Wording(
                _("Close “%(title)s”?") % {"title": offer.title},
                _(
                    "It will no longer be suggested to anyone. Engagements made through it "
                    "stay. To stop for a while only, pause it instead."
                ),
                _("Close the offer"),
            ),
            cancel=reverse("volunteering:my_offers"),
        )
    try:
        if action == "pause":
            actions.pause_offer(user=request.user, offer=offer)
            messages.success(
                request, _("Offer paused: it is suggested to nobody until you resume it.")
            )
        elif action == "resume":
            actions.resume_offer(user=request.user, offer=offer)
            messages.success(request, _("Offer active again."))
        else:
            actions.close_offer(user=request.user, offer=offer)
            messages.success(request, _("Offer closed."))
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect("volunteering:my_offers")
