"""The presenter, driven key by key with Textual's pilot; assertions read what is on screen.

The deck is tests/fixtures/app_deck.yaml (bilingual, six slides: a title, a reveal list, a bar
chart, a slide too tall for 80x24, a quote, an end slide). The clock is frozen unless a test
moves it, and file watching is off unless a test is about it.
"""

from __future__ import annotations

import io
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets._footer import FooterKey

from deck.draw import layout
from deck.format.errors import UsageError
from deck.format.loader import load_deck
from deck.format.model import Deck
from deck.present import state
from deck.present.app import DeckApp, check_theme, theme_names
from deck.present.dialogs import HelpScreen, OverviewScreen, SearchScreen
from deck.present.screens import SlideScreen
from deck.present.state import Position
from deck.present.widgets import SlideView
from tests.test_follow import until

FIXTURE = Path(__file__).parent / "fixtures" / "app_deck.yaml"
DECK = load_deck(FIXTURE)
N = len(DECK.slides)


def make_app(deck: Deck = DECK, **options: object) -> DeckApp:
    """A presenter on `deck` with a frozen clock and no file watching (unless overridden)."""
    settings: dict[str, object] = {"clock": lambda: 0.0, "watch": False}
    settings.update(options)
    return DeckApp(deck, **settings)  # type: ignore[arg-type]


