"""The presenter's main screen: header, slide, footer, key bindings and the presenter view.

Layout (must match `deck.draw.layout`, which `deck check --size` uses to predict what fits): a header
row, a padding row, the slide, a padding row, then two footer rows (status bar and key hints);
the slide has PAD_COLS blank columns on each side. The padding rows double as "↑ more" /
"↓ more" hints for a slide taller than the screen.

The footer greys out Next at the very end and Prev at the very start (see `check_action`); the
screen asks it to look again only when a move changes that (`_ends`), because Textual's check of
every binding took more time than the rest of a key press. Moves are computed by `deck.present.state`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from typing import ClassVar, Protocol, cast

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from deck.draw.layout import PRESENTER_SIDE, needed_columns
from deck.draw.render import DeckProgress, RenderOptions, header_fields, render_notes, render_slide, slide_options
from deck.draw.text import WrappedText, safe_text
from deck.format.inline import plain
from deck.format.model import Deck, Slide
from deck.present import state
from deck.present.idle import IdleWork
from deck.present.presenter_pane import PresenterPane
from deck.present.state import FileSignature, Position, Timers
from deck.present.widgets import (
    DeckFooter,
    HeaderBar,
    HeaderInfo,
    Hint,
    SidePanel,
    SlideCache,
    SlideView,
    StatusBar,
    StatusInfo,
)


class PresenterHost(Protocol):
    """What the slide screen needs of its app (`deck.present.app.DeckApp`), named here so that
    the screens do not import the app that imports them."""

    deck: Deck
    generation: int
    images: str
    last_query: str
    render_cache: SlideCache

    def timers(self) -> Timers:
        """The talk's elapsed and remaining time now."""

    def next_tick(self) -> float:
        """Seconds until the timers show the next second."""

    def slide_time(self) -> str:
        """How long the current slide has been on screen (talk time)."""

    def timer_state(self) -> str:
        """"running", "paused" or "waiting" (for the first key)."""

    def toggle_timer(self) -> None:
        """Pause or resume the talk's timer."""

    def reset_timer(self) -> None:
        """Set the talk's timer back to 00:00."""

    def slide_changed(self) -> None:
        """Another slide came on screen: its own time starts."""

    def cycle_theme(self) -> None:
        """Switch to the next theme."""

    def reload(self, signature: FileSignature | None = None) -> bool:
        """Load the deck file again; False (and the old deck kept) when it has errors."""

DIGITS_MAX = 6  # a typed slide number longer than this is surely a mistake
FOOTER_FULL_WIDTH = 82  # columns the footer's keys take with the command palette key
WARM_DELAY = 0.02  # seconds after a move before the neighbours are drawn: the frame is written first
TICK_LATE = 0.005  # the timers' tick comes this long after the clock's second
COLUMNS_KEPT = 4096  # slides whose needed columns are remembered (then forgotten all at once)


def _digit_bindings() -> list[BindingType]:
    return [Binding(str(digit), f"digit({digit})", f"Type {digit}", show=False,
                    tooltip="Type a slide number")
            for digit in range(10)]


PAUSE_KEY = "z"  # pauses and resumes the timer; also the one key that does not start a waiting timer


