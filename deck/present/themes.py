"""The presenter's themes as plain colours, for what draws slides outside Textual (the HTML
export's `--theme`): the default foreground and background, the panel rows' background, the
footer keys' colour, the 16 ANSI colours and whether the theme is dark, as Textual resolves them.

Textual gives ANSI colour numbers its MONOKAI palette in a dark theme and ALABASTER in a light
one (`App.ansi_theme_dark` / `ansi_theme_light`); a theme that keeps the terminal's own colours
(`ansi-dark`, `ansi-light`) has no colours to give, so the default dark or light values stand in.
Nothing here is needed to present: `deck.cli` imports it only for `deck export --theme`.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import constants
from textual._ansi_theme import ALABASTER, MONOKAI
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from deck.present.app import DEFAULT_THEME, HIGH_CONTRAST, check_theme

RGB = tuple[int, int, int]

# textual-dark and textual-light as Textual resolves them: what a theme without a colour of its
# own (the terminal's default) is drawn with instead.
_DARK_BASE = {"background": (18, 18, 18), "foreground": (224, 224, 224), "panel": (36, 47, 56),
              "footer-key-foreground": (255, 166, 43)}
_LIGHT_BASE = {"background": (224, 224, 224), "foreground": (31, 31, 31), "panel": (208, 208, 208),
               "footer-key-foreground": (1, 120, 212)}


class ThemeColors(NamedTuple):
    """One theme's colours as RGB triples (see the module's docstring)."""

    foreground: RGB
    background: RGB
    panel: RGB
    key: RGB
    ansi: tuple[RGB, ...]
    dim: float
    dark: bool


def theme_colors(name: str | None) -> ThemeColors:
    """The colours of the theme `name` (None: the default). Raises `UsageError` for an unknown one."""
    check_theme(name)
    theme = _theme(name or DEFAULT_THEME)
    variables = theme.to_color_system().generate()
    base = _DARK_BASE if theme.dark else _LIGHT_BASE
    ansi = MONOKAI if theme.dark else ALABASTER
    picked = {key: _rgb(variables.get(key, ""), fallback) for key, fallback in base.items()}
    if picked["footer-key-foreground"] in (picked["background"], picked["panel"]):
        # solarized-light's keys are its background colour on a footer of their own: on the
        # export's panel row they would vanish, so they take the theme's primary colour.
        picked["footer-key-foreground"] = _rgb(variables.get("primary", ""), picked["foreground"])
    return ThemeColors(
        foreground=picked["foreground"], background=picked["background"], panel=picked["panel"],
        key=picked["footer-key-foreground"],
        ansi=tuple(tuple(ansi.ansi_colors[number]) for number in range(16)),  # type: ignore[misc]
        dim=constants.DIM_FACTOR, dark=theme.dark,
    )


def _theme(name: str) -> Theme:
    return HIGH_CONTRAST if name == HIGH_CONTRAST.name else BUILTIN_THEMES[name]


def _rgb(value: str, fallback: RGB) -> RGB:
    """`value` (as Textual writes colours) as RGB; the fallback for the terminal's own colours."""
    if value.startswith("ansi") or value in ("", "transparent"):
        return fallback
    try:
        color = Color.parse(value)
    except ColorParseError:
        return fallback
    return color.rgb if color.a == 1 else fallback
