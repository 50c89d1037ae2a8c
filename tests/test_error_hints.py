"""Errors that say how to fix the slip: one deck file per common mistake, asserting the line,
the column and the hint; and `deck check`'s warning for text cut off by a YAML comment."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from deck.cli import main
from deck.format.errors import DeckError
from deck.format.loader import load_deck

Writer = Callable[[str], Path]

HEAD = "title: T\nslides:\n  - title: S\n"


@pytest.mark.parametrize(("deck", "line", "col", "hint"), [
    pytest.param(HEAD + "    bullets:\n      - one\n      - two\n     - three\n", 7, 6,
                 "indent this item like the ones above it (column 7)", id="item indented less"),
    pytest.param(HEAD + "    bullets:\n      - one\n   text: x\n", 6, 4,
                 "indent this key like the keys above it (column 5)", id="key indented less"),
    pytest.param(HEAD + "    text: Note: this matters\n", 4, 15,
                 "put text containing ': ' in quotes", id="colon in text"),
    pytest.param(HEAD + "    bullets:\n      - Note: this matters\n", 5, 9,
                 "put text containing ': ' in quotes", id="colon in a bullet"),
    pytest.param("title: T\nlanguages: [ko, en]\nslides:\n  - title: S\n    text: {ko: 나는, 푹 잤다., en: I slept.}\n",
                 5, 16, "text containing ',' inside {...} must be quoted: write ko: \"나는, 푹 잤다.\"",
                 id="comma in a flow mapping"),
    pytest.param(HEAD + "    chart: {kind: stat, value: 0}\n", 4, 25,
                 "a stat chart takes its value in data: [{label: ..., value: ...}]", id="stat value"),
    pytest.param(HEAD + "    chart: {kind: stat, data: [{label: x, value: 22%}]}\n", 4, 50,
                 "write the number alone (22) and put '%' in unit", id="percent"),
    pytest.param(HEAD + "    chart: {kind: stat, data: [{label: x, value: \"1,200\"}]}\n", 4, 50,
                 "write 1200 without the ','", id="thousands comma"),
    pytest.param(HEAD + "    chart: {kind: stat, data: [{label: x, value: -42ms}]}\n", 4, 50,
                 "write the number alone (-42) and put 'ms' in unit", id="unit suffix"),
    pytest.param(HEAD + "    bullets:\n      - Parent:\n          - child\n", 5, 9,
                 "a bullet with sub-items is written as a mapping: 'text: Parent' and 'items:' under it",
                 id="sub-items as a mapping"),
])
def test_each_slip_gets_its_place_and_hint(write_deck: Writer, deck: str, line: int, col: int, hint: str) -> None:
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(deck))
    error = caught.value
    assert (error.line, error.col) == (line, col), str(error)
    assert error.message.endswith(hint), error.message
    assert "\n" not in str(error)


def test_check_warns_about_text_lost_to_a_comment(write_deck: Writer) -> None:
    path = write_deck(HEAD + "    reveal: false  # a real comment\n    text: Questions? #1 topic\n"
                      "    bullets:\n      - plain item  # cut\n      - \"quoted\"  # fine\n"
                      "    chart: {kind: stat, data: [{label: users, value: 3}]}  # fine too\n")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path)], stdout=out, stderr=err) == 0
    assert err.getvalue().splitlines() == [
        f"{path}:5:22: warning: '#1 topic' is a YAML comment and is not shown; put the text in quotes to keep it",
        f"{path}:7:21: warning: '# cut' is a YAML comment and is not shown; put the text in quotes to keep it",
    ]
    assert ": ok:" in out.getvalue()


def test_bundled_deck_and_docs_example_have_no_lost_comments() -> None:
    from tests.conftest import SLIDES

    err = io.StringIO()
    assert main(["check", str(SLIDES)], stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""


def test_check_warns_about_an_item_folded_into_the_one_above(write_deck: Writer) -> None:
    path = write_deck(HEAD + "    bullets:\n      - one\n        - two\n      - three\n")
    err = io.StringIO()
    assert main(["check", str(path)], stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == (f"{path}:6:9: warning: this '- ' continues the text above it (YAML joins the lines); "
                              "indent the item like the ones above it, or quote the text\n")
