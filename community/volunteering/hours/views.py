"""Hours pages: an engagement's page (its logbook: hours logged, confirmed or
queried), logging, correcting, deleting, confirming and querying hours, the
attestation, and "My engagements" with the volunteer record's visibility."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.numbers import shown_number
from community.core.pages import Wording, confirm, form_page, run_action
from community.core.redirects import next_url
from community.volunteering import permissions
from community.volunteering.engagements import selectors as engagement_selectors
from community.volunteering.engagements.views import engagement_context
from community.volunteering.hours import actions, selectors
from community.volunteering.hours.forms import HoursForm, QueryForm, RecordVisibilityForm
from community.volunteering.models import Engagement
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
    return form_page(
        request,
        HoursForm,
        template="volunteering/engagement.html",
        form_name="hours_form",
        context=lambda form: _engagement_page(request, engagement, hours_form=form),
        action=lambda form: actions.log_hours(
            volunteer=request.user, engagement=engagement, **form.action_fields()
        ),
        success=_("Hours logged. The project's managers will confirm them."),
        redirect_to=engagement,
    )


@require_POST
@login_required
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    run_action(
        request,
        lambda: actions.confirm_hours(actor=request.user, entry=entry),
        _("Hours confirmed."),
    )
    return redirect(next_url(request, entry.engagement.get_absolute_url()))


@login_required
def hours_query(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if not permissions.can_review_hours(request.user, entry):
        raise Http404
    return form_page(
        request,
        QueryForm,
        template="volunteering/hours_query.html",
        context={"entry": entry},
        action=lambda form: actions.query_hours(
            actor=request.user, entry=entry, question=form.cleaned_data["question"]
        ),
        success=_("Your question was sent to the volunteer."),
        redirect_to=entry.engagement,
        invalid_message=None,
    )


@login_required
def hours_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    return form_page(
        request,
        HoursForm,
        template="volunteering/hours_edit.html",
        initial={
            "date": entry.date.isoformat(),
            "hours": entry.hours.normalize(),
            "note": entry.note,
        },
        context={"entry": entry},
        action=lambda form: actions.update_hours(
            volunteer=request.user, entry=entry, **form.action_fields()
        ),
        success=_("Hours corrected."),
        redirect_to=entry.engagement,
    )


@login_required
def hours_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_entry_for(request.user, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        run_action(
            request,
            lambda: actions.delete_hours(volunteer=request.user, entry=entry),
            _("Hours deleted."),
        )
        return redirect(entry.engagement)
    return confirm(
        request,
        Wording(
            _("Delete these hours?"),
            _("%(hours)s h on %(date)s will be removed.")
            % {"hours": shown_number(entry.hours), "date": date_format(entry.date)},
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
    # The form sits in a page of other things: errors are shown with a 200.
    return form_page(
        request,
        RecordVisibilityForm,
        template="volunteering/my_engagements.html",
        form_name="record_form",
        initial={"record_visibility": selectors.record_visibility(request.user)},
        context=lambda form: {
            "mine": engagement_selectors.my_engagements(request.user),
            "managed": managed_projects(request.user),
            "record": selectors.volunteer_record(request.user, request.user),
        },
        action=lambda form: actions.set_record_visibility(
            member=request.user, visibility=form.cleaned_data["record_visibility"]
        ),
        success=_("Saved: your volunteer record's visibility."),
        redirect_to="volunteering:my_engagements",
        error_status=200,
    )
