"""Forms of the engagement pages: applying or inviting (a message, and the
volunteer's offer it comes through), and the optional reason of an answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.volunteering.cleaning import MESSAGE_MAX_LENGTH
from community.volunteering.models import Offer


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offer = forms.TypedChoiceField(
        label=_("Through my offer"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        offers: Sequence[Offer] = (),
        message_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if message_label:
            self.fields["message"].label = message_label
        if offers:
            self.fields["offer"].choices = [("", _("None"))] + [(o.pk, o.title) for o in offers]
            self.offers = {o.pk: o for o in offers}
        else:
            del self.fields["offer"]
            self.offers = {}

    def chosen_offer(self) -> Offer | None:
        return self.offers.get(self.cleaned_data.get("offer"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to the other side)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
