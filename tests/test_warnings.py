"""`deck check`'s warnings for text that YAML cut at a ` #` or joined to an item indented too far.

The loader shows each value it reads as text to `deck.format.warnings.LostText` while it builds
the deck (one read of the file); these decks cover the shapes a deck's YAML can take, the
loader's paths (streamed, composed whole, PyYAML without libyaml) and what must stay silent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from deck.format.loader import load_deck_text
from deck.format.warnings import LostText

HEAD = "title: x\nslides:\n"


def lost(text: str, folder: Path | None = None) -> list[str]:
    """The warnings, as FILE:LINE:COL and the kind (comment or fold); `folder`: the deck's."""
    watch = LostText(text, "d.yaml")
    load_deck_text(text, "d.yaml", base_dir=folder, watch=watch)
    return [f"{warning.split(': warning:')[0]} {'fold' if 'continues' in warning else 'comment'}"
            for warning in watch.warnings]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(HEAD + "  - title: Q? #1 topic\n    text: plain # cut\n",
                 ["d.yaml:3:15 comment", "d.yaml:4:17 comment"], id="comment after text"),
    pytest.param(HEAD + "  - title: y # c\n    id: intro # c\n    chart: {kind: stat, data: [{label: u, value: 3}]}\n"
                 "  - title: z\n    chart:\n      kind: bar # c\n      data: [{label: a, value: 1}]\n",
                 ["d.yaml:3:14 comment"], id="only text: not an id, a kind"),
    pytest.param(HEAD + "  - title: 12 # twelve\n    text: 2024 # year\n", [], id="a number cut is no text"),
    pytest.param("title: 'a # b'\nslides:\n  - title: \"q\" # c\n    text: |\n      keep # this\n"
                 "    notes: >\n      and # this\n", [], id="quoted and block texts"),
    pytest.param(HEAD + "  - title: y\n    bullets:\n      - one\n        - two\n      - three # c\n",
                 ["d.yaml:6:9 fold", "d.yaml:7:15 comment"], id="folded item"),
    pytest.param("title:\n  zh: 标题 # 注\n  en: Title\nlanguages: [zh, en]\nslides:\n  - title:\n"
                 "      zh: 一 # a\n      en: one # b\n",
                 ["d.yaml:2:10 comment", "d.yaml:7:13 comment", "d.yaml:8:15 comment"], id="language entries"),
    pytest.param(HEAD + "  - {title: a # c\n    , text: b}\n", ["d.yaml:3:15 comment"], id="flow mapping"),
    pytest.param(HEAD + "  - title: y\n    columns:\n      - - text: left # l\n      - - bullets: [a, b] # m\n",
                 ["d.yaml:5:22 comment"], id="columns (not after a flow list: its texts are whole)"),
    pytest.param(HEAD + "  - title: y\n    table:\n      - [Name, Age]\n      - - Ann # who\n        - 3\n",
                 ["d.yaml:6:15 comment"], id="table cell"),
    pytest.param(HEAD + "  - title: &t Questions # cut\n  - title: *t\n", ["d.yaml:3:25 comment"],
                 id="an alias warns once"),
    pytest.param("slides:\n  - title: y # c\ntitle: x # d\n", ["d.yaml:2:14 comment", "d.yaml:3:10 comment"],
                 id="settings after the slides: built twice, warned once"),
])
def test_what_is_warned_about(text: str, expected: list[str]) -> None:
    assert lost(text) == expected


def test_without_libyaml_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + "  - title: Q? #1 topic\n    bullets:\n      - one\n        - two\n"
    with_libyaml = lost(text)
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert lost(text) == with_libyaml == ["d.yaml:3:15 comment", "d.yaml:6:9 fold"]


@pytest.mark.parametrize("deck", ["slides.yaml", "examples/showcase.yaml"])
def test_a_comment_after_any_plain_text_of_the_bundled_decks_is_found(deck: str) -> None:
    from tests.conftest import ROOT

    lines = (ROOT / deck).read_text(encoding="utf-8").split("\n")
    # Lines that end in a plain text: a list item that is no mapping, or a text key's value.
    plain = re.compile(r"^\s*(?:- (?!- |[\w-]+:( |$))|(?:- )?(?:title|text|label|en|zh|by|unit): )(?![\s'\"|>\[{&*!]).")
    marked = [number for number, line in enumerate(lines) if plain.match(line) and "#" not in line]
    for number in marked:
        lines[number] += " # c"
    found = [int(warning.split(":")[1]) - 1 for warning in lost("\n".join(lines), (ROOT / deck).parent)]
    assert len(marked) > 20
    assert found == marked
