"""Member-facing pages: profiles, follows, the directory, editing one's own
profile; and the sign-up approval and invitation pages of network admins.
(The other network-admin pages are in ``views_manage``.)"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.activity.visibility import is_active_member
from community.core.pages import form_page
from community.core.permissions import network_admin_required
from community.core.redirects import is_safe_redirect, next_url
from community.members import actions, selectors
from community.members.directory import DirectoryForm
from community.members.forms import PrivacyForm, ProfileForm, SkillsForm
from community.members.invitations import remember_invitation
from community.members.languages import site_languages
from community.members.models import (
    AnsweredBy,
    Invitation,
    MemberStatus,
    ProfileQuestion,
    User,
)


def _viewer(request: HttpRequest) -> selectors.Viewer:
    return selectors.viewer_for(request.user, network=request.network)


def profile(request: HttpRequest, handle: str) -> HttpResponse:
    """A member's profile, showing only the fields the viewer may see. Visitors
    (on a public network) see profiles their owners opened to everyone."""
    page = selectors.profile_page(_viewer(request), handle)
    if page is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(request, "members/profile.html", {"page": page, "card": page.card})


def _follow_response(request: HttpRequest, member: User) -> HttpResponse:
    if request.htmx:
        page = selectors.profile_page(_viewer(request), member.handle)
        if page is None:
            raise Http404
        return render(request, "members/_follow_box.html", {"page": page, "card": page.card})
    return redirect(member)


def _followable(request: HttpRequest, handle: str) -> User:
    if not is_active_member(request.user):
        raise Http404
    return get_object_or_404(User, handle=handle, status=MemberStatus.ACTIVE)


@require_POST
@login_required
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    member = _followable(request, handle)
    try:
        actions.follow_member(follower=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not request.htmx:
            messages.success(request, _("You now follow %(name)s.") % {"name": member.display_name})
    return _follow_response(request, member)


@require_POST
@login_required
def unfollow(request: HttpRequest, handle: str) -> HttpResponse:
    member = _followable(request, handle)
    actions.unfollow_member(follower=request.user, member=member)
    if not request.htmx:
        messages.success(
            request, _("You no longer follow %(name)s.") % {"name": member.display_name}
        )
    return _follow_response(request, member)


@login_required
def follow_list(request: HttpRequest, handle: str, direction: str) -> HttpResponse:
    viewer = _viewer(request)
    page_data = selectors.profile_page(viewer, handle)
    if page_data is None:
        raise Http404
    members = selectors.follow_list(viewer, page_data.card.member, direction=direction)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/follow_list.html",
        {"page": page, "card": page_data.card, "direction": direction, "counts": page_data},
    )


# --- Directory ---------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    """Search, filters, sort and pages; htmx swaps only the results."""
    viewer = _viewer(request)
    filter_questions, card_questions = selectors.directory_questions(viewer)
    skills = selectors.taxonomy_skills()
    form = DirectoryForm(request.GET, viewer=viewer, questions=filter_questions, skills=skills)
    query = form.directory_query()
    members = selectors.directory_members(viewer, query)
    page = Paginator(members, selectors.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cards": selectors.directory_cards(viewer, page.object_list, card_questions),
        "query": form.query_string(),
        "directory_query": query,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "members/_directory_results.html" if partial else "members/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Editing one's own profile --------------------------------------------------


def _member_questions() -> list[ProfileQuestion]:
    return list(
        ProfileQuestion.objects.filter(answered_by=AnsweredBy.MEMBER)
        .prefetch_related("choices")
        .order_by("position", "id")
    )


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    member = User.objects.prefetch_related("spoken_languages").get(pk=request.user.pk)
    questions = _member_questions()
    answers = selectors.admin_answers(member, questions)

    def save(form: ProfileForm) -> None:  # both or neither: form_page runs it in a transaction
        actions.set_profile_answers(
            member=member, editor=request.user, values=form.question_values()
        )
        actions.update_profile(member=member, editor=request.user, **form.profile_changes())

    return form_page(
        request,
        ProfileForm,
        template="members/edit_profile.html",
        form_kwargs={"member": member, "questions": questions, "answers": answers},
        action=save,
        success=_("Your profile was saved."),
        redirect_to=member,
    )


@login_required
def edit_skills(request: HttpRequest) -> HttpResponse:
    member = request.user
    skills = selectors.taxonomy_skills()
    current = dict(member.member_skills.values_list("skill_id", "level"))
    return form_page(
        request,
        SkillsForm,
        template="members/edit_skills.html",
        form_kwargs={"skills": skills, "current": current},
        action=lambda form: actions.set_member_skills(
            member=member, editor=member, levels=form.levels()
        ),
        success=_("Your skills were saved."),
        redirect_to=member,
    )


@login_required
def edit_privacy(request: HttpRequest) -> HttpResponse:
    member = request.user
    viewer = _viewer(request)
    return form_page(
        request,
        PrivacyForm,
        template="members/edit_privacy.html",
        form_kwargs={"member": member, "policy": viewer.policy},
        action=lambda form: actions.update_privacy(
            member=member, editor=member, choices=form.cleaned_data
        ),
        success=_("Your privacy choices were saved."),
        redirect_to="members:edit_privacy",
    )


@network_admin_required
def pending_members(request: HttpRequest) -> HttpResponse:
    pending = User.objects.filter(status=MemberStatus.PENDING).order_by("date_joined")
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    return render(request, "members/pending.html", {"page": page})


@require_POST
@network_admin_required
def decide_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk, status=MemberStatus.PENDING)
    if request.POST.get("decision") == "approve":
        actions.approve_member(admin=request.user, member=member)
        messages.success(request, _("%(name)s can now sign in.") % {"name": member.display_name})
    elif request.POST.get("decision") == "decline":
        actions.decline_member(admin=request.user, member=member)
        messages.success(
            request, _("The sign-up of %(name)s was declined.") % {"name": member.display_name}
        )
    else:
        messages.error(request, _("Choose approve or decline."))
    return redirect("members:pending")


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address (optional)"),
        required=False,
        help_text=gettext_lazy("Leave empty for a link anyone you give it to may use once."),
    )


@network_admin_required
def invitations(request: HttpRequest) -> HttpResponse:
    # A form with errors is shown again as it is: 200, no message above it.
    return form_page(
        request,
        InvitationForm,
        template="members/invitations.html",
        context=lambda form: {
            "page": Paginator(
                Invitation.objects.select_related("invited_by", "used_by"), 50
            ).get_page(request.GET.get("page"))
        },
        action=lambda form: actions.create_invitation(
            inviter=request.user, email=form.cleaned_data["email"]
        ),
        success=lambda invitation: (
            _("Invitation created. Share this link: %(link)s")
            % {"link": request.build_absolute_uri(invitation.get_absolute_url())}
        ),
        redirect_to="members:invitations",
        invalid_message=None,
        error_status=200,
    )


@require_POST
@network_admin_required
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    actions.revoke_invitation(admin=request.user, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("members:invitations")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: remember it, then on to sign-up."""
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "members/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already a member of this network."))
        return redirect("home")
    remember_invitation(request, invitation)
    return redirect("account_signup")


def set_language(request: HttpRequest) -> HttpResponse:
    """The language selector (header for visitors, account menu for members):
    Django's ``set_language`` with the one redirect rule (``core.redirects``).
    A POST sets the language cookie and, for a signed-in member, stores the
    choice on their profile (``set_member_language``), which later pages and
    e-mails use; then back to ``next``, else to the page it came from, else the
    landing page. A language that is not offered: 400, nothing stored."""
    if request.method != "POST":
        referer = request.META.get("HTTP_REFERER", "")
        return redirect(next_url(request, referer if is_safe_redirect(request, referer) else "/"))
    language = request.POST.get("language", "")
    if language not in site_languages():
        reason = _("“%(language)s” is not one of the languages offered.") % {
            "language": language[:20]
        }
        return render(request, "400.html", {"reason": reason}, status=400)
    if request.user.is_authenticated:
        actions.set_member_language(member=request.user, language=language)
    referer = request.META.get("HTTP_REFERER", "")
    response = redirect(next_url(request, referer if is_safe_redirect(request, referer) else "/"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
