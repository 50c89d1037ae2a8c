"""The presenter's polish (issue 17), driven with Textual's pilot: layout, title slide, timers,
NEXT, notifications, help and palette. What only a real terminal shows is in tests/test_tmux.py.

The deck is tests/fixtures/app_deck.yaml (see tests/test_app.py); clocks are hand-moved lists.
"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input
from textual.widgets._toast import Toast

from deck.draw import layout
from deck.draw.render import RenderOptions, TitlePage, render_slide, slide_options
from deck.format.loader import load_deck
from deck.present import state
from deck.present.presenter_pane import PresenterPane
from deck.present.screens import SlideScreen
from tests.test_app import DECK, FIXTURE, make_app, screen_text

TALL = 3  # the fixture's slide too tall for 80x24


def rule_row(text: str) -> tuple[int, int, int]:
    """(row, first column, last column) of the slide's title rule (a run of ━ at least 10 long)."""
    for row, line in enumerate(text.splitlines()[1:-2], start=1):
        start = line.find("━" * 10)
        if start >= 0:
            return row, start, len(line.rstrip()) - 1
    raise AssertionError(f"no title rule on the screen:\n{text}")


# --- layout: the title row, the readable width ------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_title_rule_is_on_the_same_row_on_every_slide_but_the_title_slide(size: tuple[int, int]) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=size) as pilot:
        rows = set()
        for index in range(1, len(DECK.slides)):
            app.slide_screen.go_to_index(index)
            await pilot.pause()
            rows.add(rule_row(screen_text(app))[0])
        # header, padding row, section name, title: the rule is on row 4 of the screen
        assert rows == {layout.HEADER_ROWS + layout.PAD_ROWS + 2}


async def test_a_wide_terminal_centres_a_slide_of_readable_width() -> None:
    app = make_app(lang="en", start=2)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        _row, first, last = rule_row(text)
        assert last - first + 1 == layout.MAX_TEXT_WIDTH
        assert abs(first - (200 - 1 - last)) <= 1  # as much room on the left as on the right
        lines = text.splitlines()
        assert len(lines[0].rstrip()) == 200  # the header: the whole width (the counter at the end)
        assert lines[-2].rstrip().endswith("20:00 left") or "elapsed" in lines[-2][150:]


def test_text_width_and_placement() -> None:
    assert layout.text_width(76) == 76
    assert layout.text_width(196) == layout.MAX_TEXT_WIDTH
    assert layout.placement((100, 10), (196, 40)) == (48, 0)
    assert layout.placement((100, 10), (196, 40), middle=True) == (48, 15)
    assert layout.placement((76, 50), (76, 19), middle=True) == (0, 0)  # too tall: from the top


# --- the title slide -------------------------------------------------------------------------


def test_title_slide_shows_subtitle_author_date_and_source(write_deck: object) -> None:
    from pathlib import Path

    path = Path(write_deck("title: Talk\nsubtitle: The deck's subtitle\nauthor: Ada Lovelace\n"  # type: ignore[operator]
                           "date: 1 Dec 2026\nsource: {file: seeds/meta-ai.zh.txt, publisher: Shudushe}\n"
                           "slides:\n  - title: Welcome\n  - title: Two\n"))
    deck = load_deck(str(path))
    from rich.console import Console

    console = Console(width=60, record=True, color_system=None)
    console.print(render_slide(deck.slides[0], slide_options(deck, 0, RenderOptions(lang="en"))))
    lines = [line for line in console.export_text().splitlines() if line.strip()]
    assert [line.strip() for line in lines] == ["Welcome", "━" * 40, "The deck's subtitle",
                                                "Ada Lovelace · 1 Dec 2026", "Source: Shudushe"]
    for line in lines:  # every line centred
        assert abs((len(line) - len(line.lstrip())) - (60 - len(line.rstrip()))) <= 1, line
    assert slide_options(deck, 1, RenderOptions(lang="en")).title_page is None
    assert slide_options(deck, 0, RenderOptions(lang="en")).title_page == TitlePage.of(deck)


async def test_title_slide_is_centred_vertically_in_the_app() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        title_row = next(row for row, line in enumerate(lines) if line.strip() == "Meta at the AI crossroads")
        assert title_row > 5
        assert "Shudushe · December 2025" in "\n".join(lines)
        last = max(row for row, line in enumerate(lines[:-2]) if line.strip())
        above, below = title_row - 1, 21 - last
        assert abs(above - below) <= 1


