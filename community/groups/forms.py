from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.core.images import SafeImageField
from community.groups.actions import (
    AVATAR_RULES,
    COVER_RULES,
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
)
from community.groups.models import PRIVACY_HELP, Privacy, Role
from community.members.models import MemberStatus, User


class PrivacyField(forms.ChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Privacy.choices, label=_("Privacy"), **kwargs)

    @staticmethod
    def options() -> list[tuple[str, str, str]]:
        return [(value, label, PRIVACY_HELP[Privacy(value)]) for value, label in Privacy.choices]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    slug = forms.CharField(
        label=_("Address"),
        max_length=SLUG_MAX_LENGTH,
        required=False,
        help_text=_(
            "The end of the group's web address. Leave empty to make one from the name. "
            "It cannot be changed later."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What the group is for and who it is for. Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    privacy = PrivacyField(initial=Privacy.OPEN)
    avatar = SafeImageField(
        label=_("Picture"),
        required=False,
        rules=AVATAR_RULES,
        help_text=_("A square picture, PNG, JPEG, GIF or WebP, up to 2 MB."),
    )
    cover = SafeImageField(
        label=_("Cover image"),
        required=False,
        rules=COVER_RULES,
        help_text=_("A wide image shown at the top of the group, up to 5 MB."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Give the group a name."))
        return name


class GroupEditForm(GroupForm):
    """Same fields but the address, which stays stable once links are shared."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["slug"]

    def image_changes(self) -> dict[str, Any]:
        """``None`` keeps the current image, ``False`` removes it, a file replaces it."""
        return {
            name: self.cleaned_data[name] if name in self.changed_data else None
            for name in ("avatar", "cover")
        }


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the group's admins (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("Say who you are or why you would like to join."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        error_messages={"required": _("Choose approve or decline.")},
    )
    reason = forms.CharField(
        label=_("Reason (optional, shown to the person)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
    )


class InviteMemberForm(forms.Form):
    member = forms.CharField(
        label=_("Member's handle"),
        max_length=41,
        help_text=_("As in their profile address, for example “marie-dupont”."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
    )

    def clean_member(self) -> User:
        handle = self.cleaned_data["member"].strip().lstrip("@").lower()
        member = User.objects.filter(handle=handle, status=MemberStatus.ACTIVE).first()
        if member is None:
            raise ValidationError(
                _(
                    "No member has the handle “%(handle)s”. Search by name below, or invite "
                    "them by e-mail if they are not in the network yet."
                )
                % {"handle": handle},
                code="unknown_member",
            )
        return member


class InviteByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "They receive a link; signing up through it makes them a member of the "
            "network and of this group."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(Role.ADMIN, _("Admin")), (Role.MEMBER, _("Member"))])
