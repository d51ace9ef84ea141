"""Network-admin pages about members: member management and suspension,
admin-only answers, profile questions, field privacy caps, the skills taxonomy."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from community.core.numbers import shown_number
from community.core.pages import form_page
from community.core.permissions import network_admin_required
from community.members import actions, selectors
from community.members.forms import (
    AdminAnswersForm,
    FieldPolicyForm,
    MemberSearchForm,
    ProfileQuestionForm,
    SkillCategoryForm,
    SkillDeleteForm,
    SkillForm,
)
from community.members.models import (
    AnsweredBy,
    FieldVisibility,
    MemberStatus,
    ProfileQuestion,
    Skill,
    SkillCategory,
    User,
)
from community.members.privacy import load_policy


def _direction(request: HttpRequest) -> str:
    return "up" if request.POST.get("direction") == "up" else "down"


# --- Members ---------------------------------------------------------------------


@network_admin_required
def members(request: HttpRequest) -> HttpResponse:
    form = MemberSearchForm(request.GET)
    form.is_valid()
    q = (form.cleaned_data.get("q") or "").strip()
    status = form.cleaned_data.get("status") or ""
    page = Paginator(selectors.managed_members(q=q, status=status), 50).get_page(
        request.GET.get("page")
    )
    query = urlencode({key: value for key, value in (("q", q), ("status", status)) if value})
    return render(
        request, "members/manage/members.html", {"form": form, "page": page, "query": query}
    )


@network_admin_required
def suspend(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a confirmation page (works without JavaScript); POST: suspend."""
    member = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        try:
            actions.suspend_member(admin=request.user, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is suspended and signed out everywhere.")
                % {"name": member.display_name},
            )
        return redirect("members:manage_members")
    return render(request, "members/manage/suspend.html", {"member": member})


