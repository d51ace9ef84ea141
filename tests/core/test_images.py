"""The shared image checks (logos now; avatars, covers and post images later)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.core.images import ImageRules, process_image


def png(size=(40, 30), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 90) if mode == "RGB" else (10, 120, 90, 128)).save(
        buffer, "PNG", **save
    )
    return buffer.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny file whose PNG header claims a huge picture (decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "picture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


DEFAULT_RULES = ImageRules()


def error_code(content: bytes, rules: ImageRules = DEFAULT_RULES, name="picture.png") -> str:
    with pytest.raises(forms.ValidationError) as caught:
        process_image(upload(content, name), rules)
    return caught.value.code


def test_text_file_renamed_png_is_refused() -> None:
    assert error_code(b"just some words, not pixels") == "not_an_image"


def test_svg_with_script_is_refused() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert error_code(svg, name="logo.svg") == "not_an_image"


def test_header_claiming_50000_by_50000_pixels_is_refused_before_decoding() -> None:
    assert error_code(png_header_claiming(50_000, 50_000)) == "too_many_pixels"


def test_pixel_limit_applies_below_pillows_own_bomb_threshold() -> None:
    assert error_code(png_header_claiming(8_000, 6_000)) == "too_many_pixels"


def test_twenty_megabyte_file_is_refused() -> None:
    assert error_code(png() + b"\0" * (20 * 1024 * 1024)) == "too_large"


def test_truncated_image_is_refused() -> None:
    assert error_code(png((300, 300))[:200]) == "damaged"


def test_other_raster_formats_are_refused() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    assert error_code(buffer.getvalue(), name="x.bmp") == "format"


def test_metadata_is_stripped_and_size_bounded() -> None:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    Image.new("RGB", (3000, 1000), (1, 2, 3)).save(buffer, "JPEG", exif=exif.tobytes())
    clean = process_image(upload(buffer.getvalue(), "photo.jpg"), ImageRules(max_side=600))
    data = clean.read()
    assert b"SecretCameraMaker" not in data
    with Image.open(io.BytesIO(data)) as result:
        assert result.size == (600, 200)
        assert not result.getexif()


def test_square_crop_and_transparency_kept() -> None:
    clean = process_image(upload(png((300, 200), mode="RGBA")), ImageRules(square=64))
    assert clean.name.endswith(".png")
    with Image.open(clean) as result:
        assert result.size == (64, 64)
        assert result.mode == "RGBA"
