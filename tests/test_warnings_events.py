"""`deck check`'s lost-text warnings read from libyaml's events are those of the node walk.

`deck.format.warnings` walks the parser's events instead of composing the file again (the
composition was most of `deck check`'s time on a deck of code); the node walk stays for files
with aliases. Both must find the same warnings, on every shape a deck's YAML can take.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deck.format import warnings

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "comment after text": "title: x\nslides:\n  - title: Q? #1 topic\n    text: plain # cut\n",
    "comment after a non-text key": "title: x\nslides:\n  - title: y\n    chart:\n      kind: bar # c\n",
    "number cut by a comment": "title: x\nslides:\n  - title: 12 # twelve\n    text: 2024 # year\n",
    "quoted text and block scalar": ("title: 'a # b'\nslides:\n  - title: \"q\" # c\n    text: |\n"
                                     "      keep # this\n    notes: >\n      and # this\n"),
    "folded item": "title: x\nslides:\n  - title: y\n    bullets:\n      - one\n        - two\n      - three # c\n",
    "languages": ("title:\n  zh: 标题 # 注\n  en: Title\nlanguages: [zh, en]\nslides:\n  - title:\n"
                  "      zh: 一 # a\n      en: one # b\n"),
    "complex key": "? [title, x] # c\n: y # d\ntitle: t # e\nslides: []\n",
    "flow collections": "title: x\nslides: [{title: a # c\n  , text: b}, {title: c}] # d\n",
    "nested columns": ("title: x\nslides:\n  - title: y\n    columns:\n      - blocks:\n          - text: left # l\n"
                       "          - bullets: [a, b] # m\n      - text: right # r\n"),
    "second document ignored": "title: x # a\nslides: []\n---\ntitle: y # b\n",
    "empty values and nulls": "title:\nslides:\n  - title: ~ # n\n    text: # nothing\n",
}


def both(text: str) -> tuple[list[str], list[str]]:
    lines = text.split("\n")
    by_nodes = warnings._from_nodes(text, lines, "deck.yaml") if "---" not in text else None
    by_events = warnings._from_events(yaml.CSafeLoader(text), lines, "deck.yaml")
    return sorted(by_nodes if by_nodes is not None else by_events), sorted(by_events)


@pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("name", list(CASES))
def test_events_find_what_the_node_walk_finds(name: str) -> None:
    by_nodes, by_events = both(CASES[name])
    assert by_events == by_nodes


@pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML without libyaml")
def test_the_cases_do_warn() -> None:
    """The cases above are not vacuous: comments after texts, and only those, are found."""
    found = warnings.lost_comments(CASES["comment after text"], "deck.yaml")
    assert [warning.split(": warning:")[0] for warning in found] == ["deck.yaml:3:15", "deck.yaml:4:17"]
    assert warnings.lost_comments(CASES["number cut by a comment"], "deck.yaml") == []
    assert warnings.lost_comments(CASES["comment after a non-text key"], "deck.yaml") == []
    assert len(warnings.lost_comments(CASES["folded item"], "deck.yaml")) == 2


def test_an_alias_takes_the_node_walk() -> None:
    text = "title: x\nslides:\n  - title: &t Questions # cut\n  - title: *t\n"
    with pytest.raises(warnings._Alias):
        warnings._from_events(yaml.CSafeLoader(text), text.split("\n"), "deck.yaml")
    assert len(warnings.lost_comments(text, "deck.yaml")) == 2  # once per place the text is used


@pytest.mark.parametrize("deck", ["slides.yaml", "examples/showcase.yaml"])
def test_the_bundled_decks_read_the_same(deck: str) -> None:
    by_nodes, by_events = both((ROOT / deck).read_text(encoding="utf-8"))
    assert by_events == by_nodes
