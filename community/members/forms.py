from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from community.core.images import SafeImageField
from community.core.network import get_network
from community.members.actions import AVATAR_RULES
from community.members.languages import SPOKEN_LANGUAGES, other_site_languages, site_languages
from community.members.models import (
    CHOICE_KINDS,
    AnsweredBy,
    FieldVisibility,
    MemberStatus,
    NamedInLanguages,
    ProfileAnswer,
    ProfileQuestion,
    QuestionKind,
    Skill,
    SkillCategory,
    SkillLevel,
)
from community.members.privacy import PRIVATE_FIELDS, PrivacyPolicy
from community.members.questions import answer_field, initial_value

# Short labels for the member's privacy choices.
LEVEL_LABELS = {
    "everyone": _("Everyone (visitors too, on a public network)"),
    "members": _("Members"),
    "admins": _("Network admins only"),
}


class QuestionFieldsMixin:
    """Adds one field per profile question (``question_<id>``)."""

    questions: list[ProfileQuestion]

    def add_question_fields(
        self,
        questions: Sequence[ProfileQuestion],
        answers: dict[int, ProfileAnswer] | None = None,
        *,
        enforce_required: bool = True,
        explain_visibility: bool = False,
    ) -> None:
        self.questions = list(questions)
        for question in self.questions:
            field = answer_field(question, required=question.required and enforce_required)
            if explain_visibility:
                who = _("Who sees your answer: %(who)s.") % {
                    "who": LEVEL_LABELS[question.visibility]
                }
                field.help_text = f"{field.help_text} {who}".strip()
            if answers is not None:
                field.initial = initial_value(question, answers.get(question.pk))
            self.fields[question.field_name] = field

    def question_values(self) -> dict[ProfileQuestion, Any]:
        return {q: self.cleaned_data.get(q.field_name) for q in self.questions}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[q.field_name] for q in self.questions]


