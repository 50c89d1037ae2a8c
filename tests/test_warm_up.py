"""The neighbours' warm-up: after a move the next step and the previous one are drawn into the
render cache once the frame is out (`WARM_DELAY` later), so the next press only copies lines."""

from __future__ import annotations

from pathlib import Path

from deck.format.loader import load_deck
from deck.present import state
from deck.present.app import DeckApp
from deck.present.screens import WARM_DELAY, SlideScreen
from deck.present.state import Position

DECK = load_deck(Path(__file__).parent / "fixtures" / "app_deck.yaml")


def cached(app: DeckApp, screen: SlideScreen, position: Position) -> bool:
    """Whether the slide at `position` is in the render cache, drawn as the screen would draw it."""
    wanted = (app.generation, position.index, screen._options(False, position))
    return any(key[0] == wanted for key in app.render_cache._lines)


async def test_the_next_and_previous_steps_are_drawn_before_their_keys() -> None:
    app = DeckApp(DECK, clock=lambda: 0.0, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.slide_screen
        for _ in range(5):  # slides and reveal steps
            await pilot.press("right")
            await pilot.pause(WARM_DELAY * 5)
            following = state.forward(app.deck, screen.position)
            before = state.backward(app.deck, screen.position)
            assert following is not None and cached(app, screen, following)
            assert before is not None and cached(app, screen, before)
