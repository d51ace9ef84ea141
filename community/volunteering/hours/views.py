"""Hours pages: an engagement's page (its logbook: hours logged, confirmed or
queried), logging, correcting, deleting, confirming and querying hours, the
attestation, and "My engagements" with the volunteer record's visibility."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.forms import add_action_errors
from community.core.redirects import next_url
from community.volunteering import permissions
from community.volunteering.engagements import selectors as engagement_selectors
from community.volunteering.engagements.views import engagement_context
from community.volunteering.hours import actions, selectors
from community.volunteering.hours.forms import HoursForm, QueryForm, RecordVisibilityForm
from community.volunteering.models import Engagement
from community.volunteering.pages import Wording, confirm, errors_to_messages, invalid
from community.volunteering.projects.selectors import managed_projects


def _engagement_page(request: HttpRequest, engagement: Engagement, **extra: Any) -> dict[str, Any]:
    context = engagement_context(request.user, engagement)
    return {
        **context,
        "can_log": context["is_volunteer"] and engagement.status in actions.HOURS_OPEN_STATUSES,
        "entries": selectors.engagement_hours(engagement),
        "hours_form": HoursForm(initial={"date": timezone.localdate().isoformat()}),
        **extra,
    }


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_selectors.engagement_for(request.user, pk)
    return render(request, "volunteering/engagement.html", _engagement_page(request, engagement))


@require_POST
@login_required
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_selectors.engagement_for(request.user, pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            actions.log_hours(volunteer=request.user, engagement=engagement, **form.action_fields())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Hours logged. The project's managers will confirm them."))
            return redirect(engagement)
    invalid(request)
    return render(
        request,
        "volunteering/engagement.html",
        _engagement_page(request, engagement, hours_form=form),
        status=400,
    )


@require_POST
@login_required
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    try:
        actions.confirm_hours(actor=request.user, entry=entry)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Hours confirmed."))
    return redirect(next_url(request, entry.engagement.get_absolute_url()))


@login_required
def hours_query(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if not permissions.can_review_hours(request.user, entry):
        raise Http404
    form = QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.query_hours(
                actor=request.user, entry=entry, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your question was sent to the volunteer."))
            return redirect(entry.engagement)
    return render(
        request,
        "volunteering/hours_query.html",
        {"entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def hours_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        form = HoursForm(request.POST)
        if form.is_valid():
            try:
                actions.update_hours(volunteer=request.user, entry=entry, **form.action_fields())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Hours corrected."))
                return redirect(entry.engagement)
        invalid(request)
        status = 400
    else:
        form = HoursForm(
            initial={
                "date": entry.date.isoformat(),
                "hours": entry.hours.normalize(),
                "note": entry.note,
            }
        )
        status = 200
    return render(
        request, "volunteering/hours_edit.html", {"entry": entry, "form": form}, status=status
    )


@login_required
def hours_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        try:
            actions.delete_hours(volunteer=request.user, entry=entry)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Hours deleted."))
        return redirect(entry.engagement)
    return confirm(
        request,
        Wording(
            _("Delete these hours?"),
            _("%(hours)s h on %(date)s will be removed.")
            % {"hours": entry.hours.normalize(), "date": entry.date},
            _("Delete"),
        ),
        cancel=entry.engagement.get_absolute_url(),
    )


@login_required
def attestation(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "volunteering/attestation.html",
        {"attestation": selectors.attestation(request.user, pk), "today": timezone.localdate()},
    )


@login_required
def my_engagements(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RecordVisibilityForm(request.POST)
        if form.is_valid():
            actions.set_record_visibility(
                member=request.user, visibility=form.cleaned_data["record_visibility"]
            )
            messages.success(request, _("Saved: your volunteer record's visibility."))
            return redirect("volunteering:my_engagements")
        invalid(request)
    else:
        form = RecordVisibilityForm(
            initial={"record_visibility": selectors.record_visibility(request.user)}
        )
    return render(
        request,
        "volunteering/my_engagements.html",
        {
            "mine": engagement_selectors.my_engagements(request.user),
            "managed": managed_projects(request.user),
            "record": selectors.volunteer_record(request.user, request.user),
            "record_form": form,
        },
    )
