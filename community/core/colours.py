"""Colour arithmetic for themes: WCAG 2 contrast ratios and readable variants."""

from __future__ import annotations

AA_NORMAL_TEXT = 4.5


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return (
        "#ffffff"
        if contrast_ratio("#ffffff", background) >= contrast_ratio("#111111", background)
        else "#111111"
    )


def mix(colour: str, other: str, amount: float) -> str:
    a, b = hex_to_rgb(colour), hex_to_rgb(other)
    return rgb_to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def readable_on(colour: str, background: str, minimum: float = AA_NORMAL_TEXT) -> str:
    """``colour`` moved toward white or black until it reaches ``minimum`` on ``background``."""
    if contrast_ratio(colour, background) >= minimum:
        return colour
    target = "#ffffff" if relative_luminance(background) < 0.5 else "#000000"
    for step in range(1, 21):
        candidate = mix(colour, target, step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return target
