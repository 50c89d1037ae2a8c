"""Property-based fuzzing: mutated decks load or fail with `DeckError`; loaded decks export and fit.

Valid decks (a small one touching every field, and the first slides of the bundled deck) are
mutated the way people and attackers do: keys deleted, renamed (to a field of another object,
or to nonsense) and duplicated; nodes duplicated, moved and retyped (null, numbers, NaN, lists,
mappings); every text field replaced by arbitrary Unicode (controls, CJK, emoji, combining
marks, bidi controls); and the YAML text itself cut, spliced and sprinkled with bytes. Whatever
comes of it must load or raise `DeckError` -- never another exception. Every deck that loads
must export as text and Markdown, Unicode and ASCII, at any width from 10 to 300, with every
text line (and every line inside a Markdown fence) within the width.

Aliases, odd keys and long names are generated on YAML's node graph (`odd_node_decks`): a key
replaced by a list, a list of lists (up to 300 deep), a mapping, a number, an alias of any node,
or a name thousands of characters long; a value replaced by an alias of another node (cycles
included); ids, section names and texts made long. Every refusal must be the same error on the
streaming and the whole-graph path, one line, and short.

Examples per property: ``DECK_FUZZ_EXAMPLES`` (default 300); CI runs the default, run more
locally with e.g. ``DECK_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import copy
import io
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from deck.export import export_deck
from deck.format.errors import MAX_MESSAGE_CHARS, DeckError
from deck.format.loader import _Builder, compose, load_deck_text
from deck.format.model import Deck
from deck.format.schema import OBJECTS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("DECK_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SMALL: dict[str, Any] = {
    "title": {"zh": "测试", "en": "Test"},
    "subtitle": "A subtitle",
    "author": "Someone",
    "date": "2025-12",
    "languages": ["zh", "en"],
    "reveal": False,
    "sections": [{"id": "s1", "name": {"zh": "第一部分", "en": "Part one"}, "accent": "magenta"}],
    "slides": [
        {"section": "s1", "id": "a", "title": {"zh": "四年原地踏步", "en": "Four years"}, "subtitle": "sub",
         "reveal": True, "text": "Reality Labs 累计亏损超过 700 亿美元。",
         "bullets": [{"zh": "十年投入1000亿美元", "en": "$100 billion"}, "Meta"],
         "quote": {"text": "我感觉五脏六腑都在翻腾。", "by": "Mark Chen"}, "notes": "Notes here"},
        {"section": "s1", "title": "Bars",
         "chart": {"kind": "bar", "title": "Money", "unit": {"zh": "亿美元", "en": "$100M"},
                   "data": [{"label": "pledge", "value": 1000, "display": "1000亿"},
                            {"label": "loss", "value": -177.5, "unit": "x"}]}},
        {"section": "s1", "title": "Share",
         "chart": {"kind": "share", "total": 100, "rest": "Others", "data": [{"label": "Meta", "value": 71}]}},
        {"section": "s1", "title": "Timeline",
         "chart": {"kind": "timeline", "data": [{"label": "renamed", "date": "2021"},
                                                {"label": "pledge", "date": "2022", "value": 1000}]}},
        {"section": "s1", "title": "Stat", "chart": {"kind": "stat", "data": [{"label": "share", "value": 0.71,
                                                                                   "display": "71%"}]}},
    ],
}


def _bundled_head(slides: int = 4) -> dict[str, Any]:
    """The bundled deck's first slides, without its source (a mutated quote would only say 'not found')."""
    tree: dict[str, Any] = yaml.safe_load((ROOT / "slides.yaml").read_text(encoding="utf-8"))
    tree.pop("source", None)
    tree["slides"] = tree["slides"][:slides]
    for slide in tree["slides"]:
        for datum in (slide.get("chart") or {}).get("data", []):
            datum.pop("source", None)
    return tree


BASES = [SMALL, _bundled_head()]
FIELD_NAMES = sorted({field.name for fields in OBJECTS.values() for field in fields})
TEXT_ALPHABET = st.one_of(
    st.characters(codec="utf-8"),  # anything, controls included
    st.sampled_from("中文，。（）「」《》…—ＡＢ한글テスト👍🏽👨‍👩‍👧é\u0301\u200b\u202e\u2066\u061c\u00a0\t\n\r\x1b\x07[]"),
)
TEXTS = st.text(TEXT_ALPHABET, max_size=60)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), TEXTS,
    st.sampled_from(["bar", "share", "timeline", "stat", "s1", "zh", "en", "red", "#ff00ff", "1e308", "-0.0"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(FIELD_NAMES) | TEXTS, inner, max_size=3), max_leaves=6)


