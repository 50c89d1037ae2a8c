"""SVG snapshots of the presenter (pytest-textual-snapshot), at 80x24 and 120x36.

The SVGs live in tests/__snapshots__/test_app_snapshots/. When a change to the look is intended
(for example render.py draws charts differently), regenerate them with one command and look at
every changed picture before committing it:

    pytest tests/test_app_snapshots.py --snapshot-update

The clock is frozen (timers read 00:00 and, with the 20-minute duration, 20:00 left) and file
watching is off, so the pictures do not depend on when or where the tests run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deck.format.loader import load_deck
from deck.present.app import DeckApp

FIXTURE = Path(__file__).parent / "fixtures" / "app_deck.yaml"
SIZES = [(80, 24), (120, 36)]
CHART = 2  # the bar chart slide of the fixture deck

Compare = Callable[..., bool]


def make_app(lang: str = "zh", start: int = 0) -> DeckApp:
    """The fixture deck with a frozen clock and a planned duration of 20 minutes."""
    return DeckApp(load_deck(FIXTURE), lang=lang, start=start, duration=20 * 60,
                   clock=lambda: 0.0, watch=False)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_title_slide(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_slide(snap_compare: Compare, size: tuple[int, int], lang: str) -> None:
    assert snap_compare(make_app(lang, CHART), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_overview(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("en", CHART), terminal_size=size, press=["o"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_presenter_view(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("zh", CHART), terminal_size=size, press=["P"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("en"), terminal_size=size, press=["question_mark"])


def test_too_small(snap_compare: Compare) -> None:
    assert snap_compare(make_app("zh", CHART), terminal_size=(38, 12))


def test_tall_slide_scrolled(snap_compare: Compare) -> None:
    assert snap_compare(make_app("en", 3), terminal_size=(80, 24), press=["down"] * 3)
