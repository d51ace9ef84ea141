"""Safe image uploads, shared by logos, avatars, group covers and post images.

Every upload is checked before anything is stored: size in bytes, that Pillow
recognises a raster format we accept (SVG and everything else is refused),
the pixel count read from the header *before* decoding (decompression bombs),
and a full decode. The image is then re-encoded from its pixels, which drops
EXIF/GPS metadata and anything smuggled after the image data.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class ImageRules:
    """How an upload is checked and re-encoded."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS
    # Longest side after re-encoding; the image is scaled down to fit.
    max_side: int = 2048
    # When set, a centred square crop of this side (avatars, favicons).
    square: int | None = None


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Delete stored uploads once the transaction that let go of them commits
    (after a rollback the rows still point at them, so they stay)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def picture_version(name: str) -> str:
    """A short tag that changes with a stored picture (its random file name):
    added to the address of a picture served by a view, it renews caches."""
    return name.rsplit("/", 1)[-1].split(".", 1)[0][:12]


def process_image(upload: UploadedFile, rules: ImageRules = ImageRules()) -> ContentFile:
    """Validate ``upload`` and return a clean re-encoded copy, or raise ValidationError."""
    if upload.size is not None and upload.size > rules.max_bytes:
        raise forms.ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(rules.max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    try:
        # Image.open reads only the header: nothing is decoded yet.
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
    except Image.DecompressionBombError as exc:
        raise forms.ValidationError(
            _("This image has too many pixels; the limit is %(limit)s megapixels.")
            % {"limit": rules.max_pixels // 1_000_000},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise forms.ValidationError(
            _("This file is not an image we can read. Use PNG, JPEG, GIF or WebP."),
            code="not_an_image",
        ) from exc
    if image_format not in ACCEPTED_FORMATS:
        raise forms.ValidationError(
            _("Images must be PNG, JPEG, GIF or WebP (this file is %(format)s).")
            % {"format": image_format},
            code="format",
        )
    if width * height > rules.max_pixels:
        raise forms.ValidationError(
            _("This image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels.")
            % {"width": width, "height": height, "limit": rules.max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            clean = _normalise(image, rules)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise forms.ValidationError(
            _("This image is damaged and cannot be read."), code="damaged"
        ) from exc
    return _encode(clean)


def _normalise(image: Image.Image, rules: ImageRules) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    if rules.square:
        image = ImageOps.fit(image, (rules.square, rules.square), Image.Resampling.LANCZOS)
    else:
        image.thumbnail((rules.max_side, rules.max_side), Image.Resampling.LANCZOS)
    return image


def _encode(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class ServedPicture:
    """A stored picture as an edit form's file input shows it ("Currently:
    …"): linked to the view that serves it after its visibility check, since
    ``/media/`` refuses it. For an unbound form's ``initial`` only."""

    def __init__(self, picture, url: str) -> None:
        self.name, self.url = picture.name, url

    def __str__(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def served_picture(picture, url: str) -> ServedPicture | None:
    return ServedPicture(picture, url) if picture else None


class SafeImageField(forms.FileField):
    """A form field that runs ``process_image``: ``cleaned_data`` holds the clean copy."""

    default_error_messages = {
        "invalid": gettext_lazy("Upload an image: PNG, JPEG, GIF or WebP."),
    }

    def __init__(self, *, rules: ImageRules = ImageRules(), **kwargs) -> None:
        self.rules = rules
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return process_image(value, self.rules)
        return value
