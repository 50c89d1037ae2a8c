"""Pictures and columns in the presenter, driven with Textual's pilot on the bundled example
deck (examples/showcase.yaml): the overview lists their slides, search finds a picture by its alt
text and words inside a column, and the picture slide is drawn in half blocks."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from deck.format.loader import load_deck
from deck.present.app import DeckApp
from deck.present.dialogs import OverviewScreen
from deck.present.screens import SlideScreen
from deck.present.widgets import SlideView

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "showcase.yaml"


def _app() -> DeckApp:
    return DeckApp(load_deck(EXAMPLE), lang="en", clock=lambda: 0.0, watch=False)


def _screen(app: DeckApp) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def _slide_of(app: DeckApp, slide_id: str) -> str:
    """`n/N` of the slide with `slide_id`."""
    deck = app.slide_screen.deck
    index = next(i for i, slide in enumerate(deck.slides) if slide.id == slide_id)
    return f"{index + 1}/{len(deck.slides)}"


def _counter(app: DeckApp) -> str:
    return _screen(app).splitlines()[0].split()[-1]


async def test_overview_and_search_reach_the_picture_and_the_columns() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        listed = _screen(app)
        assert "A picture, with the words that stand for it" in listed
        assert "Two columns, the right one twice as wide" in listed
        await pilot.press("escape")
        # The alt text is searched like any other text of the slide...
        await pilot.press("slash", *"joined by arrows", "enter")
        await pilot.pause()
        assert _counter(app) == _slide_of(app, "picture")
        await pilot.press("escape")
        assert isinstance(app.screen, SlideScreen)
        view = app.slide_screen.query_one("#slide", SlideView)
        assert view.text.count("▀") >= 36 * 3  # and the picture is on screen, in half blocks
        # ... and so are the words inside a column.
        await pilot.press("slash", *"columns stack", "enter")
        await pilot.pause()
        assert _counter(app) == _slide_of(app, "columns")
