"""Hours pages: an engagement's page (its logbook: hours logged, confirmed or
queried), logging, correcting, deleting, confirming and querying hours, a
project manager's corrections after completion, the attestation and the
verification address of each of its versions, and "My engagements" with the
volunteer record's visibility."""

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
from community.volunteering.hours.forms import (
    CorrectionForm,
    HoursForm,
    QueryForm,
    RecordVisibilityForm,
)
from community.volunteering.models import Engagement, HoursCorrection
from community.volunteering.projects.selectors import managed_projects


def _engagement_page(request: HttpRequest, engagement: Engagement, **extra: Any) -> dict[str, Any]:
    context = engagement_context(request.user, engagement)
    can_correct = engagement.is_completed and context["can_manage"] and not context["is_volunteer"]
    return {
        **context,
        "can_log": context["is_volunteer"] and engagement.status in actions.HOURS_OPEN_STATUSES,
        "hours_locked": context["is_volunteer"] and engagement.is_completed,
        "can_correct": can_correct,
        "entries": selectors.engagement_hours(engagement),
        "hours_form": HoursForm(initial={"date": timezone.localdate().isoformat()}),
        "correction_form": CorrectionForm(initial={"date": engagement.ends_on})
        if can_correct
        else None,
        "corrections": selectors.engagement_corrections(engagement),
        "attestations": selectors.engagement_attestations(engagement)
        if engagement.is_completed
        else [],
        **extra,
    }


def _check_correct(request: HttpRequest, engagement: Engagement) -> None:
    """Only the project's managers correct hours (403 for the volunteer and others)."""
    permissions.check_manage_project(request.user, engagement.project)


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


CORRECTED = _("Hours corrected. The correction and its reason are recorded.")


def _corrected(correction: HoursCorrection) -> str:
    if correction.attestation is None:
        return CORRECTED
    return _(
        "Hours corrected. The correction and its reason are recorded; the attestation "
        "is re-issued as version %(version)s."
    ) % {"version": correction.attestation.version}


@require_POST
@login_required
def hours_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """A project manager adds hours to a completed engagement (its page's form)."""
    engagement = engagement_selectors.engagement_for(request.user, pk)
    _check_correct(request, engagement)
    return form_page(
        request,
        CorrectionForm,
        template="volunteering/engagement.html",
        form_name="correction_form",
        context=lambda form: _engagement_page(request, engagement, correction_form=form),
        action=lambda form: actions.correct_hours(
            actor=request.user, engagement=engagement, **form.action_fields()
        ),
        success=_corrected,
        redirect_to=engagement,
    )


@login_required
def hours_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A project manager changes an entry of a completed engagement."""
    entry = selectors.hours_entry_for(request.user, pk)
    engagement = entry.engagement
    _check_correct(request, engagement)
    return form_page(
        request,
        CorrectionForm,
        template="volunteering/hours_correct.html",
        initial={
            "date": entry.date.isoformat(),
            "hours": entry.hours.normalize(),
            "note": entry.note,
        },
        context={"entry": entry},
        action=lambda form: actions.correct_hours(
            actor=request.user, engagement=engagement, entry=entry, **form.action_fields()
        ),
        success=_corrected,
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
    """The current version of a completed engagement's attestation."""
    return render(
        request, "volunteering/attestation.html", {"page": selectors.attestation(request.user, pk)}
    )


def attestation_verify(request: HttpRequest, code: str) -> HttpResponse:
    """An issued version at its verification address (printed on it): what it
    certified then, and whether a later version supersedes it."""
    return render(
        request,
        "volunteering/attestation.html",
        {"page": selectors.attestation_by_code(code), "verifying": True},
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
