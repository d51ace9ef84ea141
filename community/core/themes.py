"""Built-in theme presets. Each has a light and a dark palette; the network's
primary and accent colours, when set, replace the preset's (see
``community.core.theme_css``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from community.core.colours import AA_NORMAL_TEXT, contrast_ratio, readable_on, text_on


@dataclass(frozen=True)
class Palette:
    bg: str
    surface: str
    text: str
    muted: str
    border: str
    primary: str
    accent: str


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    light: Palette
    dark: Palette


THEMES: dict[str, Theme] = {
    theme.key: theme
    for theme in (
        Theme(
            "entraide",
            _("Entraide (teal and coral)"),
            light=Palette(
                "#f6f7f4", "#ffffff", "#1c2024", "#566069", "#dfe3e6", "#0f766e", "#c2410c"
            ),
            dark=Palette(
                "#121518", "#1b1f24", "#e8ecef", "#a2acb5", "#2e353d", "#2dd4bf", "#fb923c"
            ),
        ),
        Theme(
            "ocean",
            _("Ocean (blue and amber)"),
            light=Palette(
                "#f4f7fb", "#ffffff", "#172033", "#55607a", "#d9e0ea", "#1d4ed8", "#b45309"
            ),
            dark=Palette(
                "#0d1320", "#162033", "#e6ecf7", "#9eabc2", "#2a3650", "#7cacf8", "#fbbf24"
            ),
        ),
        Theme(
            "foret",
            _("Forest (green and ochre)"),
            light=Palette(
                "#f5f6f0", "#ffffff", "#1f2a1f", "#5a6658", "#dde3d6", "#2f6b3a", "#8a5a12"
            ),
            dark=Palette(
                "#111611", "#1a211a", "#e6ede4", "#a5b3a2", "#2f3a2e", "#86cf8d", "#e0b252"
            ),
        ),
        Theme(
            "aubergine",
            _("Aubergine (violet and rose)"),
            light=Palette(
                "#f8f6fb", "#ffffff", "#241b31", "#625873", "#e4ddee", "#6d28d9", "#be185d"
            ),
            dark=Palette(
                "#141019", "#1e1826", "#eee8f6", "#b1a6c2", "#362c44", "#b69cfb", "#f472b6"
            ),
        ),
    )
}

THEME_CHOICES = [(theme.key, theme.label) for theme in THEMES.values()]
DEFAULT_THEME = "entraide"


def get_theme(key: str) -> Theme:
    return THEMES.get(key, THEMES[DEFAULT_THEME])


def _valid(colour: str) -> bool:
    return (
        len(colour) == 7
        and colour.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    )


def palette_variables(palette: Palette, primary: str = "", accent: str = "") -> dict[str, str]:
    """CSS custom properties for one palette, with the network's colours if any.

    The network's colours are used as chosen for buttons and badges; for text
    (links) they are nudged until they reach WCAG AA on the background, so a
    dark primary colour stays readable in dark mode.
    """
    primary = primary if _valid(primary) else palette.primary
    accent = accent if _valid(accent) else palette.accent
    return {
        "--bg": palette.bg,
        "--surface": palette.surface,
        "--text": palette.text,
        "--muted": palette.muted,
        "--border": palette.border,
        "--primary": primary,
        "--on-primary": text_on(primary),
        "--accent": accent,
        "--on-accent": text_on(accent),
        "--link": readable_on(primary, palette.surface),
    }


def theme_css(*, theme: str, primary: str = "", accent: str = "") -> str:
    """The ``<style>`` body that applies a network's theme on every page."""
    preset = get_theme(theme)

    def block(palette: Palette) -> str:
        variables = palette_variables(palette, primary, accent)
        return ":root{" + ";".join(f"{k}:{v}" for k, v in variables.items()) + "}"

    return f"{block(preset.light)}@media (prefers-color-scheme: dark){{{block(preset.dark)}}}"


def contrast_warnings(*, theme: str, primary: str = "", accent: str = "") -> list[str]:
    """Plain-language warnings where the chosen colours miss WCAG AA (4.5:1)."""
    preset = get_theme(theme)
    warnings: list[str] = []
    for label, colour in ((_("primary"), primary), (_("accent"), accent)):
        if not _valid(colour):
            continue
        on_light = contrast_ratio(colour, preset.light.surface)
        if on_light < AA_NORMAL_TEXT:
            warnings.append(
                _(
                    "The %(which)s colour %(colour)s has a contrast of %(ratio).1f:1 with the "
                    "light background; WCAG AA asks for 4.5:1. Text in this colour will be "
                    "hard to read, so links use a darker shade."
                )
                % {"which": label, "colour": colour, "ratio": on_light}
            )
        on_colour = contrast_ratio(colour, text_on(colour))
        if on_colour < AA_NORMAL_TEXT:
            warnings.append(
                _(
                    "Button labels on the %(which)s colour %(colour)s reach only %(ratio).1f:1 "
                    "(WCAG AA asks for 4.5:1). Choose a darker or lighter colour."
                )
                % {"which": label, "colour": colour, "ratio": on_colour}
            )
    return warnings
