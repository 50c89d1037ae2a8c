"""Nested bullets: an item with sub-items is `{text: ..., items: [...]}`, up to three levels, with
hanging indents at every level and reveal steps through the sub-items."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from deck.draw.render import RenderOptions, render_slide, reveal_steps
from deck.export import draw, export_deck
from deck.format.errors import DeckError
from deck.format.loader import load_deck
from deck.format.schema import json_schema

Writer = Callable[[str], Path]

NESTED = """\
title: T
languages: [zh, en]
slides:
  - title: Nested
    reveal: true
    bullets:
      - {zh: 一, en: One}
      - text: {zh: 二, en: "Two, with a long text that wraps onto a second line at forty cells"}
        items:
          - {zh: 子一, en: "Sub one, also long enough to wrap onto another line here"}
          - text: Sub two
            items: [Deep one]
      - Three
"""


def test_sub_items_follow_their_parent_with_their_depth(write_deck: Writer) -> None:
    bullets = load_deck(write_deck(NESTED)).slides[0].blocks[0]
    assert [item.get("en") for item in bullets.items][2:] == [  # type: ignore[union-attr]
        "Sub one, also long enough to wrap onto another line here", "Sub two", "Deep one", "Three"]
    assert bullets.levels == (0, 0, 1, 1, 2, 0)  # type: ignore[union-attr]
    assert bullets.items[0].get("zh") == "一"  # type: ignore[union-attr]  # a language mapping stays a text


def test_hanging_indents_at_every_level(write_deck: Writer) -> None:
    slide = load_deck(write_deck(NESTED)).slides[0]
    assert draw(render_slide(slide, RenderOptions(lang="en")), 40)[3:] == [
        "• One",
        "• Two, with a long text that wraps onto",
        "  a second line at forty cells",
        "  ◦ Sub one, also long enough to wrap",
        "    onto another line here",
        "  ◦ Sub two",
        "    ▪ Deep one",
        "• Three",
    ]
    assert draw(render_slide(slide, RenderOptions(lang="en", ascii_only=True)), 40)[6:9] == [
        "  * Sub one, also long enough to wrap", "    onto another line here", "  * Sub two"]


def test_reveal_steps_through_sub_items(write_deck: Writer) -> None:
    slide = load_deck(write_deck(NESTED)).slides[0]
    assert reveal_steps(slide) == 6
    three = [line for line in draw(render_slide(slide, RenderOptions(lang="en", revealed=3)), 40)[3:] if line]
    assert three[-2:] == ["  ◦ Sub one, also long enough to wrap", "    onto another line here"]
    assert "Sub two" not in " ".join(three)


def test_markdown_nests_the_list(write_deck: Writer) -> None:
    handout = export_deck(load_deck(write_deck(NESTED)), fmt="markdown", lang="en")
    assert "- Two, with a long text that wraps onto a second line at forty cells\n" \
           "  - Sub one, also long enough to wrap onto another line here\n  - Sub two\n    - Deep one\n- Three" in handout


def test_json_schema_takes_nested_bullets() -> None:
    jsonschema.validate(yaml.safe_load(NESTED), json_schema())


def test_four_levels_are_too_deep(write_deck: Writer) -> None:
    deep = NESTED.replace("items: [Deep one]", "items: [{text: Deep, items: [Deeper]}]")
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(deep))
    assert (caught.value.line, caught.value.col) == (12, 34)
    assert caught.value.message == "bullets nest at most 3 levels deep"


def test_next_names_each_step_in_reveal_order(write_deck: Writer) -> None:
    """What the presenter's NEXT shows follows the steps: sub-items, a reveal table's rows before
    the list, and lists inside columns."""
    from deck.present.state import Position, next_step, steps

    deck = load_deck(write_deck("""\
title: T
slides:
  - title: S
    reveal: true
    blocks:
      - table: {reveal: true, rows: [[a, "1"], [b, "2"]]}
      - bullets: [One, {text: Two, items: [Sub one, {text: Sub two, items: [Deep]}]}]
      - columns: [[{bullets: [Left]}], [{bullets: [Right]}]]
"""))
    said = [next_step(deck, Position(0, step), "en") for step in range(steps(deck, 0) + 1)]
    assert said == [("row", "a · 1"), ("row", "b · 2"), *[("bullet", text) for text in
                    ("One", "Two", "Sub one", "Sub two", "Deep", "Left", "Right")], None]
