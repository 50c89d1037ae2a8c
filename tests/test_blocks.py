"""Ordered blocks: `blocks:` holds any kinds, any number of times, in order; the short form stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from deck.draw.render import RenderOptions, render_slide, reveal_steps
from deck.export import draw, export_deck
from deck.export.markdown import markdown_lines
from deck.format import model
from deck.format.errors import DeckError
from deck.format.loader import BLOCK_BUILDERS, load_deck
from deck.format.schema import BLOCK_KEYS, json_schema

Writer = Callable[[str], Path]
KINDS = ", ".join(BLOCK_KEYS)

ORDERED = """\
title: T
slides:
  - title: Order
    blocks:
      - bullets: [one, two]
      - text: A paragraph between.
      - bullets: [three]
      - text: Another paragraph.
      - quote: {text: Said it, by: Someone}
      - chart: {kind: stat, data: [{label: users, value: 3}]}
      - chart: {kind: bar, data: [{label: a, value: 1}, {label: b, value: 2}]}
"""


def error_of(write_deck: Writer, text: str) -> DeckError:
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(text))
    return caught.value


def located(error: DeckError) -> str:
    return f"{error.line}:{error.col}: {error.message}"


def test_blocks_keep_their_order_and_kinds_repeat(write_deck: Writer) -> None:
    slide = load_deck(write_deck(ORDERED)).slides[0]
    kinds = [type(block).__name__ for block in slide.blocks]
    assert kinds == ["Bullets", "Paragraph", "Bullets", "Paragraph", "Quote", "Chart", "Chart"]
    assert [chart.kind for chart in slide.charts] == ["stat", "bar"]
    assert slide.blocks[0].span == model.Span(5, 18)  # located at the block's value


def test_blocks_are_drawn_in_order_on_screen_and_in_markdown(write_deck: Writer) -> None:
    deck = load_deck(write_deck(ORDERED))
    lines = draw(render_slide(deck.slides[0], RenderOptions(lang="en")), 40)
    body = [line for line in lines if line]
    assert body[2:8] == ["• one", "• two", "A paragraph between.", "• three", "Another paragraph.", "▌ Said it"]
    handout = "\n".join(markdown_lines(deck, RenderOptions(lang="en"), 40))
    order = [handout.index(word) for word in ("- one", "A paragraph between.", "- three", "Another", "> Said")]
    assert order == sorted(order)


def test_short_form_keeps_the_written_order(write_deck: Writer) -> None:
    deck = load_deck(write_deck("title: T\nslides:\n  - title: S\n    quote: Q\n    text: P\n    bullets: [b]\n"))
    assert [type(block).__name__ for block in deck.slides[0].blocks] == ["Quote", "Paragraph", "Bullets"]


def test_both_forms_on_one_slide_is_an_error_at_the_short_form_key(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: T\nslides:\n  - title: S\n    blocks:\n      - text: a\n    bullets: [b]\n")
    assert located(error) == ("6:5: a slide cannot give both 'blocks' and 'bullets': "
                              "move 'bullets' into 'blocks' as an item '- bullets: ...'")


def test_an_item_with_two_keys_says_to_split_it(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: T\nslides:\n  - title: S\n    blocks:\n      - text: a\n        bullets: [b]\n")
    assert located(error) == ("6:9: a block has one key, but this item also gives 'bullets' after 'text'; "
                              "start 'bullets' with '- ' to make it a block of its own")


@pytest.mark.parametrize(("item", "message"), [
    ("- txt: a", f"5:9: unknown key 'txt' in a block (the kinds are {KINDS}); did you mean 'text'?"),
    ("- notes: a", f"5:9: unknown key 'notes' in a block (the kinds are {KINDS}); "
                   "'notes' is a key of the slide, not a block"),
    ("- just words", "5:9: a block must be a mapping with one key naming its kind, such as '- text: ...', "
                     "not a string"),
    ("- {}", "5:9: a block must be a mapping with one key naming its kind, such as '- text: ...', not a mapping"),
])
def test_bad_block_items(write_deck: Writer, item: str, message: str) -> None:
    expected = message.replace("{KINDS}", ", ".join(BLOCK_KEYS))  # every kind the format has, in its order
    assert located(error_of(write_deck, f"title: T\nslides:\n  - title: S\n    blocks:\n      {item}\n")) == expected


def test_empty_blocks_list(write_deck: Writer) -> None:
    error = error_of(write_deck, "title: T\nslides:\n  - title: S\n    blocks: []\n")
    assert located(error) == "4:13: 'blocks' must not be empty"


def test_reveal_steps_through_every_list_of_the_blocks(write_deck: Writer) -> None:
    deck = load_deck(write_deck(ORDERED.replace("  - title: Order\n", "  - title: Order\n    reveal: true\n")))
    slide = deck.slides[0]
    assert reveal_steps(slide) == 3
    lines = draw(render_slide(slide, RenderOptions(lang="en", revealed=2)), 40)
    assert "• two" in lines and "• three" not in lines
    assert "A paragraph between." in lines  # a paragraph is not a reveal step
    assert "• three" in draw(render_slide(slide, RenderOptions(lang="en", revealed=3)), 40)


def test_every_block_kind_of_the_schema_has_a_builder() -> None:
    assert set(BLOCK_BUILDERS) == set(BLOCK_KEYS)


def test_json_schema_takes_blocks_and_refuses_what_the_loader_refuses() -> None:
    schema = json_schema()
    data = yaml.safe_load(ORDERED)
    jsonschema.validate(data, schema)
    mixed = yaml.safe_load(ORDERED)
    mixed["slides"][0]["text"] = "short form too"
    two_keys = yaml.safe_load(ORDERED)
    two_keys["slides"][0]["blocks"][0]["text"] = "second key"
    unknown = yaml.safe_load(ORDERED)
    unknown["slides"][0]["blocks"].append({"txt": "x"})
    for bad in (mixed, two_keys, unknown):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


# One sample of each kind, each with a word of its own to find it by.
SAMPLES = {
    "text": ("text: Alpha paragraph", "Alpha paragraph"),
    "bullets": ("bullets: [Bravo item]", "Bravo item"),
    "quote": ("quote: {text: Charlie said}", "Charlie said"),
    "chart": ("chart: {kind: stat, data: [{label: Delta users, value: 3}]}", "Delta users"),
    "code": ("code: echo Echo-code", "echo Echo-code"),
    "table": ("table: [[Foxtrot head], [Foxtrot cell]]", "Foxtrot cell"),
}


@pytest.mark.parametrize("second", list(SAMPLES))
@pytest.mark.parametrize("first", list(SAMPLES))
def test_every_order_of_two_kinds_is_kept_in_every_output(write_deck: Writer, first: str, second: str) -> None:
    """Any kind before any other (the same kind twice too, with `repeat` marking the second)."""
    one, word_one = SAMPLES[first]
    two, word_two = SAMPLES[second]
    if first == second:
        two, word_two = two.replace(word_one, "Repeat " + word_one), "Repeat " + word_one
    deck = load_deck(write_deck(f"title: T\nslides:\n  - title: S\n    blocks:\n      - {one}\n      - {two}\n"))
    assert [type(block).__name__.lower() for block in deck.slides[0].blocks] == [
        {"text": "paragraph"}.get(kind, kind) for kind in (first, second)]
    screen = "\n".join(draw(render_slide(deck.slides[0], RenderOptions(lang="en")), 60))
    text = export_deck(deck, width=60)
    handout = export_deck(deck, fmt="markdown")
    for output in (screen, text, handout):
        assert word_one in output and word_two in output
        assert output.index(word_one) < output.rindex(word_two) and word_two not in output[:output.index(word_one)]
