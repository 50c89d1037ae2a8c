"""Accent colours: what the format accepts, every drawing draws (and nothing else is accepted).

`deck.format.colors` parses an accent into one canonical form with its own grammar and its own
copy of Rich's colour names; these tests keep the copy equal to Rich's table and check, for
generated strings, that every accepted colour draws in the styles slides build from it.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ANSI_COLOR_NAMES, Color
from rich.console import Console
from rich.style import Style

from deck.draw.render import RenderOptions, render_slide
from deck.format.colors import COLOR_NAMES, MAX_COLOR_CHARS, parse_color
from deck.format.model import Chart, Datum, Localized, Quote, Section, Slide


def test_the_names_are_richs_names() -> None:
    assert COLOR_NAMES == ANSI_COLOR_NAMES


def _draws(color: str) -> None:
    """A slide in `color`: heading, quote bar, stat chart; drawn as the exports draw."""
    section = Section("s", Localized.plain("Part"), color)
    slide = Slide(Localized.plain("t"), section=section, blocks=(
        Quote(Localized.plain("q")), Chart("stat", (Datum(Localized.plain("l"), value=3.0),))))
    console = Console(file=io.StringIO(), width=40, color_system="truecolor")
    console.print(render_slide(slide, RenderOptions(lang="en")))
    Style.parse(f"bold {color}")


def test_every_name_is_accepted_as_itself_and_draws() -> None:
    for name in [*COLOR_NAMES, "default"]:
        assert parse_color(name) == name
        _draws(name)


def test_the_canonical_forms() -> None:
    assert parse_color("rgb(1, 2, 3)") == "#010203"
    assert parse_color(" RGB( 255,0 , 16 ) ") == "#ff0010"
    assert parse_color("#FFaa00") == "#ffaa00"
    assert parse_color("color(007)") == "color(7)"
    assert parse_color(" Magenta\n") == "magenta"
    for bad in ["rgb(1,2,)", "rgb(256,0,0)", "rgb(1 2 3)", "color(256)", "#fff", "#ff00ff00", "bold red",
                "red on blue", "", "magenta4x", "x" * (MAX_COLOR_CHARS + 1), " " * 50 + "red"]:
        assert parse_color(bad) is None, bad


COLORISH = st.one_of(
    st.text(st.sampled_from("rgbcolr(),# 0123456789abcdefABCDEF_"), max_size=24),
    st.builds(lambda r, g, b, space: f"rgb({r},{space}{g},{b})", st.integers(-1, 300), st.integers(0, 300),
              st.integers(0, 300), st.sampled_from(["", " ", "  "])),
    st.builds(lambda n: f"color({n})", st.integers(0, 400)),
    st.sampled_from(sorted(COLOR_NAMES)).map(lambda name: name.upper()),
    st.text(max_size=20),
)


@settings(max_examples=500, deadline=None)
@given(COLORISH)
def test_whatever_is_accepted_draws(value: str) -> None:
    color = parse_color(value)
    if color is None:
        return
    assert parse_color(color) == color  # canonical: parsing it again changes nothing
    _draws(color)


@settings(max_examples=500, deadline=None)
@given(COLORISH)
def test_what_rich_draws_in_a_style_is_accepted(value: str) -> None:
    # the other way round: a colour Rich takes as the word of a style, the format takes too
    # (rgb(...) with spaces is taken by Rich's Color.parse but breaks its style parser: the
    # format takes it and draws it as #rrggbb)
    try:
        Color.parse(value)
        Style.parse(f"bold {value}")
    except Exception:  # any refusal by Rich: ColorParseError, StyleSyntaxError, ValueError
        return
    if value.strip() and len(value) <= MAX_COLOR_CHARS and value == value.strip():
        assert parse_color(value) is not None, value