# --- timers ----------------------------------------------------------------------------------


def test_timers_count_the_same_whole_seconds() -> None:
    assert state.timers(0.04, 10) == state.Timers("00:00", "00:10", False)
    assert state.timers(0.99, 10) == state.Timers("00:00", "00:10", False)
    assert state.timers(1.0, 10) == state.Timers("00:01", "00:09", False)
    assert state.timers(10.7, 10) == state.Timers("00:10", "00:00", False)
    assert state.timers(11.0, 10).remaining == "+00:01 over"


def test_talk_clock_pauses_resumes_resets_and_times_each_slide() -> None:
    clock = state.TalkClock(100.0)
    assert clock.elapsed(130.0) == 30.0
    assert clock.toggle(130.0) is False  # paused
    assert clock.elapsed(200.0) == 30.0
    assert clock.toggle(200.0) is True
    assert clock.elapsed(210.0) == 40.0
    clock.new_slide(210.0)
    assert clock.on_slide(215.0) == 5.0
    clock.reset(220.0)
    assert clock.elapsed(221.0) == 1.0 and clock.on_slide(221.0) == 1.0
    waiting = state.TalkClock(0.0, waiting=True)
    assert waiting.elapsed(50.0) == 0.0 and waiting.waiting
    assert waiting.start(50.0) is True
    assert waiting.elapsed(53.0) == 3.0 and not waiting.start(60.0)


async def test_timer_reads_ten_seconds_left_at_start_even_after_a_few_milliseconds() -> None:
    now = [0.0]
    app = make_app(clock=lambda: now[0], duration=10)
    async with app.run_test(size=(80, 24)) as pilot:
        now[0] = 0.3
        await pilot.pause(1.1)
        assert screen_text(app).splitlines()[-2].endswith("elapsed 00:00 00:10 left")


async def test_pause_resume_and_reset_keys() -> None:
    now = [0.0]
    app = make_app(clock=lambda: now[0], duration=60)
    async with app.run_test(size=(80, 24)) as pilot:
        now[0] = 5.0
        await pilot.press("z")
        status = screen_text(app).splitlines()[-2]
        assert "timer paused" in status and "elapsed 00:05" in status
        now[0] = 50.0
        await pilot.pause(1.1)
        assert "elapsed 00:05" in screen_text(app).splitlines()[-2]
        await pilot.press("z")
        now[0] = 52.0
        await pilot.press("right")
        status = screen_text(app).splitlines()[-2]
        assert "timer paused" not in status and "elapsed 00:07" in status and "00:53 left" in status
        await pilot.press("ctrl+r")
        assert "elapsed 00:00 01:00 left" in screen_text(app).splitlines()[-2]


async def test_timer_on_key_waits_for_the_first_key() -> None:
    now = [0.0]
    app = make_app(clock=lambda: now[0], duration=60, timer_on_key=True)
    async with app.run_test(size=(80, 24)) as pilot:
        now[0] = 30.0
        await pilot.press("P")  # the first key: the timer starts now
        assert "WAITING" not in screen_text(app)
        now[0] = 34.0
        await pilot.press("right")
        assert "ELAPSED    00:04" in screen_text(app)