def _paths(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every node's path (keys and indexes) in `tree`, the root excluded."""
    found: list[tuple[Any, ...]] = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.append((*path, key))
            found.extend(_paths(value, (*path, key)))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found.append((*path, index))
            found.extend(_paths(value, (*path, index)))
    return found


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        tree = tree[step]
    return tree


@st.composite
def mutated_trees(draw: st.DrawFn) -> dict[str, Any]:
    """A base deck after one to four structural mutations."""
    tree: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(tree)
        path = draw(st.sampled_from(paths))
        parent, last = _parent(tree, path), path[-1]
        operation = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "text", "move"]))
        if operation == "delete":
            del parent[last]
        elif operation == "duplicate":
            if isinstance(parent, list):
                parent.insert(last, copy.deepcopy(parent[last]))
            else:  # the same value under another key of the same mapping
                parent[draw(st.sampled_from(FIELD_NAMES))] = copy.deepcopy(parent[last])
        elif operation == "retype":
            parent[last] = draw(VALUES)
        elif operation == "rename" and isinstance(parent, dict):
            value = parent.pop(last)
            parent[draw(st.sampled_from(FIELD_NAMES) | TEXTS)] = value
        elif operation == "text":
            parent[last] = draw(TEXTS) if not isinstance(parent[last], dict) else {
                key: draw(TEXTS) for key in parent[last]}
        elif operation == "move":
            target = draw(st.sampled_from(paths))
            destination = _parent(tree, target)
            if target[: len(path)] != path:  # not into itself
                destination[target[-1]] = copy.deepcopy(parent[last])
    return tree


@st.composite
def text_fields_replaced(draw: st.DrawFn) -> dict[str, Any]:
    """A base deck with every string leaf replaced by arbitrary text (structure kept)."""
    tree: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(BASES)))
    keep = {"kind", "id", "section", "accent", "languages"}

    def replace(node: Any, key: Any = None) -> Any:
        if isinstance(node, dict):
            return {k: replace(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(item, key) for item in node]
        if isinstance(node, str) and key not in keep:
            return draw(TEXTS)
        return node

    return dict(replace(tree))


@st.composite
def damaged_yaml(draw: st.DrawFn) -> str:
    """A valid deck's YAML text, cut, spliced or sprinkled with characters."""
    text = yaml.safe_dump(draw(st.sampled_from(BASES)), allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 40)))
        operation = draw(st.sampled_from(["cut", "insert", "splice"]))
        if operation == "cut":
            text = text[:at] + text[end:]
        elif operation == "insert":
            text = text[:at] + draw(st.text(st.sampled_from(" \t\n-:[]{}&*!|>'\"#%@`,?\x00\x1b\ufeff中a1"),
                                             max_size=8)) + text[at:]
        else:
            source = draw(st.integers(0, len(text)))
            text = text[:at] + text[source : source + (end - at)] + text[at:]
    return text


LONG_NAMES = st.builds(lambda unit, count: unit * count, st.sampled_from(["a", "titel", "中", "s1-", "é\u0301"]),
                       st.integers(50, 5000))
ODD_KEYS = st.sampled_from(["list", "deep list", "mapping", "number", "null", "bool", "alias", "long"])


def _positions(node: yaml.Node, seen: set[int] | None = None) -> list[tuple[yaml.Node, int, int]]:
    """Every place in a node graph: (collection, index, 0 for a key / 1 for a value or item)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return []
    seen.add(id(node))
    found: list[tuple[yaml.Node, int, int]] = []
    if isinstance(node, yaml.MappingNode):
        for index, (key, value) in enumerate(node.value):
            found += [(node, index, 0), (node, index, 1)]
            found += _positions(key, seen) + _positions(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.append((node, index, 1))
            found += _positions(item, seen)
    return found


def _get(place: tuple[yaml.Node, int, int]) -> yaml.Node:
    node, index, side = place
    entry = node.value[index]
    return entry[side] if isinstance(node, yaml.MappingNode) else entry  # type: ignore[no-any-return]


def _put(place: tuple[yaml.Node, int, int], new: yaml.Node) -> None:
    node, index, side = place
    if isinstance(node, yaml.MappingNode):
        key, value = node.value[index]
        node.value[index] = (new, value) if side == 0 else (key, new)
    else:
        node.value[index] = new


def _scalar(value: str, tag: str = "str") -> yaml.ScalarNode:
    return yaml.ScalarNode(f"tag:yaml.org,2002:{tag}", value)


def _odd_key(draw: st.DrawFn, places: list[tuple[yaml.Node, int, int]]) -> yaml.Node:
    kind = draw(ODD_KEYS)
    if kind == "list":
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_scalar("en"), _scalar("zh")])
    if kind == "deep list":
        node: yaml.Node = _scalar("a")
        for _ in range(draw(st.integers(2, 300))):
            node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node])
        return node
    if kind == "mapping":
        return yaml.MappingNode("tag:yaml.org,2002:map", [(_scalar("en"), _scalar("x"))])
    if kind == "number":
        return _scalar(str(draw(st.integers(-5, 10**6))), "int")
    if kind == "null":
        return _scalar("", "null")
    if kind == "bool":
        return _scalar("true", "bool")
    if kind == "alias":
        return _get(draw(st.sampled_from(places)))
    return _scalar(draw(LONG_NAMES))


@st.composite
def odd_node_decks(draw: st.DrawFn) -> str:
    """A base deck's node graph with odd keys, aliases and long names, serialized to YAML."""
    root = yaml.SafeDumper(io.StringIO()).represent_data(copy.deepcopy(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 4))):
        places = _positions(root)
        place = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["key", "alias", "long"]))
        if operation == "key" and place[2] == 0:
            _put(place, _odd_key(draw, places))
        elif operation == "alias":  # the same node here too: an anchor and an alias (maybe a cycle)
            _put(place, _get(draw(st.sampled_from(places))))
        elif isinstance(_get(place), yaml.ScalarNode):
            _put(place, _scalar(draw(LONG_NAMES)))
    return str(yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True, width=4096))


