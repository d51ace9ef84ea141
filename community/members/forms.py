from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from community.core.network import get_network


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus a display name and, when the network has terms,
    their acceptance (recorded with a timestamp by ``register_member``)."""

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

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name
