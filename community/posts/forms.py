"""Forms for posts, comments and reactions. They only shape input: the rules
(limits, who may post where, image checks) live in ``actions.py``, whose
``ValidationError`` lands on the form's fields (``add_action_errors``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community.activity.visibility import MEMBERS, PUBLIC
from community.posts.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MAX_IMAGES,
    TITLE_MAX_LENGTH,
    ReactionKind,
)

IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp"


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one input; each is checked by the action (``process_image``)."""

    widget = MultipleImageInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": IMAGE_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


def textarea(rows: int, placeholder: str = "") -> forms.Textarea:
    attrs = {"rows": rows, "data-mentions": ""}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


class PostForm(forms.Form):
    """The composer. ``max_length`` is left to the action so that a too long
    post gets the message with the limit and the length, not a truncation."""

    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        help_text=_("A title makes the post an article, listed on the articles page."),
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=textarea(4, _("Share something with the community…")),
    )
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[(MEMBERS, _("Members of the network")), (PUBLIC, _("Everyone, visitors too"))],
        initial=MEMBERS,
        required=False,
        widget=forms.RadioSelect,
    )
    images = MultipleImageField(label=_("Images (optional)"), required=False)

    def __init__(self, *args, with_audience: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = body_help()
        self.fields["images"].help_text = ngettext(
            "Up to %(count)s image: PNG, JPEG, GIF or WebP, 5 MB.",
            "Up to %(count)s images: PNG, JPEG, GIF or WebP, 5 MB each.",
            MAX_IMAGES,
        ) % {"count": MAX_IMAGES}
        if not with_audience:
            del self.fields["audience"]


class PostEditForm(forms.Form):
    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    body = forms.CharField(label=_("Message"), required=False, strip=False, widget=textarea(8))
    remove_images = forms.TypedMultipleChoiceField(
        label=_("Remove images"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    images = MultipleImageField(label=_("Add images"), required=False)

    def __init__(self, *args, post=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = body_help()
        self.fields["images"].help_text = ngettext(
            "A post has at most %(count)s image: PNG, JPEG, GIF or WebP, 5 MB.",
            "A post has at most %(count)s images: PNG, JPEG, GIF or WebP, 5 MB each.",
            MAX_IMAGES,
        ) % {"count": MAX_IMAGES}
        images = list(post.images.all()) if post is not None else []
        self.fields["remove_images"].choices = [
            (image.pk, _("Image %(number)s") % {"number": index})
            for index, image in enumerate(images, start=1)
        ]
        if not images:
            del self.fields["remove_images"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=textarea(2, _("Write a comment…")),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = gettext("At most %(limit)s characters.") % {
            "limit": f"{COMMENT_MAX_LENGTH:,}"
        }


def body_help() -> str:
    return gettext(
        "Markdown is allowed. #words become tags, @name mentions a member. "
        "At most %(limit)s characters."
    ) % {"limit": f"{BODY_MAX_LENGTH:,}"}


class ReactionForm(forms.Form):
    kind = forms.CharField(max_length=20)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind not in ReactionKind.values:
            raise ValidationError(
                gettext("Choose a reaction among: %(kinds)s.")
                % {"kinds": ", ".join(str(label) for label in ReactionKind.labels)}
            )
        return kind
