"""What a key press redraws, and that the shortcuts taken for speed draw what Textual and Rich would.

A key press used to go through Rich's table layout for the header and status rows, Textual's
styles cache for each line of the slide, a `Static` (and a layout of the whole screen) for each
part of the presenter view, and a check of every key binding for the footer. The widgets now draw
their lines themselves and keep them until what they show changes (docs/performance.md, issue 20).
These tests hold them to the output of the code they replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from test_app import DECK, footer_key, make_app, screen_text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from deck.draw.gridrow import GridCell, GridRow
from deck.draw.render import DeckProgress, header_grid, status_grid
from deck.format.loader import load_deck
from deck.present.app import DeckApp
from deck.present.presenter_pane import NOTES_BAR, PresenterPane
from deck.present.widgets import DrawnWidget, HeaderBar, SlideView, StatusBar

# Latin, Chinese, Korean, an emoji (two cells), an ellipsis and spaces: what headers hold.
TEXTS = st.text(alphabet=list("ab XY 12") + list("中文标题") + ["한", "국", "…", "é", "😀"], max_size=50)
CONSOLE = Console(width=100, color_system="truecolor", file=open("/dev/null", "w"), legacy_windows=False)  # noqa: SIM115


def segments(renderable: object, width: int) -> list[Segment]:
    return list(CONSOLE.render(renderable, CONSOLE.options.update(width=width, height=None)))  # type: ignore[arg-type]


def progress(index: int) -> DeckProgress:
    return DeckProgress(index, 40, lambda slide: ("red", "", "#00ff00")[slide % 3])


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS, TEXTS, st.integers(1, 160))
def test_header_row_draws_what_rich_table_grid_draws(title: str, section: str, counter: str, width: int) -> None:
    row = header_grid(title, section, "magenta", counter or "1/9")
    assert segments(row, width) == segments(row.table(), width)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 39), TEXTS, TEXTS, st.one_of(st.none(), TEXTS), st.booleans(), st.integers(1, 160))
def test_status_row_draws_what_rich_table_grid_draws(index: int, note: str, elapsed: str, remaining: str | None,
                                                     overrun: bool, width: int) -> None:
    row = status_grid(progress(index), note, elapsed or "00:00", remaining or None, overrun,
                      Style(color="cyan", bold=True), Style(color="red", reverse=True))
    assert segments(row, width) == segments(row.table(), width)


def test_grid_row_leaves_only_narrow_rows_to_the_table() -> None:
    """The comparison above is not only of the table with itself: at usual widths the row is
    laid out without it; where the fixed cells do not fit, the table's own collapsing is used."""
    row = GridRow(GridCell(Text("Meta at the AI crossroads"), ratio=2), GridCell(Text("Opening"), ratio=2),
                  GridCell(Text("en  1/26"), justify="right"))
    options = CONSOLE.options
    assert row._widths(CONSOLE, options.update(width=80)) == [36, 36, 8]
    assert row._widths(CONSOLE, options.update(width=10)) is None


async def test_slide_view_hands_over_what_textuals_styles_cache_draws() -> None:
    """The slide's lines skip Textual's styles cache: they must be what it would have made of them,
    on every slide, scrolled or not, after a theme change too."""
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.slide_screen.query_one("#slide", SlideView)
        for index in range(len(DECK.slides)):
            app.slide_screen.go_to_index(index)
            await pilot.pause()
            for scroll in (0, 3):
                view.scroll_to(y=scroll, animate=False, immediate=True)
                whole = Region(0, 0, *view.outer_size)
                assert view._drawn_as_is()
                assert view.render_lines(whole) == Widget.render_lines(view, whole), (index, scroll)
                part = Region(5, 2, 30, 4)
                assert view.render_lines(part) == Widget.render_lines(view, part), (index, scroll)
        await pilot.press("t")
        await pilot.pause()
        whole = Region(0, 0, *view.outer_size)
        assert view.render_lines(whole) == Widget.render_lines(view, whole)


def first_style(widget: DrawnWidget) -> Style:
    line = widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0]
    return next(iter(line)).style or Style()


