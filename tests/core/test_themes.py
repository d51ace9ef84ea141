"""Theme presets and WCAG contrast checks."""

from __future__ import annotations

import pytest

from community.core.colours import contrast_ratio, readable_on, text_on
from community.core.themes import THEMES, contrast_warnings, palette_variables, theme_css


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_at_least_three_presets() -> None:
    assert len(THEMES) >= 3


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.key)
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_preset_reads_well_in_light_and_dark(theme, mode) -> None:
    palette = getattr(theme, mode)
    variables = palette_variables(palette)
    for background in (palette.bg, palette.surface):
        assert contrast_ratio(palette.text, background) >= 7
        assert contrast_ratio(palette.muted, background) >= 4.5
        assert contrast_ratio(variables["--link"], palette.surface) >= 4.5
    assert contrast_ratio(variables["--on-primary"], palette.primary) >= 4.5
    assert contrast_ratio(variables["--on-accent"], palette.accent) >= 4.5


def test_text_on_picks_the_readable_label_colour() -> None:
    assert text_on("#0f766e") == "#ffffff"
    assert text_on("#ffee58") == "#111111"


def test_a_dark_custom_colour_stays_readable_in_dark_mode() -> None:
    dark_bg = THEMES["entraide"].dark.surface
    assert contrast_ratio("#1d1d6b", dark_bg) < 4.5
    assert contrast_ratio(readable_on("#1d1d6b", dark_bg), dark_bg) >= 4.5


def test_theme_css_uses_network_colours_and_ignores_junk() -> None:
    css = theme_css(theme="foret", primary="#123456")
    assert "--primary:#123456" in css
    assert "prefers-color-scheme: dark" in css
    injected = theme_css(theme="foret", primary="red;}body{display:none")
    assert "display:none" not in injected


def test_contrast_warnings() -> None:
    assert contrast_warnings(theme="entraide", primary="#0f766e") == []
    warnings = contrast_warnings(theme="entraide", primary="#ffee58")
    assert len(warnings) == 1 and "1.2:1" in warnings[0]
    assert contrast_warnings(theme="entraide", accent="#ff4f4f")  # labels on it fail too
