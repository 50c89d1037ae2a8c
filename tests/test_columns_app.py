"""SVG snapshots of a two-column slide in the presenter, at 80x24 and 120x36 (looked at before
they were committed; regenerate with `pytest tests/test_columns_app.py --snapshot-update`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deck.format.loader import load_deck
from deck.present.app import DeckApp

FIXTURE = Path(__file__).parent / "fixtures" / "columns_deck.yaml"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_two_columns(snap_compare: Callable[..., bool], size: tuple[int, int], lang: str) -> None:
    app = DeckApp(load_deck(FIXTURE), lang=lang, duration=20 * 60, clock=lambda: 0.0, watch=False)
    assert snap_compare(app, terminal_size=size)
