from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.core.actions import NETWORK_FIELDS
from community.core.images import ImageRules, SafeImageField
from community.core.models import Network, hex_colour

LOGO_RULES = ImageRules(max_bytes=2 * 1024 * 1024, max_side=512)
FAVICON_RULES = ImageRules(max_bytes=1024 * 1024, square=64)


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's ``ValidationError`` on the form's fields (or above it)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def colour_field(label: str, placeholder: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        validators=[hex_colour],
        help_text=_("Leave empty to use the theme's colour."),
        widget=forms.TextInput(
            attrs={"placeholder": placeholder, "size": 8, "spellcheck": "false"}
        ),
    )


class NetworkSettingsForm(forms.ModelForm):
    primary_color = colour_field(_("Primary colour"), "#0f766e")
    accent_color = colour_field(_("Accent colour"), "#c2410c")
    logo = SafeImageField(
        label=_("Logo"),
        required=False,
        rules=LOGO_RULES,
        help_text=_("PNG, JPEG, GIF or WebP, up to 2 MB. Shown in the header."),
    )
    favicon = SafeImageField(
        label=_("Favicon"),
        required=False,
        rules=FAVICON_RULES,
        help_text=_("A square image, up to 1 MB. Shown in browser tabs."),
    )

    class Meta:
        model = Network
        fields = list(NETWORK_FIELDS)
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5}),
            "terms_text": forms.Textarea(attrs={"rows": 5}),
            "privacy_text": forms.Textarea(attrs={"rows": 5}),
            "registration_mode": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "group_creation": forms.RadioSelect,
        }

    def clean_primary_color(self) -> str:
        return self.cleaned_data["primary_color"].strip().lower()

    def clean_accent_color(self) -> str:
        return self.cleaned_data["accent_color"].strip().lower()