async def test_header_and_status_rows_are_drawn_again_only_when_they_change() -> None:
    app = make_app(lang="en", duration=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        header, status = app.slide_screen.query_one(HeaderBar), app.slide_screen.query_one(StatusBar)
        drawn: list[str] = []  # the first line of every drawing made
        for widget in (header, status):
            def draw(size: object, style: object, renderable: object, original: object = widget._draw) -> object:
                strips = original(size, style, renderable)  # type: ignore[operator]
                drawn.append(strips[0].text)
                return strips
            widget._draw = draw  # type: ignore[method-assign]
        await pilot.press("right")
        await pilot.pause()
        assert not [line for line in drawn if "2/6" in line]  # drawn ahead, while the app was idle
        await pilot.pause(0.1)
        assert not footer_key(app, "previous").has_class("-disabled")  # greyed in after the move
        await pilot.press("end")  # not a neighbour: drawn for the press, once
        await pilot.pause(0.1)
        assert len([line for line in drawn if "6/6" in line]) == 1
        drawn.clear()
        app.slide_screen._tick()  # the frozen clock: the timers say the same, nothing to draw
        await pilot.pause(0.1)
        assert drawn == []


async def test_rows_follow_the_theme_and_a_reloaded_decks_colours(write_deck: Callable[[str], Path]) -> None:
    text = ("title: T\nsections:\n  - {id: a, name: A, accent: '#ff0000'}\nslides:\n"
            "  - {title: One, section: a}\n  - {title: Two, section: a}\n")
    path = write_deck(text)
    app = make_app(load_deck(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")
        await pilot.pause()
        header, status = app.slide_screen.query_one(HeaderBar), app.slide_screen.query_one(StatusBar)
        before = first_style(header).bgcolor
        await pilot.press("t")
        await pilot.pause()
        assert first_style(header).bgcolor != before  # the new theme's panel colour
        red = first_style(status).color  # the done part of the bar, in the section's accent
        app.replace_deck(load_deck(str(write_deck(text.replace("#ff0000", "#00ff00")))))
        await pilot.pause()
        green = first_style(status).color
        assert red is not None and green is not None and red.triplet is not None and green.triplet is not None
        assert red.triplet.red > red.triplet.green and green.triplet.green > green.triplet.red


def notes_app(write_deck: Callable[[str], Path], notes: str) -> DeckApp:
    """A presenter on a one-slide deck whose slide has `notes`."""
    return make_app(load_deck(str(write_deck(f"title: T\nslides:\n  - title: A\n    notes: {notes}\n"))))


async def presenter_pane(pilot: Pilot[int], app: DeckApp) -> PresenterPane:
    """The presenter view opened, and its left column (slide and notes)."""
    await pilot.press("P")
    await pilot.pause()
    return app.slide_screen.query_one("#p-pane", PresenterPane)


def pane_rows(app: DeckApp, pane: PresenterPane) -> list[str]:
    """The pane's rows as they are on the screen."""
    region = pane.region
    return [row[region.x:region.right] for row in screen_text(app).splitlines()[region.y:region.bottom]]


@pytest.mark.parametrize("words", [6, 400])
async def test_presenter_notes_wrap_one_scrollbar_narrower_only_when_they_scroll(
        write_deck: Callable[[str], Path], words: int) -> None:
    notes = " ".join(f"word{number}" for number in range(words))
    app = notes_app(write_deck, notes)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await presenter_pane(pilot, app)
        inside = pane.size.width - 4  # two blank columns each side
        scrolls = words == 400
        lines = pane.notes_text.splitlines()
        assert max(len(line) for line in lines) <= (inside - NOTES_BAR if scrolls else inside)
        assert (len(lines) > pane.notes_rows) == scrolls
        assert pane.notes_text.split()[-words:] == notes.split()  # every word, in order, none cut
        shown = pane_rows(app, pane)[pane.slide_rows + 2:]
        assert len(shown) == pane.notes_rows
        # The scrollbar is the column beside the text, inside the two blank columns.
        assert all(row[inside + 2:] == "  " for row in shown)
        if not scrolls:
            assert notes in screen_text(app)
            assert all(row[:2] == "  " for row in shown)


def test_the_timers_tick_on_the_talk_clocks_seconds() -> None:
    """The tick comes when the shown time changes, so rows drawn ahead stay right until it."""
    from deck.present.state import TalkClock

    clock = TalkClock(10.0)
    assert clock.to_next_second(10.25) == pytest.approx(0.75)
    assert clock.to_next_second(12.0) == pytest.approx(1.0)
    clock.toggle(12.5)  # paused at 2.5 s: the time shown does not change
    assert clock.to_next_second(13.0) == 1.0
    assert TalkClock(0.0, waiting=True).to_next_second(5.0) == 1.0


@pytest.mark.parametrize("words", [6, 400])
async def test_presenter_notes_hand_over_what_textuals_styles_cache_draws(
        write_deck: Callable[[str], Path], words: int) -> None:
    app = notes_app(write_deck, " ".join(f"词{number}" for number in range(words)))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await presenter_pane(pilot, app)
        for scroll in (0, 3):
            pane.scroll_notes(scroll - pane.notes_offset)
            for crop in (Region(0, 0, *pane.outer_size), Region(1, 2, 20, 3), Region(0, 12, 50, 9)):
                assert pane.render_lines(crop) == Widget.render_lines(pane, crop), (scroll, crop)


@pytest.mark.parametrize("presenter", [False, True])
async def test_a_key_press_after_the_warm_up_renders_and_places_nothing(
        monkeypatch: pytest.MonkeyPatch, presenter: bool) -> None:
    """The neighbours are drawn and placed ahead (at the height the presenter's pane will take),
    and measured for the size check, so the press only hands lines over; going back is drawn
    ahead too."""
    from deck.present import screens
    from deck.present.screens import SlideScreen

    app = make_app(lang="en", start=1)
    async with app.run_test(size=(100, 30)) as pilot:
        if presenter:
            await pilot.press("P")
        await pilot.pause(0.2)
        made: list[str] = []
        place, render, warm = SlideView._place, SlideView._render_lines, SlideScreen._warm_neighbours
        monkeypatch.setattr(SlideView, "_place", staticmethod(lambda *a: made.append("place") or place(*a)))
        monkeypatch.setattr(SlideView, "_render_lines", lambda self, *a: made.append("render") or render(self, *a))
        monkeypatch.setattr(SlideScreen, "_warm_neighbours", lambda self: made.append("warm-up") or warm(self))
        measure = screens.needed_columns  # what the size check measures (a table: a millisecond)
        monkeypatch.setattr(screens, "needed_columns", lambda *a: made.append("measure") or measure(*a))
        for key in ("right", "right", "left"):  # a reveal step, the next slide, back
            await pilot.press(key)
            await pilot.pause(0.2)  # the press, then the warm-up after it
            assert made[0] == "warm-up", (key, made)
            made.clear()


@pytest.mark.parametrize("presenter", [False, True])
async def test_moves_between_slides_lay_nothing_out(write_deck: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch,
                                                  presenter: bool) -> None:
    """A slide or notes of another length change the views' scrollable size, and in the presenter
    view the split between slide and notes; neither may lay the whole screen out again (Textual
    does for every change of a virtual size or of a widget's height)."""
    from textual.screen import Screen

    tall = "\n".join(f"      - bullet {number}" for number in range(40))
    deck = ("title: T\nslides:\n"
            "  - {title: A, text: one, notes: short}\n"
            f"  - title: B\n    text: two\n    notes: {'longer notes ' * 30}\n"
            f"  - title: C\n    bullets:\n{tall}\n    notes: {'much longer notes ' * 60}\n"
            "  - {title: D, text: four}\n")
    app = make_app(load_deck(str(write_deck(deck))))
    async with app.run_test(size=(100, 30)) as pilot:
        if presenter:
            await pilot.press("P")
        await pilot.pause(0.2)
        layouts: list[int] = []
        refresh_layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout",
                            lambda self, *a, **k: layouts.append(1) or refresh_layout(self, *a, **k))
        await pilot.press("right")  # longer notes, same height of slide
        await pilot.pause(0.2)
        assert layouts == []
        await pilot.press("right")  # a slide taller than the screen
        await pilot.pause(0.2)
        assert layouts == []
        assert "↓ more" in screen_text(app)
        await pilot.press("down", "down")
        assert "↑ more" in screen_text(app)
        assert app.slide_screen.query_one("#p-pane" if presenter else "#slide", SlideView).scroll_offset.y == 2
        await pilot.press("right")  # back to a short one, scrolled to its top
        await pilot.pause(0.2)
        assert layouts == [] and "four" in screen_text(app) and "more" not in screen_text(app)


async def test_a_key_press_never_hashes_the_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashing a deck hashes every slide (15 ms at 1,000 slides): no key of a drawing may hold it."""
    from deck.format import model

    app = make_app(lang="en", duration=600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        hashed: list[int] = []
        original = model.Deck.__hash__
        monkeypatch.setattr(model.Deck, "__hash__", lambda self: hashed.append(1) or original(self))
        for key in ("right", "right", "P", "right", "left", "s", "P", "right"):
            await pilot.press(key)
            await pilot.pause(0.05)
        assert hashed == []


async def test_the_wheel_scrolls_the_part_of_the_presenters_column_under_it(
        write_deck: Callable[[str], Path]) -> None:
    """Over the notes the wheel scrolls the notes; over a tall slide, the slide."""
    from textual import events

    def wheel(down: bool, row: int) -> None:  # as a terminal reports it: to the app, screen cells
        kind = events.MouseScrollDown if down else events.MouseScrollUp
        x, y = pane.region.x + 5, pane.region.y + row
        app.post_message(kind(None, x, y, 0, 1 if down else -1, 0, False, False, False, screen_x=x, screen_y=y))

    tall = "\n".join(f"      - bullet {number}" for number in range(40))
    notes = " ".join(f"word{number}" for number in range(400))
    app = make_app(load_deck(str(write_deck(f"title: T\nslides:\n  - title: A\n    bullets:\n{tall}\n"
                                            f"    notes: {notes}\n"))))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await presenter_pane(pilot, app)
        notes_row = pane.slide_rows + 3  # below the slide and the "↓ more" row
        wheel(True, notes_row)
        await pilot.pause()
        assert pane.notes_offset > 0 and pane.scroll_offset.y == 0
        wheel(False, notes_row)
        wheel(True, 2)
        await pilot.pause()
        assert pane.notes_offset == 0 and pane.scroll_offset.y > 0
        assert "↑ more" in pane_rows(app, pane)[0]


async def test_a_press_on_the_notes_scrollbar_scrolls_the_notes_there(write_deck: Callable[[str], Path]) -> None:
    notes = " ".join(f"word{number}" for number in range(400))
    app = notes_app(write_deck, notes)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await presenter_pane(pilot, app)
        bar, first = pane.size.width - 2 - NOTES_BAR, pane.slide_rows + 2
        last = len(pane.notes_text.splitlines()) - pane.notes_rows
        await pilot.click(pane, offset=(bar, first + pane.notes_rows - 1))  # the bottom of the bar
        assert pane.notes_offset == last
        await pilot.click(pane, offset=(bar, first))
        assert pane.notes_offset == 0
        await pilot.click(pane, offset=(bar - 5, first + pane.notes_rows - 1))  # the text: nothing
        assert pane.notes_offset == 0


async def test_the_presenters_column_survives_any_size(write_deck: Callable[[str], Path]) -> None:
    """Resized down to nothing and back, scrolled notes and all: no error, the notes' end in view."""
    app = notes_app(write_deck, " ".join(f"word{number}" for number in range(400)))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await presenter_pane(pilot, app)
        pane.scroll_notes(10_000)
        for size in ((34, 24), (31, 5), (2, 2), (120, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            for y in range(pane.size.height):
                assert pane.render_line(y).cell_length == pane.size.width
        lines = len(pane.notes_text.splitlines())
        assert pane.notes_offset == lines - pane.notes_rows
        assert "word399" in screen_text(app)


async def test_a_key_typed_during_the_warm_up_waits_for_one_part_of_it_at_most(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-up draws one part per timer callback, so a key that comes during a part is
    answered before the next part (a chain of `call_later` ran every part first)."""
    import asyncio

    from textual import events

    app = make_app(lang="en")
    seen: list[tuple[str, object]] = []
    warm = SlideView.warm

    def drawn(view: SlideView, *args: object) -> None:
        if not seen:  # the first part: a key comes while it draws, as the input thread hands it over
            asyncio.get_running_loop().call_soon(app.post_message, events.Key("right", None))
        seen.append(("part", app.slide_screen.position))
        warm(view, *args)  # type: ignore[arg-type]

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        start = app.slide_screen.position
        seen.clear()
        monkeypatch.setattr(SlideView, "warm", drawn)
        await pilot.press("right")
        for _ in range(100):  # only a hang reaches the end
            await pilot.pause(0.01)
            if len(seen) >= 2:
                break
        moved = app.slide_screen.position
        assert seen[0][1] != start and seen[1][1] == moved != seen[0][1], seen
