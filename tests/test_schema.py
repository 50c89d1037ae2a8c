"""One definition of the format: the loader, docs/deck-format.md and the JSON Schema agree."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from deck.cli import main
from deck.format.loader import load_deck
from deck.format.schema import json_schema, json_schema_text, with_reference

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "slides.yaml"
DOC = ROOT / "docs" / "deck-format.md"


def example_from_docs() -> str:
    """The YAML of the "complete example" in docs/deck-format.md."""
    match = re.search(r"## A complete example\n\n```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, "docs/deck-format.md lost its complete example"
    return match.group(1)


def test_docs_reference_is_generated_from_the_schema() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert with_reference(text) == text, "run `python -m deck.format.schema` to regenerate the reference"


def test_committed_json_schema_is_current() -> None:
    assert (ROOT / "docs" / "deck.schema.json").read_text(encoding="utf-8") == json_schema_text()


def test_deck_schema_command_prints_it() -> None:
    out = io.StringIO()
    assert main(["schema"], stdout=out) == 0
    assert json.loads(out.getvalue()) == json_schema()


def test_docs_example_is_a_valid_deck(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck(example_from_docs()))
    assert len(deck.slides) == 2
    assert {chart.kind for chart in deck.charts} == {"bar", "share"}


@pytest.mark.parametrize("document", ["example", "slides"])
def test_json_schema_accepts_valid_decks(document: str) -> None:
    text = example_from_docs() if document == "example" else SLIDES.read_text(encoding="utf-8")
    jsonschema.validate(yaml.safe_load(text), json_schema())


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], None]]]:
    def unknown_slide_key(deck: dict[str, Any]) -> None:
        deck["slides"][0]["titel"] = "x"

    def string_value(deck: dict[str, Any]) -> None:
        deck["slides"][0]["chart"]["data"][0]["value"] = "12"

    def no_slides(deck: dict[str, Any]) -> None:
        del deck["slides"]

    def bad_kind(deck: dict[str, Any]) -> None:
        deck["slides"][0]["chart"]["kind"] = "pie"

    return [("unknown key", unknown_slide_key), ("string value", string_value),
            ("no slides", no_slides), ("bad kind", bad_kind)]


@pytest.mark.parametrize(("name", "mutate"), _mutations())
def test_json_schema_and_loader_both_reject(name: str, mutate: Callable[[dict[str, Any]], None],
                                            write_deck: Callable[[str], Path]) -> None:
    data = yaml.safe_load(example_from_docs())
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())
    from deck.format.errors import DeckError

    with pytest.raises(DeckError):
        load_deck(write_deck(yaml.safe_dump(data, allow_unicode=True)))