async def test_presenter_view_times_the_current_slide() -> None:
    now = [0.0]
    app = make_app(clock=lambda: now[0], lang="en", start=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("P")
        now[0] = 42.0
        await pilot.pause(1.1)
        assert "THIS SLIDE 00:42" in screen_text(app)
        await pilot.press("right")
        now[0] = 45.0
        await pilot.pause(1.1)
        text = screen_text(app)
        assert "THIS SLIDE 00:03" in text and "ELAPSED    00:45" in text


# --- the presenter view ----------------------------------------------------------------------


def side_panel(app: object) -> str:
    """The presenter view's side panel as one line of words."""
    lines = screen_text(app).splitlines()[1:-2]  # type: ignore[arg-type]
    return " ".join(" ".join(line[-(layout.PRESENTER_SIDE - 1):] for line in lines).split())


async def test_next_shows_the_next_bullets_text() -> None:
    app = make_app(lang="en", start=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("P")
        text = side_panel(app)
        assert "NEXT bullet 1 of 3" in text and "• How much did the metaverse cost?" in text
        await pilot.press("right")
        assert "• Why did AI fall behind?" in side_panel(app)
        await pilot.press("right", "right", "right")
        assert "NEXT slide" in side_panel(app)


async def test_next_names_a_reveal_tables_row_as_a_row(write_deck: object) -> None:
    deck = load_deck(write_deck("title: T\nslides:\n  - title: S\n    table: {reveal: true, "  # type: ignore[operator]
                                "header: [who, what], rows: [[Ada, engines], [Alan, machines]]}\n"))
    app = make_app(deck, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("P")
        text = side_panel(app)
        assert "NEXT row 1 of 2" in text and "• Ada · engines" in text and "bullet" not in text
        await pilot.press("right")
        assert "NEXT row 2 of 2" in side_panel(app) and "• Alan · machines" in side_panel(app)


async def test_presenter_view_gives_the_slide_its_rows_else_scrolls_with_hints() -> None:
    app = make_app(lang="en", start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("P")
        await pilot.pause()
        pane = app.slide_screen.query_one("#p-pane", PresenterPane)
        assert pane.slide_rows == pane.content_height  # the whole chart slide, notes under it
        assert "Over fifty billion dollars lost in four years." in screen_text(app)
        app.slide_screen.go_to_index(TALL)
        await pilot.pause()
        width, most = layout.presenter_slide_area((80, 24))
        assert pane.slide_window == (width, most) and pane.content_height > most
        assert "↓ more" in screen_text(app)
        await pilot.press("down", "down")
        text = screen_text(app)
        assert "↑ more" in text and pane.scroll_offset.y == 2


async def test_presenter_notes_scroll_with_brackets_not_arrows(write_deck: object) -> None:
    from pathlib import Path

    notes = " ".join(f"word{number}" for number in range(400))
    path = Path(write_deck(f"title: T\nslides:\n  - title: A\n    notes: {notes}\n  - title: B\n"))  # type: ignore[operator]
    app = make_app(load_deck(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("P", "down")
        pane = app.slide_screen.query_one("#p-pane", PresenterPane)
        assert pane.notes_offset == 0
        await pilot.press("right_square_bracket")
        assert pane.notes_offset == 3
        await pilot.press("left_square_bracket")
        assert pane.notes_offset == 0


def test_check_size_presenter_reports_what_scrolls_in_the_presenter_view() -> None:
    assert layout.fit_problems(DECK, (120, 40), presenter=True) == []
    problems = layout.fit_problems(DECK, (80, 24), presenter=True)
    assert problems and all("in the presenter view" in problem for problem in problems)
    assert any(f"{FIXTURE}:" in problem and "slide 4" in problem for problem in problems)


# --- notifications, palette ------------------------------------------------------------------


@pytest.mark.parametrize("presenter", [False, True])
async def test_notifications_cover_neither_timers_nor_keys_nor_title(presenter: bool) -> None:
    app = make_app(lang="en", start=2, duration=600)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        if presenter:
            await pilot.press("P")
        await pilot.press("t")
        await pilot.pause(0.5)
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            region = toast.region
            assert region.bottom <= 24 - 3  # above the "more" row, the status bar and the keys
            assert region.y > 4  # below the header and the slide's title
            if presenter:
                assert region.x >= 80 - layout.PRESENTER_SIDE  # on the side panel, off the notes
        text = screen_text(app).splitlines()
        assert text[-2].endswith("10:00 left") and "Quit" in text[-1]


async def test_a_reload_error_goes_away_by_itself(tmp_path: object) -> None:
    from pathlib import Path

    from deck.present.app import ERROR_SECONDS

    path = Path(str(tmp_path)) / "talk.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(load_deck(str(path)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        path.write_text("title: [", encoding="utf-8")
        await pilot.press("r")
        await pilot.pause()
        assert "deck not reloaded" in screen_text(app)
        assert ERROR_SECONDS <= 10
        notification = next(iter(app._notifications))
        assert notification.timeout == ERROR_SECONDS


async def test_palette_says_it_jumps_to_slides_and_lists_only_slides() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        placeholder = app.screen.query_one(Input).placeholder
        assert placeholder.startswith("Jump to a slide")
        text = screen_text(app)
        for gone in ("Screenshot", "Keys", "Theme", "Search for commands"):
            assert gone not in text
        assert "1. Meta at the AI crossroads" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SlideScreen)