@require_POST
@network_admin_required
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk)
    try:
        actions.reactivate_member(admin=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s can sign in again.") % {"name": member.display_name})
    return redirect("members:manage_members")


@network_admin_required
def member_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a member's admin-only answers (and the questions only admins answer)."""
    member = get_object_or_404(User, pk=pk)
    questions = list(
        ProfileQuestion.objects.filter(
            Q(visibility=FieldVisibility.ADMINS) | Q(answered_by=AnsweredBy.ADMINS)
        )
        .prefetch_related("choices")
        .order_by("position", "id")
    )
    answers = selectors.admin_answers(member, questions)
    return form_page(
        request,
        AdminAnswersForm,
        template="members/manage/member_answers.html",
        form_kwargs={"questions": questions, "answers": answers},
        context={"member": member},
        action=lambda form: actions.set_profile_answers(
            member=member, editor=request.user, values=form.question_values()
        ),
        success=_("The admin-only answers of %(name)s were saved.") % {"name": member.display_name},
        redirect_to="members:manage_members",
    )


# --- Profile privacy caps -----------------------------------------------------------


@network_admin_required
def field_policy(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        FieldPolicyForm,
        template="members/manage/field_policy.html",
        form_kwargs={"policy": load_policy()},
        action=lambda form: actions.set_field_policy(admin=request.user, widest=form.cleaned_data),
        success=_("Profile privacy limits saved."),
        redirect_to="members:field_policy",
    )


# --- Profile questions ---------------------------------------------------------------


@network_admin_required
def questions(request: HttpRequest) -> HttpResponse:
    rows = ProfileQuestion.objects.annotate(answer_count=Count("answers")).order_by(
        "position", "id"
    )
    return render(request, "members/manage/questions.html", {"questions": rows})


def _question_form_page(request: HttpRequest, question: ProfileQuestion | None) -> HttpResponse:
    initial = ProfileQuestionForm.initial_for(question) if question else None

    def save(form: ProfileQuestionForm) -> ProfileQuestion:
        if question is None:
            return actions.create_profile_question(admin=request.user, **form.settings())
        return actions.update_profile_question(
            admin=request.user, question=question, **form.settings()
        )

    return form_page(
        request,
        ProfileQuestionForm,
        template="members/manage/question_form.html",
        form_kwargs={"initial": initial},
        context={"question": question},
        action=save,
        success=_("Question added.") if question is None else _("Question saved."),
        redirect_to="members:questions",
    )


@network_admin_required
def question_create(request: HttpRequest) -> HttpResponse:
    return _question_form_page(request, None)


@network_admin_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(ProfileQuestion.objects.prefetch_related("choices"), pk=pk)
    return _question_form_page(request, question)


@network_admin_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(ProfileQuestion, pk=pk)
    if request.method == "POST":
        actions.delete_profile_question(admin=request.user, question=question)
        messages.success(request, _("Question deleted with its answers."))
        return redirect("members:questions")
    return render(
        request,
        "members/manage/question_delete.html",
        {"question": question, "answer_count": question.answers.count()},
    )


@require_POST
@network_admin_required
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(ProfileQuestion, pk=pk)
    actions.move_profile_question(
        admin=request.user, question=question, direction=_direction(request)
    )
    return redirect("members:questions")


# --- Skills taxonomy --------------------------------------------------------------------


@network_admin_required
def taxonomy(request: HttpRequest) -> HttpResponse:
    categories = SkillCategory.objects.order_by("position", "name").prefetch_related(
        # Count once for all skills, not one query per skill.
        _skills_with_counts()
    )
    return render(
        request,
        "members/manage/taxonomy.html",
        {
            "categories": categories,
            "category_form": SkillCategoryForm(prefix="category"),
            "skill_form": SkillForm(prefix="skill"),
        },
    )


def _skills_with_counts() -> Prefetch:
    return Prefetch(
        "skills",
        queryset=Skill.objects.annotate(
            member_count=Count(
                "member_skills", filter=Q(member_skills__user__status=MemberStatus.ACTIVE)
            )
        ).order_by("name"),
    )


def _taxonomy_error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _add_refused(
    request: HttpRequest, form: forms.Form, errors: ValidationError | None = None
) -> None:
    """Why an add form of the taxonomy page (the form's or the action's
    errors) was refused: each reason after its field's label."""
    if errors is None:
        by_field = form.errors
    else:
        by_field = errors.message_dict if hasattr(errors, "error_dict") else {"": errors.messages}
    reasons = [
        f"{form.fields[field].label}: {reason}" if field in form.fields else reason
        for field, field_errors in by_field.items()
        for reason in field_errors
    ]
    messages.error(request, " ".join([*reasons, _("Nothing was saved.")]))


@require_POST
@network_admin_required
def category_create(request: HttpRequest) -> HttpResponse:
    form = SkillCategoryForm(request.POST, prefix="category")
    if form.is_valid():
        try:
            category = actions.create_skill_category(
                admin=request.user, name=form.cleaned_data["name"], names=form.names()
            )
        except ValidationError as error:
            _add_refused(request, form, error)
        else:
            messages.success(request, _("Category “%(name)s” added.") % {"name": category.label})
    else:
        _add_refused(request, form)
    return redirect("members:taxonomy")


@network_admin_required
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(SkillCategory, pk=pk)
    return form_page(
        request,
        SkillCategoryForm,
        template="members/manage/category_form.html",
        form_kwargs={"initial": SkillCategoryForm.initial_names(category)},
        context={"category": category},
        action=lambda form: actions.rename_skill_category(
            admin=request.user,
            category=category,
            name=form.cleaned_data["name"],
            names=form.names(),
        ),
        success=_("Category renamed."),
        redirect_to="members:taxonomy",
    )


@require_POST
@network_admin_required
def category_move(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(SkillCategory, pk=pk)
    actions.move_skill_category(
        admin=request.user, category=category, direction=_direction(request)
    )
    return redirect("members:taxonomy")


@network_admin_required
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(SkillCategory, pk=pk)
    if request.method == "POST":
        try:
            actions.delete_skill_category(admin=request.user, category=category)
        except ValidationError as error:
            _taxonomy_error(request, error)
        else:
            messages.success(request, _("Category deleted."))
        return redirect("members:taxonomy")
    return render(
        request,
        "members/manage/category_delete.html",
        {"category": category, "skills": list(category.skills.order_by("name"))},
    )


@require_POST
@network_admin_required
def skill_create(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST, prefix="skill")
    if form.is_valid():
        try:
            skill = actions.create_skill(
                admin=request.user,
                name=form.cleaned_data["name"],
                names=form.names(),
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            _add_refused(request, form, error)
        else:
            messages.success(request, _("Skill “%(name)s” added.") % {"name": skill.label})
    else:
        _add_refused(request, form)
    return redirect("members:taxonomy")


@network_admin_required
def skill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill, pk=pk)
    return form_page(
        request,
        SkillForm,
        template="members/manage/skill_form.html",
        form_kwargs={"initial": {**SkillForm.initial_names(skill), "category": skill.category_id}},
        context={"skill": skill},
        action=lambda form: actions.update_skill(
            admin=request.user,
            skill=skill,
            name=form.cleaned_data["name"],
            names=form.names(),
            category=form.cleaned_data["category"],
        ),
        success=_("Skill saved."),
        redirect_to="members:taxonomy",
    )


@network_admin_required
def skill_delete(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill.objects.select_related("category"), pk=pk)
    return form_page(
        request,
        SkillDeleteForm,
        template="members/manage/skill_delete.html",
        form_kwargs={"skill": skill},
        context={"skill": skill, "member_count": skill.member_skills.count()},
        action=lambda form: actions.delete_skill(
            admin=request.user, skill=skill, replacement=form.cleaned_data["replacement"]
        ),
        success=lambda count: (
            ngettext(
                "Skill deleted (it was on %(count)s profile).",
                "Skill deleted (it was on %(count)s profiles).",
                count,
            )
            % {"count": shown_number(count)}
        ),
        redirect_to="members:taxonomy",
        refused_to="members:taxonomy",
        # A choice that does not validate shows the page again as it is.
        invalid_message=None,
        error_status=200,
    )