class SignupForm(QuestionFieldsMixin, AllauthSignupForm):
    """allauth's sign-up plus a display name, the profile questions asked at
    sign-up and, when the network has terms, their acceptance (recorded with a
    timestamp by ``register_member``)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How other members will see you. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of use and the privacy policy."),
        required=True,
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not get_network().has_terms:
            del self.fields["accept_terms"]
        self.add_question_fields(
            ProfileQuestion.objects.filter(ask_at_signup=True, answered_by=AnsweredBy.MEMBER)
            .prefetch_related("choices")
            .order_by("position", "id"),
            explain_visibility=True,
        )
        self.order_fields(
            ["display_name", "email", "password1", "password2"]
            + [q.field_name for q in self.questions]
            + ["accept_terms"]
        )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_commas(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class ProfileForm(QuestionFieldsMixin, forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=80)
    avatar = SafeImageField(
        label=_("Profile picture"),
        required=False,
        rules=AVATAR_RULES,
        help_text=_("PNG, JPEG, GIF or WebP, up to 5 MB. It is cropped to a square."),
    )
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few words about you. Markdown is allowed (links, **bold**, lists)."),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=12)
    country = forms.CharField(label=_("Country"), required=False, max_length=60)
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        required=False,
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    links = forms.CharField(
        label=_("Website and social links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line, up to 5."),
    )
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, for example: gardening, jazz, cycling."),
    )

    def __init__(self, *args, member, questions, answers, **kwargs) -> None:
        initial = {
            "display_name": member.display_name,
            "bio": member.bio,
            "city": member.city,
            "postcode": member.postcode,
            "country": member.country,
            "languages": [row.code for row in member.spoken_languages.all()],
            "links": "\n".join(member.links or []),
            "interests": ", ".join(member.interests or []),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["avatar"].initial = member.avatar or None
        self.add_question_fields(questions, answers, explain_visibility=True)

    def profile_changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "display_name": data["display_name"],
            "bio": data["bio"],
            "city": data["city"],
            "postcode": data["postcode"],
            "country": data["country"],
            "languages": data["languages"],
            "links": split_lines(data["links"]),
            "interests": split_commas(data["interests"]),
            "avatar": _avatar_change(data["avatar"]),
        }


def _avatar_change(value: Any) -> ContentFile | Literal[False] | None:
    """A new clean image, False to remove the current one, or None (unchanged)."""
    if value is False or isinstance(value, ContentFile):
        return value
    return None


class SkillsForm(forms.Form):
    """One select per skill of the taxonomy: not listed, or a level."""

    LEVEL_CHOICES = [("", _("—")), *SkillLevel.choices]

    def __init__(self, *args, skills: Sequence[Skill], current: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = forms.ChoiceField(
                label=skill.label,
                required=False,
                choices=self.LEVEL_CHOICES,
                initial=current.get(skill.pk, ""),
            )

    def grouped(self) -> list[tuple[SkillCategory, list[forms.BoundField]]]:
        groups: dict[int, tuple[SkillCategory, list[forms.BoundField]]] = {}
        for skill in self.skills:
            groups.setdefault(skill.category_id, (skill.category, []))[1].append(
                self[f"skill_{skill.pk}"]
            )
        return list(groups.values())

    def levels(self) -> dict[Skill, str]:
        return {
            skill: self.cleaned_data[f"skill_{skill.pk}"]
            for skill in self.skills
            if self.cleaned_data.get(f"skill_{skill.pk}")
        }


class PrivacyForm(forms.Form):
    """Who sees each built-in field, within what the network admins allow."""

    def __init__(self, *args, member, policy: PrivacyPolicy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for private_field in PRIVATE_FIELDS:
            allowed = policy.allowed_levels(private_field.key)
            self.fields[private_field.key] = forms.ChoiceField(
                label=private_field.label,
                help_text=private_field.help_text,
                choices=[(level, LEVEL_LABELS[level]) for level in allowed],
                initial=policy.effective(member, private_field.key),
                widget=forms.RadioSelect,
            )


class FieldPolicyForm(forms.Form):
    """Network admins: the widest visibility members may choose, per field."""

    def __init__(self, *args, policy: PrivacyPolicy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for private_field in PRIVATE_FIELDS:
            self.fields[private_field.key] = forms.ChoiceField(
                label=private_field.label,
                help_text=private_field.help_text,
                choices=[(level, LEVEL_LABELS[level]) for level in private_field.levels],
                initial=policy.widest_for(private_field.key),
                widget=forms.RadioSelect,
            )


class ProfileQuestionForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=120)
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        max_length=240,
        help_text=_("Optional: shown under the question."),
    )
    kind = forms.ChoiceField(label=_("Type of answer"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For single and multiple choice questions: one choice per line. Removing a "
            "choice removes it from the answers that used it."
        ),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    ask_at_signup = forms.BooleanField(label=_("Ask at sign-up"), required=False)
    show_on_profile = forms.BooleanField(
        label=_("Show the answers on profile pages"), required=False, initial=True
    )
    filterable = forms.BooleanField(
        label=_("Offer as a filter in the member directory"),
        required=False,
        help_text=_(
            "Single choice, multiple choice and yes/no questions only. The filter is "
            "offered only to people who may see the answers."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees the answers"),
        choices=FieldVisibility.choices,
        initial=FieldVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    answered_by = forms.ChoiceField(
        label=_("Who answers"),
        choices=AnsweredBy.choices,
        initial=AnsweredBy.MEMBER,
        widget=forms.RadioSelect,
    )

    @classmethod
    def initial_for(cls, question: ProfileQuestion) -> dict[str, Any]:
        return {
            "label": question.label,
            "help_text": question.help_text,
            "kind": question.kind,
            "choices": "\n".join(choice.label for choice in question.choices.all()),
            "required": question.required,
            "ask_at_signup": question.ask_at_signup,
            "show_on_profile": question.show_on_profile,
            "filterable": question.filterable,
            "visibility": question.visibility,
            "answered_by": question.answered_by,
        }

    def settings(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["choices"] = split_lines(data["choices"]) if data["kind"] in CHOICE_KINDS else []
        return data


class NamesForm(forms.Form):
    """A name per site language: ``name`` in ``settings.LANGUAGE_CODE``
    (required), ``name_<code>`` in each of the others (optional: where it is
    empty, pages show ``name``). ``name_label`` has a ``%(language)s``."""

    name_label = _("Name (%(language)s)")
    name = forms.CharField(max_length=80)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        default = settings.LANGUAGE_CODE
        self.fields["name"].label = self.name_label % {
            "language": site_languages().get(default, default)
        }
        for code, language in other_site_languages().items():
            self.fields[f"name_{code}"] = forms.CharField(
                label=self.name_label % {"language": language},
                max_length=80,
                required=False,
                help_text=_("Optional: when empty, the name in the default language is shown."),
            )
        self.order_fields(self._name_field_names())

    @staticmethod
    def _name_field_names() -> list[str]:
        return ["name", *(f"name_{code}" for code in other_site_languages())]

    @property
    def name_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._name_field_names()]

    def names(self) -> dict[str, str]:
        """The other languages' names for the action (language code → name)."""
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in other_site_languages()}

    @classmethod
    def initial_names(cls, entry: NamedInLanguages) -> dict[str, str]:
        return {
            "name": entry.name,
            **{f"name_{code}": entry.names.get(code, "") for code in other_site_languages()},
        }


class SkillCategoryForm(NamesForm):
    name_label = _("Category name (%(language)s)")


class SkillForm(NamesForm):
    name_label = _("Skill name (%(language)s)")
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=SkillCategory.objects.all(), empty_label=None
    )


class SkillDeleteForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label=_("Give the members who listed it this skill instead (optional)"),
        queryset=Skill.objects.none(),
        required=False,
        empty_label=_("— none: just remove it from their profiles —"),
    )

    def __init__(self, *args, skill: Skill, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = Skill.objects.exclude(pk=skill.pk).select_related(
            "category"
        )


class AdminAnswersForm(QuestionFieldsMixin, forms.Form):
    """Network admins edit a member's admin-only answers."""

    def __init__(self, *args, questions, answers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Admins fill in what they know: a required question may stay empty here.
        self.add_question_fields(questions, answers, enforce_required=False)


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or e-mail"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *MemberStatus.choices],
    )
