"""The example decks in examples/ are valid (as `deck check` says, at 80x24) and, together,
show every block kind and every chart kind: they are what a new user copies from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from deck.format import model
from deck.format.loader import load_deck
from deck.format.schema import BLOCK_KEYS, CHART_KINDS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# The model class of each block key, for the "every kind is shown" check.
KIND_OF = {model.Paragraph: "text", model.Bullets: "bullets", model.Quote: "quote", model.Chart: "chart",
           model.Image: "image", model.Columns: "columns"}


def test_deck_check_passes_on_every_example() -> None:
    assert EXAMPLES
    result = subprocess.run([sys.executable, "-m", "deck", "check", "--size", "80x24", *map(str, EXAMPLES)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok: ") == len(EXAMPLES)
    assert ", 1 picture, 2 column layouts," in result.stdout  # check counts them with the other kinds


def test_the_examples_show_every_block_and_chart_kind() -> None:
    shown: set[str] = set()
    charts: set[str] = set()
    for path in EXAMPLES:
        deck = load_deck(path)
        for slide in deck.slides:
            shown.update(KIND_OF.get(type(block), type(block).__name__.lower()) for block in slide.blocks)
            shown.update(KIND_OF.get(type(block), type(block).__name__.lower())
                         for block in model.flat_blocks(slide.blocks))
        charts.update(chart.kind for chart in deck.charts)
    assert set(BLOCK_KEYS) <= shown, f"no example shows {sorted(set(BLOCK_KEYS) - shown)}"
    assert set(CHART_KINDS) <= charts, f"no example shows a {sorted(set(CHART_KINDS) - charts)} chart"
