"""Engagement pages: a need's page (where volunteers apply), applying,
inviting a volunteer from the suggestions, answering, withdrawing,
completing or cancelling an engagement, and a project's dashboard (what its
managers answer and confirm). The engagement's own page is its logbook of
hours: ``hours/views.py`` renders it, with ``engagement_context`` below."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core.pages import Wording, confirm, errors_to_messages, form_page, submit
from community.core.redirects import next_url
from community.members.models import User
from community.volunteering import permissions
from community.volunteering.engagements import actions, selectors
from community.volunteering.engagements.forms import MessageForm, ReasonForm
from community.volunteering.models import Engagement, EngagementStatus, Origin
from community.volunteering.needs.selectors import need_in_project
from community.volunteering.offers.selectors import active_offers, offer_on_profile
from community.volunteering.projects.selectors import project_by_slug


def need(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    need = need_in_project(request.user, project, pk)
    can_manage = permissions.can_manage_project(request.user, project)
    mine = None
    offers = []
    if request.user.is_authenticated and request.user.is_active:
        mine = selectors.latest_engagement(need, request.user)
        offers = active_offers(request.user)
    form = MessageForm(offers=offers, message_label=_("Your message to the project's managers"))
    return render(
        request,
        "volunteering/need.html",
        {
            "project": project,
            "need": need,
            "can_manage": can_manage,
            "mine": mine,
            "form": form,
            "can_apply": need.is_open
            and project.takes_volunteers
            and not (
                mine
                and mine.status
                in (
                    EngagementStatus.PROPOSED,
                    EngagementStatus.ACCEPTED,
                    EngagementStatus.COMPLETED,
                )
            )
            and not (need.apply_by and need.apply_by < timezone.localdate()),
        },
    )


@login_required
def need_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    need = need_in_project(request.user, project, pk)
    offers = active_offers(request.user)
    form = MessageForm(
        request.POST or None,
        offers=offers,
        message_label=_("Your message to the project's managers"),
    )
    if request.method == "POST":
        response = submit(
            request,
            form,
            action=lambda form: actions.apply_to_need(
                volunteer=request.user,
                need=need,
                message=form.cleaned_data["message"],
                offer=form.chosen_offer(),
            ),
            success=_("Your application was sent. The project's managers will answer."),
            redirect_to=lambda engagement: engagement,
            # What stands in the way is said above the form, not a generic message.
            invalid_message=None,
        )
        if response is not None:
            return response
        for message in form.non_field_errors():
            messages.error(request, message)
        return render(
            request,
            "volunteering/apply.html",
            {"project": project, "need": need, "form": form},
            status=400,
        )
    return render(
        request, "volunteering/apply.html", {"project": project, "need": need, "form": form}
    )


@login_required
def need_invite(request: HttpRequest, slug: str, pk: int, handle: str) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = need_in_project(request.user, project, pk)
    volunteer = selectors.volunteer_to_invite(handle)
    offer = offer_on_profile(
        request.user, volunteer, request.GET.get("offer") or request.POST.get("offer_id")
    )
    suggestions = reverse(
        "volunteering:need_suggestions", kwargs={"slug": project.slug, "pk": need.pk}
    )
    return form_page(
        request,
        MessageForm,
        template="volunteering/invite.html",
        form_kwargs={"message_label": _("Your message to the volunteer")},
        context={"project": project, "need": need, "volunteer": volunteer, "offer": offer},
        action=lambda form: actions.invite_volunteer(
            manager=request.user,
            need=need,
            volunteer=volunteer,
            message=form.cleaned_data["message"],
            offer=offer,
        ),
        success=_("%(name)s is invited. You will be told of the answer.")
        % {"name": volunteer.display_name},
        redirect_to=suggestions,
        invalid_message=None,
        refused_to=suggestions,
    )


def engagement_context(user: User, engagement: Engagement) -> dict[str, Any]:
    """Who ``user`` is on ``engagement`` and what they may do with it."""
    is_volunteer = engagement.volunteer_id == user.pk
    can_manage = permissions.can_manage_project(user, engagement.project)
    answering = (engagement.origin == Origin.APPLICATION and can_manage and not is_volunteer) or (
        engagement.origin == Origin.INVITATION and is_volunteer
    )
    proposing = (engagement.origin == Origin.APPLICATION and is_volunteer) or (
        engagement.origin == Origin.INVITATION and can_manage
    )
    return {
        "engagement": engagement,
        "project": engagement.project,
        "need": engagement.need,
        "is_volunteer": is_volunteer,
        "can_manage": can_manage,
        "can_answer": engagement.is_proposed and answering,
        "can_withdraw": engagement.is_proposed and proposing,
        "can_complete": engagement.is_accepted and can_manage,
        "can_cancel": engagement.is_accepted and (is_volunteer or can_manage),
    }


ENGAGEMENT_ACTIONS = {
    "accept": Wording(
        _("Accept?"),
        _("The volunteer joins the project on this need."),
        _("Accept"),
        danger=False,
    ),
    "decline": Wording(
        _("Decline?"),
        _("The other side will be told. This cannot be undone."),
        _("Decline"),
    ),
    "withdraw": Wording(
        _("Withdraw?"),
        _("It will no longer wait for an answer. This cannot be undone."),
        _("Withdraw"),
    ),
    "complete": Wording(
        _("Mark this engagement completed?"),
        _(
            "The volunteer's work on this need is done; their attestation is issued and "
            "their hours are locked. Confirm their hours first."
        ),
        _("Mark completed"),
        danger=False,
    ),
    "cancel": Wording(
        _("Cancel this engagement?"),
        _("The volunteer leaves this need and the place is freed. This cannot be undone."),
        _("Cancel the engagement"),
    ),
}


@login_required
def engagement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    engagement = selectors.engagement_for(request.user, pk)
    if action not in ENGAGEMENT_ACTIONS:
        raise Http404
    with_reason = action in ("decline", "cancel")
    form = ReasonForm(request.POST or None) if with_reason else None
    if request.method == "POST":
        reason = form.cleaned_data["reason"] if form is not None and form.is_valid() else ""
        try:
            if action == "accept":
                actions.accept_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Accepted. Welcome to the team!"))
            elif action == "decline":
                actions.decline_engagement(actor=request.user, engagement=engagement, reason=reason)
                messages.success(request, _("Declined."))
            elif action == "withdraw":
                actions.withdraw_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Withdrawn."))
            elif action == "complete":
                actions.complete_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Completed. The attestation is ready."))
            else:
                actions.cancel_engagement(actor=request.user, engagement=engagement, reason=reason)
                messages.success(request, _("The engagement is cancelled."))
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect(next_url(request, engagement.get_absolute_url()))
    return confirm(
        request,
        ENGAGEMENT_ACTIONS[action],
        form=form,
        cancel=engagement.get_absolute_url(),
        subject=_("%(volunteer)s on “%(need)s”")
        % {"volunteer": engagement.volunteer.display_name, "need": engagement.need.title},
    )


@login_required
def project_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return render(
        request,
        "volunteering/dashboard.html",
        {"project": project, "board": selectors.dashboard(project)},
    )
