"""The project form (its rules and messages: ``projects/actions.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.core.images import SafeImageField
from community.groups.models import Group
from community.volunteering.cleaning import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from community.volunteering.forms import ActionFieldsMixin, DateInput
from community.volunteering.models import Cause, WorkMode
from community.volunteering.projects.actions import COVER_RULES


class ProjectForm(ActionFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    group = forms.ChoiceField(
        label=_("Run by"),
        help_text=_("A group's projects are managed by its admins and follow its privacy."),
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", _("Choose…")), *Cause.choices])
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What the project is about and what volunteers will do. Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    work_mode = forms.ChoiceField(
        label=_("Where"),
        choices=WorkMode.choices,
        widget=forms.RadioSelect,
        initial=WorkMode.ON_SITE,
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    cover = SafeImageField(
        label=_("Cover image"),
        required=False,
        rules=COVER_RULES,
        help_text=_("A wide image shown at the top of the project, up to 5 MB."),
    )

    ACTION_FIELDS = (
        "title",
        "cause",
        "description",
        "work_mode",
        "city",
        "postcode",
        "starts_on",
        "ends_on",
    )

    def __init__(
        self,
        *args: Any,
        groups: Sequence[Group] = (),
        network_choice: bool = False,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["group"]
            return
        choices = [("", _("The whole network"))] if network_choice else []
        choices += [(group.slug, group.name) for group in groups]
        self.fields["group"].choices = choices
        self.fields["group"].required = not network_choice
        self.groups = {group.slug: group for group in groups}

    def clean_group(self) -> Group | None:
        slug = self.cleaned_data.get("group") or ""
        return self.groups.get(slug) if slug else None

    def image_changes(self) -> dict[str, Any]:
        """``None`` keeps the cover, ``False`` removes it, a file replaces it."""
        return {"cover": self.cleaned_data["cover"] if "cover" in self.changed_data else None}