class SlideScreen(Screen[None]):
    """The slides, full screen, with every presenting key."""

    # Each key the footer shows has its `key_display`: left to Textual, a key's label is found by
    # looking its name up in Unicode's character names (`unicodedata.lookup`), and the first
    # lookup reads 0.7 MB of those tables into memory, a seventh of deck's peak over a bare
    # Textual app's (docs/performance.md). `tests/test_app.py` keeps it so.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,space,pagedown,l,j,n", "next", "Next", key_display="→",
                tooltip="Next bullet or slide"),
        Binding("enter", "confirm", "Next", show=False,
                tooltip="Next, or typed number"),
        Binding("left,backspace,pageup,h,k,p", "previous", "Prev", key_display="←",
                tooltip="Back a bullet or slide"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This help"),
        Binding("home,g", "first", "First", show=False, tooltip="First slide"),
        Binding("end,G", "last", "Last", show=False,
                tooltip="Last slide (N G: to N)"),
        *_digit_bindings(),
        Binding("escape", "clear", "Clear", show=False, tooltip="Forget a typed number"),
        Binding("down", "scroll_slide(1)", "Scroll", show=False, tooltip="Scroll a tall slide"),
        Binding("up", "scroll_slide(-1)", "Scroll", show=False, tooltip="Scroll a tall slide"),
        Binding("right_square_bracket", "scroll_notes(3)", "Notes down", show=False,
                tooltip="Scroll presenter notes"),
        Binding("left_square_bracket", "scroll_notes(-3)", "Notes up", show=False,
                tooltip="Scroll presenter notes"),
        Binding("o", "overview", "Overview", key_display="o", tooltip="Overview of all slides"),
        Binding("slash", "search", "Search", key_display="/", tooltip="Search (⏎: next match)"),
        Binding("s", "notes", "Notes", key_display="s", tooltip="Notes under the slide"),
        Binding("i", "sources", "Sources", show=False, tooltip="Sources of the figures"),
        Binding("P", "presenter", "Presenter", key_display="P", tooltip="Presenter view"),
        Binding(PAUSE_KEY, "pause", "Pause", show=False, tooltip="Pause/resume the timer"),
        Binding("ctrl+r", "reset_timer", "Reset timer", show=False, tooltip="Timer back to 00:00"),
        Binding("t", "theme", "Theme", show=False, tooltip="Next colour theme"),
        Binding("L", "language", "Language", show=False, tooltip="Next language"),
        Binding("r", "reload", "Reload", show=False, tooltip="Reload the deck file"),
        Binding("q", "quit", "Quit", key_display="q", tooltip="Quit"),
    ]

    # repaint=False: each watcher refreshes the widgets it changes. A repaint of the screen
    # itself would make Textual's compositor redraw every widget, on every key press.
    position: reactive[Position] = reactive(Position(0), init=False, repaint=False)
    digits: reactive[str] = reactive("", bindings=True, init=False, repaint=False)
    lang: reactive[str] = reactive("", init=False, repaint=False)
    notes: reactive[bool] = reactive(False, init=False, repaint=False)
    sources: reactive[bool] = reactive(False, init=False, repaint=False)
    presenter: reactive[bool] = reactive(False, init=False, repaint=False)
    search_text: reactive[str] = reactive("", init=False, repaint=False)

    def __init__(self, start: Position, lang: str) -> None:
        super().__init__()
        self.set_reactive(SlideScreen.position, start)
        self.set_reactive(SlideScreen.lang, lang)
        self._ends_shown: tuple[bool, bool, bool] | None = None
        self._columns_needed: dict[tuple[int, int, str, bool], int] = {}
        self._warm = IdleWork(self)  # the warm-up's parts still to draw

    @property
    def deck_app(self) -> PresenterHost:
        """The app, typed (it holds the deck, clock and render cache)."""
        return cast("PresenterHost", self.app)

    @property
    def deck(self) -> Deck:
        """The deck on show (the last one that loaded without errors)."""
        return self.deck_app.deck

    @property
    def slide(self) -> Slide:
        """The current slide."""
        return self.deck.slides[self.position.index]

    def compose(self) -> ComposeResult:
        """Header, stage (slide between hint rows), presenter view, footer, too-small message."""
        cache = self.deck_app.render_cache
        yield HeaderBar(id="header")
        with Vertical(id="stage"):
            yield Hint("↑ more", id="hint-up")
            yield SlideView(cache, id="slide")
            yield Hint("↓ more", id="hint-down")
        with Horizontal(id="presenter"):
            yield PresenterPane(cache, id="p-pane")
            with Vertical(id="p-side"):
                yield SidePanel(id="p-side-panel")
        yield StatusBar(self._progress, self._status, id="status")
        footer = DeckFooter(compact=True)
        # Decided before the first frame, so that frame (and the early paint) already has the
        # keys the footer keeps: no cell changes when Textual's Resize comes.
        footer.set_reactive(DeckFooter.show_command_palette, self.app.size.width >= FOOTER_FULL_WIDTH)
        yield footer
        yield Static(id="too-small")

    def on_mount(self) -> None:
        """Draw the first slide and start the one-second timer tick."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_slide(top=False))
        self._schedule_tick()
        self.show_slide()

    # --- drawing ------------------------------------------------------------------------------

    def show_slide(self, top: bool = True) -> None:
        """Bring every part of the screen up to date with the state (cheap: renders are cached)."""
        self._update_header()
        self._update_size_check()
        if self.presenter:
            self._show_presenter(top)
        else:
            self._show_main(top)
        self.query_one(StatusBar).refresh()

    def _options(self, notes: bool, position: Position | None = None) -> RenderOptions:
        here = position or self.position
        options = RenderOptions(lang=self.lang, notes=notes, revealed=state.revealed(self.deck, here),
                                sources=self.sources, images=self.deck_app.images)
        return slide_options(self.deck, here.index, options)

    def _show_in(self, view: SlideView, notes: bool, top: bool) -> None:
        slide, options = self.slide, self._options(notes)
        key = (self.deck_app.generation, self.position.index, options)
        view.show(key, lambda: render_slide(slide, options), query=self.search_text, top=top,
                  middle=options.title_page is not None, slide=slide)
        # Once this frame is out, draw where the next key press goes into the render cache. Not
        # with call_after_refresh: that runs as soon as the compositor has handed the frame to
        # Textual's writer thread, which then waited for the GIL until the neighbours were drawn
        # (1-5 ms of every press, more on chart and code slides).
        self.set_timer(WARM_DELAY, self._warm_neighbours)

    def _warm_neighbours(self) -> None:
        """Draw what the next step and the previous one show, while the app is idle.

        So the first press on a slide only hands drawn lines to the screen. It runs after the
        frame is painted, one neighbour and one part per timer callback (`deck.present.idle`): a
        key press that arrives meanwhile waits for at most one part's drawing (the same work the
        press would have done). What an earlier move queued and was not drawn yet is dropped.
        """
        self._warm.clear()
        deck = self.deck
        notes = self.notes and not self.presenter
        view = self.query_one("#slide", SlideView)
        pane = self.query_one("#p-pane", PresenterPane)
        for position in self._neighbours():
            slide, options = deck.slides[position.index], self._options(notes, position)
            key = (self.deck_app.generation, position.index, options)
            factory, middle = partial(render_slide, slide, options), options.title_page is not None
            if self.presenter:
                self._warm.add([partial(pane.warm_column, key, factory, slide, middle, *self._notes(position.index))])
            else:
                self._warm.add([partial(view.warm, key, factory, slide, middle)])
        self._warm_rows()

    def _warm_rows(self) -> None:
        """Draw the neighbours' header and status rows, and the presenter's side panel, with the
        timers as they are now (the tick draws them again when the second changes)."""
        header, status, info = self.query_one(HeaderBar), self.query_one(StatusBar), self._status()
        side = self.query_one("#p-side-panel", SidePanel)
        started = self.deck_app.timer_state() == "waiting"  # the key press will start it
        for position in self._neighbours():
            index = position.index
            self._warm.add([partial(self._needed_columns, index),
                            partial(header.warm_info, HeaderInfo(*header_fields(self.deck, index, self.lang))),
                            partial(status.warm_row, DeckProgress.of(self.deck, index), info)])
            if self.presenter:
                self._warm.add([partial(side.warm, *self._side(position, started))])

    def _neighbours(self) -> list[Position]:
        """Where the next key press goes: the next step and the previous one."""
        deck, here = self.deck, self.position
        return [position for position in (state.forward(deck, here), state.backward(deck, here))
                if position is not None]

    def _show_main(self, top: bool) -> None:
        view = self.query_one("#slide", SlideView)
        self._show_in(view, self.notes, top)
        if self.search_text:
            self._scroll_to_match(view)

    def _show_presenter(self, top: bool) -> None:
        pane = self.query_one("#p-pane", PresenterPane)
        self._show_in(pane, False, top)
        pane.show_notes(*self._notes(self.position.index))
        self._update_timers()

    def _next_text(self, position: Position) -> RenderableType:
        deck = self.deck
        total = state.steps(deck, position.index)
        step = state.next_step(deck, position, self.lang) if position.step < total else None
        if step is not None:
            kind, said = step  # "NEXT bullet 2 of 5" or "NEXT row 2 of 5": what the key reveals
            return Group(Text(f"NEXT {kind} {position.step + 1} of {total}", style="bold"),
                         WrappedText(safe_text(plain(said, deck.slides[position.index].inline)), prefix="• "))
        if position.index + 1 < len(deck.slides):
            following = deck.slides[position.index + 1]
            title = plain(following.title.get(self.lang), following.inline)
            return Group(Text("NEXT slide", style="bold"), WrappedText(safe_text(title)))
        return Text.assemble(("NEXT\n", "bold"), ("end of the deck", "dim"))

    def _update_timers(self) -> None:
        """The side panel: NEXT, a blank row, the timers (drawn again only when one changed)."""
        self.query_one("#p-side-panel", SidePanel).show(*self._side(self.position))

    def _side(self, position: Position, started: bool = False) -> tuple[Hashable, Callable[[], RenderableType]]:
        """The side panel's key and content at `position`: another slide's time starts at 00:00
        (`started`: as it will be once the key press has started a waiting timer)."""
        host = self.deck_app
        timers, timer_state = host.timers(), "running" if started else host.timer_state()
        slide_time = host.slide_time() if position.index == self.position.index else state.format_clock(0)
        key = (host.generation, position, self.lang, timers, slide_time, timer_state)
        return key, lambda: Group(self._next_text(position), Text(),
                                  self._timers_text(timers, slide_time, timer_state))

    def _notes(self, index: int) -> tuple[Hashable, Callable[[], RenderableType]]:
        """The presenter notes' key and content for slide `index`."""
        slide, lang = self.deck.slides[index], self.lang
        # Notes and titles go through render.py / text.py like slide text: CJK-aware wrapping.
        return ((self.deck_app.generation, index, lang),
                lambda: render_notes(slide.notes, RenderOptions(lang), inline=slide.inline) if slide.notes is not None
                else Text("(no notes)", style="dim"))

    @staticmethod
    def _timers_text(timers: Timers, slide_time: str, timer_state: str) -> Text:
        text = Text.assemble(("ELAPSED    ", "bold"), timers.elapsed)
        if timers.left is not None:
            label, style = ("OVERRUN    ", "bold reverse") if timers.overrun else ("REMAINING  ", "")
            text.append("\n")
            text.append_text(Text.assemble((label, "bold"), (timers.left, style)))
        text.append_text(Text.assemble("\n", ("THIS SLIDE ", "bold"), slide_time))
        if timer_state == "paused":
            text.append_text(Text.assemble("\n", ("PAUSED", "bold reverse"), " z resumes"))
        elif timer_state == "waiting":
            text.append_text(Text.assemble("\n", ("WAITING", "bold"), " a key starts it"))
        return text

    def _scroll_to_match(self, view: SlideView) -> None:
        row = view.first_match_row()
        if row is not None and row >= view.size.height:
            view.scroll_to(y=row, animate=False, immediate=True)

    def _update_header(self) -> None:
        self.query_one(HeaderBar).update(HeaderInfo(*header_fields(self.deck, self.position.index, self.lang)))

    def _update_size_check(self) -> None:
        size, columns = (self.size.width, self.size.height), self._needed_columns(self.position.index)
        if self.presenter:
            problem = state.too_small(columns, size, "the presenter view")
            advice = "enlarge the terminal, press P for the slide alone, or q to quit"
        else:
            problem = state.too_small(columns, size)
            advice = "enlarge the terminal, or press q to quit"
        self.set_class(problem is not None, "-too-small")
        if problem is not None:
            self.query_one("#too-small", Static).update(Text(f"{problem}\n{advice}", justify="center"))

    def _needed_columns(self, index: int) -> int:
        """Columns slide `index` needs in the view on show, measured once per deck, language and
        view (measuring a table's narrowest drawing took a millisecond of each key press)."""
        key = (self.deck_app.generation, index, self.lang, self.presenter)
        columns = self._columns_needed.get(key)
        if columns is None:
            if len(self._columns_needed) >= COLUMNS_KEPT:
                self._columns_needed.clear()
            slide, extra = self.deck.slides[index], PRESENTER_SIDE if self.presenter else 0
            columns = self._columns_needed[key] = needed_columns(slide, self.lang, extra)
        return columns

    def _progress(self) -> DeckProgress:
        return DeckProgress.of(self.deck, self.position.index)

    def _status(self) -> StatusInfo:
        timers = self.deck_app.timers()
        note = f"go to {self.digits}_" if self.digits else ""
        if not note and self.deck_app.timer_state() == "paused":
            note = "timer paused"
        return StatusInfo(note, timers.elapsed, timers.remaining, timers.overrun)

    def _schedule_tick(self) -> None:
        # On the talk clock's seconds (a little after, to be past the boundary), not every
        # second from start-up: the timers change when the clock does, and the rows drawn
        # ahead for a key press (`_warm_rows`) stay right until the next tick.
        self.set_timer(min(self.deck_app.next_tick(), 1.0) + TICK_LATE, self._tick)

    def _tick(self) -> None:
        self._schedule_tick()
        self.query_one(StatusBar).refresh()
        if self.presenter:
            self._update_timers()
        self.set_timer(WARM_DELAY, self._warm_rows)

    def on_resize(self, event: events.Resize) -> None:
        """Check the size again (the slide views re-render themselves at their new width)."""
        self._update_size_check()
        # Footer docks the palette key over the other keys when they do not fit: drop it then
        # (ctrl+p still works, and the help lists it).
        self.query_one(DeckFooter).show_command_palette = event.size.width >= FOOTER_FULL_WIDTH

    def on_slide_view_scrolled(self, _message: SlideView.Scrolled) -> None:
        """Show "↑ more" / "↓ more" in the padding rows when the slide is scrolled or cut off
        (the presenter's pane draws its own)."""
        view = self.query_one("#slide", SlideView)
        self.query_one("#hint-up", Hint).show(view.more_above)
        self.query_one("#hint-down", Hint).show(view.more_below)

    # --- reactive state -----------------------------------------------------------------------

    def watch_position(self, old: Position, new: Position) -> None:
        """A move: redraw, scrolling to the top when it is another slide (whose time starts)."""
        if old.index != new.index:
            self.deck_app.slide_changed()
        self.show_slide(top=old.index != new.index)
        if self._ends() != self._ends_shown:
            # After the frame: greying Prev in or out restyles footer keys (a millisecond or
            # two), and the key's own check (`check_action`) never waits for the footer.
            self.set_timer(WARM_DELAY, self.refresh_bindings)

    def refresh_bindings(self) -> None:
        """Ask the footer to show the keys' enabled states (see `_ends`)."""
        self._ends_shown = self._ends()
        super().refresh_bindings()

    def _ends(self) -> tuple[bool, bool, bool]:
        """Whether Next, Prev/First and Last can act from the position (what `check_action`
        decides from it; the footer is refreshed only when this changes)."""
        deck, position = self.deck, self.position
        return (state.forward(deck, position) is not None, position != state.first(deck),
                position != state.last(deck))

    def watch_lang(self) -> None:
        """Another language: other text, other lengths."""
        self.show_slide()

    def watch_notes(self) -> None:
        """Notes on or off: the slide grows or shrinks below."""
        self.show_slide(top=False)

    def watch_sources(self) -> None:
        """Sources on or off: marks on the charts, quotes below them."""
        self.show_slide(top=False)

    def watch_presenter(self, presenter: bool) -> None:
        """Switch between the audience view and the presenter view."""
        self.set_class(presenter, "-presenter")
        self.show_slide()

    def watch_search_text(self) -> None:
        """Search highlighting changed."""
        self.show_slide(top=False)

    def watch_digits(self) -> None:
        """Show the slide number being typed."""
        self.query_one(StatusBar).refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out moves that would do nothing; hide Language in a one-language deck."""
        if action in ("next", "confirm", "previous", "first", "last"):
            can_next, can_back, can_last = self._ends()
            can = {"next": can_next, "confirm": can_next or bool(self.digits), "previous": can_back,
                   "first": can_back, "last": can_last or bool(self.digits)}[action]
            return True if can else None  # None greys the key out in the footer
        if action == "language":
            return len(self.deck.languages) > 1
        return True

    # --- actions ------------------------------------------------------------------------------

    def _move(self, position: Position | None) -> None:
        self.digits = ""
        if position is not None:
            self.position = position

    def go_to_index(self, index: int) -> None:
        """Jump to slide `index` (0-based) from the overview, search or command palette."""
        if 0 <= index < len(self.deck.slides):
            self._move(Position(index))

    def action_next(self) -> None:
        """Reveal the next bullet, else go to the next slide."""
        self._move(state.forward(self.deck, self.position))

    def action_confirm(self) -> None:
        """Enter: go to the typed slide number, else next."""
        if self.digits:
            self._go_typed()
        else:
            self.action_next()

    def action_previous(self) -> None:
        """Hide the last revealed bullet, else go to the previous slide."""
        self._move(state.backward(self.deck, self.position))

    def action_first(self) -> None:
        """Go to the first slide."""
        self._move(state.first(self.deck))

    def action_last(self) -> None:
        """Go to the last slide, or to slide N after typing N (N G)."""
        if self.digits:
            self._go_typed()
        else:
            self._move(state.last(self.deck))

    def _go_typed(self) -> None:
        number = int(self.digits)
        target = state.goto(self.deck, number)
        if target is None:
            self.notify(f"there is no slide {number}: the deck has {len(self.deck.slides)}",
                        severity="warning")
        self._move(target)

    def action_digit(self, digit: int) -> None:
        """Type one digit of a slide number."""
        self.digits = (self.digits + str(digit))[-DIGITS_MAX:]

    def action_clear(self) -> None:
        """Forget a typed slide number."""
        self.digits = ""

    def action_scroll_slide(self, rows: int) -> None:
        """Scroll the slide (for slides taller than the screen)."""
        view_id = "#p-pane" if self.presenter else "#slide"
        self.query_one(view_id, SlideView).scroll_relative(y=rows, animate=False, immediate=True)

    def action_scroll_notes(self, rows: int) -> None:
        """Scroll the presenter view's notes."""
        self.query_one("#p-pane", PresenterPane).scroll_notes(rows)

    def action_pause(self) -> None:
        """Pause or resume the talk's timer."""
        self.deck_app.toggle_timer()
        self.query_one(StatusBar).refresh()
        if self.presenter:
            self._update_timers()

    def action_reset_timer(self) -> None:
        """Set the talk's timer (and this slide's) back to 00:00."""
        self.deck_app.reset_timer()
        self.query_one(StatusBar).refresh()
        if self.presenter:
            self._update_timers()

    def action_notes(self) -> None:
        """Show or hide speaker notes under the slide."""
        self.notes = not self.notes

    def action_sources(self) -> None:
        """Show or hide, under the charts, the quote behind each figure (numbered marks)."""
        self.sources = not self.sources

    def action_presenter(self) -> None:
        """Toggle the presenter view."""
        self.presenter = not self.presenter

    def action_language(self) -> None:
        """Switch to the next language of the deck."""
        languages = self.deck.languages
        index = languages.index(self.lang) if self.lang in languages else -1
        self.lang = languages[(index + 1) % len(languages)]
        self.notify(f"language: {self.lang}", timeout=2)

    def action_theme(self) -> None:
        """Switch to the next colour theme."""
        self.deck_app.cycle_theme()

    def action_reload(self) -> None:
        """Reload the deck file now."""
        self.deck_app.reload()

    def action_quit(self) -> None:
        """Leave the presenter (the terminal is restored by Textual)."""
        self.app.exit(0)

    def action_overview(self) -> None:
        """Open the overview of all slides; Enter there jumps."""
        from deck.present.dialogs import OverviewScreen

        self.digits = ""
        overview = OverviewScreen(self.deck, self.lang, self.position.index)
        self.app.push_screen(overview, lambda index: None if index is None else self.go_to_index(index))

    def action_search(self) -> None:
        """Open the search bar; Enter there jumps to the next match."""
        from deck.present.dialogs import SearchScreen

        self.digits = ""
        self.app.push_screen(SearchScreen(self.find_next, self.deck_app.last_query),
                             lambda _result: self._end_search())

    def action_help(self) -> None:
        """Show every key, generated from BINDINGS."""
        from deck.present.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(help_rows(self.app, [*self.BINDINGS, *APP_KEYS])))

    # --- search -------------------------------------------------------------------------------

    def find_next(self, query: str) -> str:
        """Jump to the next slide containing `query` and highlight it; return what happened."""
        self.deck_app.last_query = query
        deck, lang = self.deck, self.lang
        index = state.search(deck, lang, query, self.position.index, self.notes)
        if index is None:
            self.search_text = ""
            return f"no slide contains {query!r}" if query.strip() else ""
        if index != self.position.index or state.steps(deck, index):
            self._move(state.Position(index, state.steps(deck, index)))  # reveal all: show where
        self.search_text = query
        self.show_slide(top=False)
        hits = [i for i, slide in enumerate(deck.slides) if state.matches(slide, lang, query, self.notes)]
        return f"slide {index + 1}: {hits.index(index) + 1} of {len(hits)} slides with {query!r}"

    def _end_search(self) -> None:
        self.search_text = ""


APP_KEYS: list[BindingType] = [
    Binding("ctrl+c", "quit", "Quit", tooltip="Quit"),
    Binding("ctrl+p", "command_palette", "Slides", tooltip="Jump to a slide"),
]


def help_rows(app: object, bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding, keys of one action joined, digits folded to 0-9."""
    from textual.app import App

    assert isinstance(app, App)
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        keys = " ".join(_key_name(app.get_key_display(Binding(key.strip(), binding.action)))
                        for key in binding.key.split(","))
        what = binding.tooltip or binding.description
        if rows and rows[-1][1] == what:  # keys of one job share a line; the ten digits as 0-9
            before = rows[-1][0]
            rows[-1] = (f"{before.split('-')[0]}-{keys}" if keys.isdigit() else f"{before} {keys}", what)
        else:
            rows.append((keys, what))
    return rows


def _key_name(display: str) -> str:
    """Textual's `^c` as `Ctrl+C`, as the docs and a speaker's keyboard spell it."""
    return f"Ctrl+{display[1:].upper()}" if display.startswith("^") and len(display) > 1 else display