def screen_text(app: DeckApp) -> str:
    """Everything on the terminal as plain text (pop-ups over the slides included)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def slide_screen(app: DeckApp) -> SlideScreen:
    return app.slide_screen


def header(app: DeckApp) -> str:
    return screen_text(app).splitlines()[0]


def counter(app: DeckApp) -> str:
    """The `n/N` of the header row."""
    return header(app).split()[-1]


def footer_key(app: DeckApp, action: str) -> FooterKey:
    return next(key for key in app.screen.query(FooterKey) if key.action == action)


# --- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)])
async def test_slide_area_matches_layout_module(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#slide", SlideView)
        assert (view.size.width, view.size.height) == layout.slide_area(size)
        assert view.region.y == layout.HEADER_ROWS + layout.PAD_ROWS
        assert view.region.x == layout.PAD_COLS


async def test_title_slide_header_and_footer() -> None:
    app = make_app(duration=20 * 60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[0].startswith("Meta 的 AI 十字路口")
        assert "开场" in lines[0] and lines[0].rstrip().endswith("zh  1/6")
        body = "\n".join(lines[1:-2])
        assert "一家社交公司如何押注未来" in body
        assert "elapsed 00:00" in lines[-2] and "20:00 left" in lines[-2]
        assert "━" in lines[-2]  # the progress bar
        assert "Next" in lines[-1] and "Quit" in lines[-1]


async def test_section_name_is_drawn_in_its_accent_colour() -> None:
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        info = app.screen.query_one("#header").info  # type: ignore[attr-defined]
        assert (info.section, info.accent) == ("元宇宙豪赌", "magenta")


# --- moving ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["right", "space", "pagedown", "enter", "l", "j", "n"])
async def test_next_keys(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert counter(app) == "2/6"
        assert "三个问题" in screen_text(app)


@pytest.mark.parametrize("key", ["left", "backspace", "pageup", "h", "k", "p"])
async def test_previous_keys(key: str) -> None:
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert counter(app) == "2/6"
        text = screen_text(app)
        # Coming back, a reveal slide shows everything it had revealed.
        assert "元宇宙花了多少钱" in text and "接下来怎么办" in text


@pytest.mark.parametrize("key", ["home", "g"])
async def test_first_keys(key: str) -> None:
    app = make_app(start=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert counter(app) == "1/6"


@pytest.mark.parametrize("key", ["end", "G"])
async def test_last_keys(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert counter(app) == "6/6"
        assert "提问时间" in screen_text(app)


async def test_typed_number_then_enter_or_g() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        assert "go to 5_" in screen_text(app).splitlines()[-2]
        await pilot.press("enter")
        assert counter(app) == "5/6"
        await pilot.press("3", "G")
        assert counter(app) == "3/6"
        await pilot.press("1", "escape", "enter")  # escape forgets the number: enter is next
        assert counter(app) == "4/6"


async def test_typed_number_out_of_range_stays_and_says_so() -> None:
    app = make_app(start=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        assert counter(app) == "2/6"
        assert "there is no slide 42: the deck has 6" in screen_text(app)


async def test_ends_of_the_deck_do_nothing_and_grey_out() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = slide_screen(app)
        assert screen.check_action("previous", ()) is None
        assert footer_key(app, "previous").has_class("-disabled")
        assert not footer_key(app, "next").has_class("-disabled")
        previous = footer_key(app, "previous")
        await pilot.press("left", "home")
        assert counter(app) == "1/6"
        await pilot.press("end")
        await pilot.pause()
        assert screen.check_action("next", ()) is None
        assert footer_key(app, "next").has_class("-disabled")
        assert not footer_key(app, "previous").has_class("-disabled")
        assert footer_key(app, "previous") is previous  # greyed in place, the footer not rebuilt
        before = screen_text(app)
        await pilot.press("right", "space", "end")
        assert counter(app) == "6/6"
        assert screen_text(app) == before


# --- reveal ---------------------------------------------------------------------------------


async def test_reveal_one_bullet_per_key_and_hide_again() -> None:
    app = make_app(start=1)
    bullets = ["元宇宙花了多少钱", "AI 为什么落后", "接下来怎么办"]
    async with app.run_test(size=(80, 24)) as pilot:

        def shown() -> list[bool]:
            text = screen_text(app)
            return [bullet in text for bullet in bullets]

        await pilot.pause()
        assert shown() == [False, False, False]
        await pilot.press("right")
        assert shown() == [True, False, False] and counter(app) == "2/6"
        await pilot.press("space")
        assert shown() == [True, True, False]
        await pilot.press("left")
        assert shown() == [True, False, False]
        await pilot.press("right", "right")
        assert shown() == [True, True, True] and counter(app) == "2/6"
        await pilot.press("right")
        assert counter(app) == "3/6"


# --- views ----------------------------------------------------------------------------------


async def test_overview_lists_sections_and_jumps() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        for name in ("Opening", "The metaverse bet", "Catching up in AI", "Reality Labs losses"):
            assert name in text
        await pilot.press("down", "down", "enter")  # skips the section heading
        assert isinstance(app.screen, SlideScreen)
        assert counter(app) == "3/6"
        await pilot.press("o", "escape")
        assert isinstance(app.screen, SlideScreen) and counter(app) == "3/6"


async def test_search_jumps_to_next_match_and_highlights() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"detail", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert counter(app) == "4/6"
        assert "slide 4: 1 of 1 slides with 'detail'" in text
        view = slide_screen(app).query_one("#slide", SlideView)
        assert view._query == "detail"
        # The match is drawn in the highlight style.
        mark = view.get_component_rich_style("slide-view--match")
        assert any(segment.text.lower() == "detail" and segment.style == mark
                   for strip in view._strips for segment in strip)
        await pilot.press("enter")  # only one match: stays, says so again
        assert counter(app) == "4/6"
        await pilot.press("escape")
        assert isinstance(app.screen, SlideScreen) and view._query == ""


async def test_search_without_match_says_so() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zebra", "enter")
        await pilot.pause()
        assert "no slide contains 'zebra'" in screen_text(app)
        assert counter(app) == "1/6"


async def test_command_palette_jumps_to_a_slide_by_title() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Thank you")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SlideScreen)
        assert counter(app) == "6/6"


async def test_notes_toggle_under_the_slide() -> None:
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "四年累计亏损" not in screen_text(app)
        await pilot.press("s")
        assert "四年累计亏损" in screen_text(app)
        await pilot.press("s")
        assert "四年累计亏损" not in screen_text(app)


async def test_presenter_view_shows_slide_notes_next_and_timers() -> None:
    app = make_app(start=2, lang="en", duration=600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("P")
        text = screen_text(app)
        assert "Reality Labs losses" in text
        assert "Over fifty billion dollars lost in four years." in text
        assert "NEXT" in text and "A slide with many details" in text
        assert "ELAPSED    00:00" in text and "REMAINING  10:00" in text
        await pilot.press("right")
        assert "In one sentence" in screen_text(app)  # the new next slide
        await pilot.press("P")
        assert "NEXT" not in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_lists_every_binding_in_two_columns_without_scrolling(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y == 0  # everything shows at once
        lines = screen_text(app).splitlines()
        text = " ".join(" ".join(lines).split())
        for binding in SlideScreen.BINDINGS:
            assert binding.tooltip in text  # type: ignore[union-attr]
        for keys in ("→ space pgdn l j n", "← ⌫ pgup h k p", "home g", "end G", "0-9", "↓ ↑", "q Ctrl+C",
                     "Ctrl+P", "Ctrl+R"):
            assert keys in text
        two = next(line for line in lines if "Next bullet or slide" in line)
        assert "Search" in two  # the second column, on the same row
        await pilot.press("escape")
        assert isinstance(app.screen, SlideScreen)


async def test_theme_cycles_through_builtins_and_high_contrast() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "high-contrast"
        assert app.current_theme.background == "#000000"
        view = slide_screen(app).query_one("#slide", SlideView)
        first_cell = next(iter(view._strips[0]))
        assert first_cell.style is not None and first_cell.style.bgcolor is not None
        assert first_cell.style.bgcolor.name == "#000000"  # the slide is redrawn in the new theme
        await pilot.press("t")
        assert app.theme == theme_names()[2]
        assert "Meta 的 AI 十字路口" in screen_text(app)


def test_unknown_theme_is_a_usage_error() -> None:
    check_theme("nord")
    check_theme(None)
    with pytest.raises(UsageError, match="unknown theme"):
        check_theme("nope")


async def test_theme_option_is_applied() -> None:
    app = make_app(theme="high-contrast")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "high-contrast"


async def test_language_switch() -> None:
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")
        text = screen_text(app)
        assert "Reality Labs losses" in text and "en  3/6" in text
        await pilot.press("L")
        assert "现实实验室的亏损" in screen_text(app)


async def test_language_key_is_off_in_a_one_language_deck(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck("title: Solo\nslides:\n  - title: Only\n"))
    app = make_app(deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")
        assert slide_screen(app).check_action("language", ()) is False
        assert "Only" in screen_text(app) and "1/1" in header(app)


async def test_quit_keys() -> None:
    for key in ("q", "ctrl+c"):
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
        assert app.return_code == 0 and not app.is_running


# --- tall slides and small terminals ----------------------------------------------------------


async def test_tall_slide_scrolls_with_hints() -> None:
    app = make_app(start=3, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "↓ more" in lines[-3] and "↑ more" not in lines[1]
        assert "Twenty" not in "\n".join(lines)
        await pilot.press(*["down"] * 10)
        lines = screen_text(app).splitlines()
        assert "Twenty: the very last detail" in "\n".join(lines)
        assert "↑ more" in lines[1] and "↓ more" not in lines[-3]
        await pilot.press("up")
        assert "↓ more" in screen_text(app).splitlines()[-3]


async def test_tall_slide_fits_at_120x36_without_hints() -> None:
    app = make_app(start=3, lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Twenty: the very last detail" in text and "↓ more" not in text and "↑ more" not in text


async def test_too_small_message_and_recovery() -> None:
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(38, 20)
        await pilot.pause()
        text = screen_text(app)
        assert "this slide needs" in " ".join(text.split()) and "the terminal has 38" in " ".join(text.split())
        assert "元宇宙豪赌" not in text
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        assert "needs 12 rows; the terminal has 10" in " ".join(screen_text(app).split())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "现实实验室的亏损" in text and "needs" not in text


async def test_chart_slide_needs_its_charts_width() -> None:
    chart_needs = state.needed_columns(DECK.slides[2], "zh")
    app = make_app(start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(chart_needs - 1, 24)
        await pilot.pause()
        message = " ".join(screen_text(app).split())
        assert f"this slide needs {chart_needs} columns; the terminal has {chart_needs - 1}" in message
        await pilot.press("right")  # the next slide has no chart: it fits again
        assert "细节很多的一页" in screen_text(app) or chart_needs - 1 < layout.MIN_WIDTH


async def test_tiny_terminal_does_not_crash() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((1, 1), (2, 1), (1, 5), (10, 3)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("right", "P", "s", "o", "escape", "P", "question_mark", "escape")
            await pilot.press("slash", "a", "enter", "escape", "ctrl+p", "escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "/6" in header(app)


# --- timers ---------------------------------------------------------------------------------


async def test_remaining_time_turns_to_warning_when_overrun() -> None:
    now = [0.0]
    app = make_app(clock=lambda: now[0], duration=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "01:00 left" in screen_text(app).splitlines()[-2]
        now[0] = 75.0
        await pilot.pause(1.2)  # the one-second tick redraws the status bar
        status = screen_text(app).splitlines()[-2]
        assert "elapsed 01:15" in status and "+00:15 over" in status
        assert app.timers().overrun


# --- live reload ----------------------------------------------------------------------------


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "talk.yaml"
    shutil.copy(FIXTURE, path)
    return path


def rewrite(path: Path, old: str, new: str) -> None:
    """Edit the deck file; the mtime moves on even on coarse-grained file systems."""
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    later = max(time.time_ns(), stat.st_mtime_ns + 1_000_000_000)
    import os

    os.utime(path, ns=(later, later))


async def test_reload_key_reads_the_file_again(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        rewrite(deck_file, "现实实验室的亏损", "现实实验室的巨额亏损")
        await pilot.press("r")
        assert "现实实验室的巨额亏损" in screen_text(app)
        assert counter(app) == "3/6"


async def test_poll_reloads_a_valid_save_on_the_same_slide(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), start=2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        # A new slide before ours: we follow our slide (by id) to its new place.
        rewrite(deck_file, "  - id: agenda\n", "  - {section: intro, title: 新的一页}\n  - id: agenda\n")
        app.poll_file()  # first sight of the change: wait for the writer to finish
        assert counter(app) == "3/6"
        app.poll_file()
        await pilot.pause()
        assert counter(app) == "4/7"
        assert "现实实验室的亏损" in screen_text(app)
        assert "reloaded" in screen_text(app)


async def test_poll_keeps_last_good_deck_on_invalid_save(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), start=2)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        rewrite(deck_file, "    chart:\n      kind: bar", "    chart:\n      kind: pie")
        app.poll_file()
        app.poll_file()
        await until(lambda: "deck not reloaded" in screen_text(app), "the error's toast")  # once drawn
        error = next(iter(app._notifications)).message
        where, line, col, message = error.split(":", 3)
        assert (where, line.isdigit(), col.isdigit()) == (str(deck_file), True, True)  # FILE:LINE:COL
        assert "pie" in message
        assert "现实实验室的亏损" in screen_text(app)  # the last good deck stays
        app.poll_file()  # the same bad file is not reported again
        assert len(app._notifications) == 1
        rewrite(deck_file, "kind: pie", "kind: bar")
        app.poll_file()
        app.poll_file()
        await pilot.pause()
        assert counter(app) == "3/6" and "reloaded" in screen_text(app)


async def test_poll_survives_a_deleted_or_unreadable_file(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), start=1)
    async with app.run_test(size=(80, 24)) as pilot:
        deck_file.unlink()
        app.poll_file()
        app.poll_file()
        assert counter(app) == "2/6"
        deck_file.write_bytes(b"\xff\xfe not utf-8")
        app.poll_file()
        app.poll_file()
        await pilot.pause()
        assert counter(app) == "2/6" and "三个问题" in screen_text(app)


async def test_reload_falls_back_to_title_then_index(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), start=4)
    async with app.run_test(size=(80, 24)) as pilot:
        rewrite(deck_file, "  - id: quote\n", "  - id: quotation\n")  # id gone, title the same
        await pilot.press("r")
        assert counter(app) == "5/6" and "一句话" in screen_text(app)
        rewrite(deck_file, "title: {zh: 一句话, en: In one sentence}", "title: {zh: 一段话, en: A quote}")
        await pilot.press("r")
        assert counter(app) == "5/6" and "一段话" in screen_text(app)


async def test_watching_timer_polls_the_file(deck_file: Path) -> None:
    app = make_app(load_deck(deck_file), watch=True, poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        rewrite(deck_file, "Meta 的 AI 十字路口, en: Meta at the AI crossroads}\n    subtitle",
                "Meta 的新路口, en: Meta at the AI crossroads}\n    subtitle")
        for _ in range(40):
            await pilot.pause(0.05)
            if "Meta 的新路口" in screen_text(app):
                break
        assert "Meta 的新路口" in screen_text(app)


async def test_a_save_during_start_up_is_reloaded(deck_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A save after the deck was read but before Textual runs (during the early paint) was never
    # reloaded: the file's state was taken when the app was built, after the save.
    import deck.present.app
    import deck.present.early_paint
    from deck.cli import main

    started: dict[str, object] = {}

    def paint_while_saving(*args: object) -> bool:
        rewrite(deck_file, "现实实验室的亏损", "现实实验室的巨额亏损")
        return False

    def capture(loaded: Deck, **options: object) -> int:
        started.update(options, deck=loaded)
        return 0

    monkeypatch.setattr(deck.present.early_paint, "paint", paint_while_saving)
    monkeypatch.setattr(deck.present.app, "present", capture)
    monkeypatch.setattr("gc.freeze", lambda: None)
    assert main(["present", str(deck_file), "--start", "3"]) == 0
    loaded = started.pop("deck")
    assert isinstance(loaded, Deck)
    app = make_app(loaded, start=2, signature=started["signature"])
    async with app.run_test(size=(80, 24)) as pilot:
        assert "现实实验室的巨额亏损" not in screen_text(app)
        app.poll_file()
        app.poll_file()
        await pilot.pause()
        assert "现实实验室的巨额亏损" in screen_text(app)


# --- performance ----------------------------------------------------------------------------


async def test_only_the_current_slide_and_its_neighbours_are_rendered(
        monkeypatch: pytest.MonkeyPatch, write_deck: Callable[[str], Path]) -> None:
    """A 1,000-slide deck renders slide 501 and, while idle, the two a key press goes to."""
    slides = "".join(f"  - title: Slide {n}\n    bullets: [one, two]\n" for n in range(1000))
    deck = load_deck(write_deck(f"title: Big\nslides:\n{slides}"))
    rendered: list[str] = []
    import deck.present.screens as screens

    real = screens.render_slide

    def spy(slide, options):  # type: ignore[no-untyped-def]
        rendered.append(slide.title.get("en"))
        return real(slide, options)

    monkeypatch.setattr(screens, "render_slide", spy)
    app = make_app(deck, start=500)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert set(rendered) == {"Slide 499", "Slide 500", "Slide 501"}
        assert rendered[0] == "Slide 500"  # the slide on show first, its neighbours after
        assert "501/1000" in header(app)
        calls = len(rendered)
        await pilot.press("right")
        await pilot.pause()
        # The press found slide 501 in the cache; only slide 502 (the next neighbour) is new.
        assert rendered[calls:] == ["Slide 502"]


# --- logic without a terminal ---------------------------------------------------------------


def test_forward_and_backward_walk_reveal_steps() -> None:
    position = state.first(DECK)
    walk = [position]
    while (step := state.forward(DECK, walk[-1])) is not None:
        walk.append(step)
    assert walk[:5] == [Position(0), Position(1, 0), Position(1, 1), Position(1, 2), Position(1, 3)]
    assert walk[-1] == state.last(DECK) and len(walk) == N + 3
    back = [walk[-1]]
    while (step := state.backward(DECK, back[-1])) is not None:
        back.append(step)
    assert back == walk[::-1]


def test_goto_bounds() -> None:
    assert state.goto(DECK, 1) == Position(0)
    assert state.goto(DECK, N) == Position(N - 1)
    assert state.goto(DECK, 0) is None and state.goto(DECK, N + 1) is None


def test_search_wraps_and_ignores_case() -> None:
    assert state.search(DECK, "en", "reality", after=0) == 2
    assert state.search(DECK, "en", "REALITY", after=2) == 2  # wraps round to itself
    assert state.search(DECK, "zh", "谢谢", after=5) == 5
    assert state.search(DECK, "en", "Over fifty", after=0) is None  # notes are hidden
    assert state.search(DECK, "en", "Over fifty", after=0, notes=True) == 2
    assert state.search(DECK, "en", "  ", after=0) is None


def test_match_spans_are_character_ranges() -> None:
    assert state.match_spans("中文 AI 和 ai", "ai") == [(3, 5), (8, 10)]
    assert state.match_spans("abc", "") == []


def test_timers_text() -> None:
    assert state.format_clock(75) == "01:15"
    assert state.format_clock(3723) == "1:02:03"
    assert state.timers(30, None) == state.Timers("00:30", None, False)
    assert state.timers(30, 90) == state.Timers("00:30", "01:00", False)
    assert state.timers(30, 90).remaining == "01:00 left"
    assert state.timers(100, 90) == state.Timers("01:40", "+00:10", True)
    assert state.timers(100, 90).remaining == "+00:10 over"


def test_size_problem_messages() -> None:
    slide = DECK.slides[0]
    assert state.size_problem(slide, "zh", (80, 24)) is None
    assert state.size_problem(slide, "zh", (39, 24)) == "this slide needs 40 columns; the terminal has 39"
    assert state.size_problem(slide, "zh", (80, 11)) == "this slide needs 12 rows; the terminal has 11"
    assert state.needed_columns(slide, "zh", extra=30) == 70
    assert state.size_problem(slide, "zh", (60, 24), 30, "the presenter view") == (
        "the presenter view needs 70 columns; the terminal has 60")


async def test_presenter_view_too_narrow_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("P")
        text = " ".join(screen_text(app).split())
        assert "the presenter view needs 70 columns; the terminal has 60" in text
        assert "press P for the slide alone" in text
        await pilot.press("P")
        assert "Meta 的 AI 十字路口" in screen_text(app) and "needs" not in screen_text(app)


# --- README pictures ------------------------------------------------------------------------


def test_fix_wide_text_places_each_wide_character_in_its_cells() -> None:
    from deck.present.screenshots import fix_wide_text

    svg = ('<text class="r1" x="24.4" y="20" textLength="85.4" clip-path="c">'
           'AI&#160;十字路&lt;</text><text x="0" y="1" textLength="24.4">ab</text>')
    fixed = fix_wide_text(svg)
    assert fixed == (
        '<text class="r1" x="24.4" y="20" textLength="36.6" clip-path="c">AI&#160;</text>'
        '<text class="r1" x="61" y="20" clip-path="c">十</text>'
        '<text class="r1" x="85.4" y="20" clip-path="c">字</text>'
        '<text class="r1" x="109.8" y="20" clip-path="c">路</text>'
        '<text class="r1" x="134.2" y="20" textLength="12.2" clip-path="c">&lt;</text>'
        '<text x="0" y="1" textLength="24.4">ab</text>')


async def test_screenshot_of_a_chart_slide_has_no_squeezed_chinese() -> None:
    import re

    from deck.present.screenshots import chart_slide, screenshot

    index = chart_slide(DECK, None)
    assert index == 2 and chart_slide(DECK, "quote") == 4
    svg = await screenshot(DECK, lang="zh", index=index)
    assert "现" in svg and "亿美元" not in svg  # every wide character stands alone
    for attributes, text in re.findall(r"<text\b([^>]*)>([^<]*)</text>", svg):
        if "textLength" in attributes:  # stretched runs hold narrow characters only
            assert not any(ord(char) > 0x2E80 for char in text), text


def test_presenting_docs_list_every_key() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "presenting.md").read_text(encoding="utf-8")
    names = {"right": "→", "left": "←", "up": "↑", "down": "↓", "space": "Space", "pagedown": "PgDn",
             "pageup": "PgUp", "backspace": "Backspace", "home": "Home", "end": "End", "enter": "Enter",
             "escape": "Esc", "question_mark": "?", "slash": "/", "ctrl+p": "Ctrl+P", "ctrl+c": "Ctrl+C",
             "ctrl+r": "Ctrl+R", "left_square_bracket": "[", "right_square_bracket": "]"}
    from deck.present.screens import APP_KEYS

    for binding in [*SlideScreen.BINDINGS, *APP_KEYS]:
        for key in binding.key.split(","):  # type: ignore[union-attr]
            shown = "`0`-`9`" if key.isdigit() else f"`{names.get(key, key)}`"
            assert shown in docs, key


async def test_footer_drops_the_palette_key_when_narrow_and_greys_out_after_moves() -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "^p palette" in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert "palette" not in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert "^p palette" in screen_text(app).splitlines()[-1]
        await pilot.press("end")
        await pilot.pause()
        assert footer_key(app, "next").has_class("-disabled")
        await pilot.press("left", "left")
        await pilot.pause()
        assert not footer_key(app, "next").has_class("-disabled")


async def test_the_footer_labels_its_keys_without_looking_up_unicode_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual labels a key without `key_display` by its Unicode character name; the first such
    # lookup reads 0.7 MB of unicodedata's tables into the presenter's memory.
    looked_up: list[str] = []
    real_lookup = unicodedata.lookup

    def lookup(name: str) -> str:
        looked_up.append(name)
        return real_lookup(name)

    monkeypatch.setattr(unicodedata, "lookup", lookup)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for label in ("→ Next", "← Prev", "? Help", "o Overview", "/ Search", "s Notes", "P Presenter", "q Quit",
                      "^p palette"):
            assert label in footer, label
        await app.slide_screen.run_action("presenter")  # its footer too (a pilot's press looks its key up)
        await pilot.pause()
        assert "q Quit" in screen_text(app).splitlines()[-1]
    assert looked_up == []


async def test_markup_in_deck_text_is_shown_literally_everywhere(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck('title: "T [b]x"\nslides:\n  - title: "Costs [/x] [red]r[/red]"\n'
                                '    notes: "[/bad]"\n  - title: "Two"\n'))
    app = make_app(deck)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Costs [/x] [red]r[/red]" in screen_text(app) and "T [b]x" in header(app)
        await pilot.press("ctrl+p", *"Costs")
        await pilot.pause(0.3)
        assert "1. Costs [/x] [red]r[/red]" in screen_text(app)
        await pilot.press("escape", "o")
        assert "Costs [/x] [red]r[/red]" in screen_text(app)
        await pilot.press("escape", "P")
        assert "[/bad]" in screen_text(app)
        await pilot.press("P", "slash", *"[/x", "enter")
        await pilot.pause()
        assert "slide 1: 1 of 1 slides with '[/x'" in screen_text(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_slide_heights_match_what_deck_check_size_measures(lang: str) -> None:
    from deck.draw.render import RenderOptions, slide_options

    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = slide_screen(app)
        view = screen.query_one("#slide", SlideView)
        width, _height = layout.slide_area((80, 24))
        for index, slide in enumerate(DECK.slides):
            screen.go_to_index(index)
            await pilot.pause()
            options = slide_options(DECK, index, RenderOptions(lang=lang))
            assert len(view._lines) == layout.slide_height(slide, layout.text_width(width), options), index