def _load(text: str) -> Deck | None:
    """The deck, or None when it is refused as it must be: with a DeckError, one short line,
    the same on the streaming and on the whole-graph path."""
    try:
        deck = load_deck_text(text, "fuzz.yaml", base_dir=ROOT)
    except DeckError as error:
        assert str(error).startswith("fuzz.yaml")
        assert "\n" not in str(error) and "\x1b" not in str(error)
        assert len(error.message) <= MAX_MESSAGE_CHARS, error.message[:200]
        with pytest.raises(DeckError) as whole_error:
            _Builder("fuzz.yaml", ROOT).deck(compose(text, "fuzz.yaml"))
        assert str(whole_error.value) == str(error)
        _note(f"refused: {type(error).__name__}")
        return None
    _note("loaded")
    # the streaming fast path and the whole-graph path must agree on every deck that loads
    whole = _Builder("fuzz.yaml", ROOT).deck(compose(text, "fuzz.yaml"))
    assert deck == whole
    assert [slide.span for slide in deck.slides] == [slide.span for slide in whole.slides]
    return deck


def _note(outcome: str) -> None:
    """Count outcomes in Hypothesis' statistics (`pytest --hypothesis-show-statistics`)."""
    if currently_in_test_context():
        event(outcome)


def _dump(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=4096)


def _check_exports(deck: Deck, width: int) -> None:
    for lang in deck.languages:
        for ascii_only in (False, True):
            text = export_deck(deck, fmt="text", width=width, lang=lang, ascii_only=ascii_only, notes=True)
            for number, line in enumerate(text.split("\n"), 1):
                assert cell_len(line) <= width, f"text {lang} ascii={ascii_only} line {number}: {line!r}"
                assert not re.search("[\x00-\x1f\x7f-\x9f]", line), f"control character in {line!r}"
            markdown = export_deck(deck, fmt="markdown", width=width, lang=lang, ascii_only=ascii_only, notes=True)
            fence: str | None = None
            for number, line in enumerate(markdown.split("\n"), 1):
                if fence is None and re.fullmatch(r"`{3,}text", line):
                    fence = line[: -len("text")]
                elif fence is not None and line == fence:
                    fence = None
                elif fence is not None:
                    assert cell_len(line) <= width, f"markdown {lang} ascii={ascii_only} line {number}: {line!r}"
            assert fence is None, "an unclosed fence"


@FUZZ
@given(mutated_trees())
def test_mutated_decks_load_or_raise_deck_error(tree: dict[str, Any]) -> None:
    _load(_dump(tree))


@FUZZ
@given(damaged_yaml())
def test_damaged_yaml_loads_or_raises_deck_error(text: str) -> None:
    _load(text)


@FUZZ
@given(odd_node_decks())
def test_aliases_odd_keys_and_long_names_load_or_raise_deck_error(text: str) -> None:
    _load(text)


@FUZZ
@given(odd_node_decks(), st.integers(10, 300))
def test_aliased_decks_that_load_export_within_any_width(text: str, width: int) -> None:
    deck = _load(text)
    if deck is not None:
        _check_exports(deck, width)


@FUZZ
@given(text_fields_replaced(), st.integers(10, 300))
def test_decks_with_any_text_export_within_any_width(tree: dict[str, Any], width: int) -> None:
    deck = _load(_dump(tree))
    assume(deck is not None)
    assert deck is not None
    _check_exports(deck, width)


@FUZZ
@given(mutated_trees(), st.integers(10, 300))
def test_mutated_decks_that_load_export_within_any_width(tree: dict[str, Any], width: int) -> None:
    deck = _load(_dump(tree))
    if deck is not None:
        _check_exports(deck, width)


@pytest.mark.parametrize("width", [10, 11, 13, 20, 33, 80, 300])
def test_the_bases_load_and_fit(width: int) -> None:
    # the control for the properties above: the unmutated decks load, and fit at the edges
    for base in BASES:
        deck = _load(_dump(base))
        assert deck is not None
        _check_exports(deck, width)


def test_numbers_survive_the_round_trip() -> None:
    deck = _load(_dump(SMALL))
    assert deck is not None
    values = [datum.value for chart in deck.charts for datum in chart.data if datum.value is not None]
    assert values == [1000.0, -177.5, 71.0, 1000.0, 0.71] and all(math.isfinite(v) for v in values)
