"""The Textual presenter: `present(deck, ...)` runs `DeckApp` full-screen and returns the exit status.

The app holds what outlives a screen: the deck (replaced on live reload), the clock and timers,
the render cache and the themes. The slides and keys are on `deck.present.screens.SlideScreen`; the
pop-ups (help, overview, search) are in `deck.present.dialogs`, imported when first opened.

Live reload polls the deck file's (inode, mtime, size) every half second: no file-watching
dependency, and it works on every file system. A change is acted on once the file has stayed the
same for one poll, so a half-written save is not reported as an error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import ClassVar, Protocol

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from deck.format.errors import DeckError, UsageError
from deck.format.inline import plain
from deck.format.model import Deck
from deck.present import preload, state
from deck.present.idle import IdleWork
from deck.present.screens import PAUSE_KEY, SlideScreen
from deck.present.state import MAX_PALETTE_CHARS, FileSignature, Position, TalkClock, Timers, palette_offsets
from deck.present.widgets import RenderCache, SlideCache

DEFAULT_THEME = "textual-dark"
ERROR_SECONDS = 8  # a reload error shows this long (the last good deck stays on screen)
LOAD_ERROR_SECONDS = 30  # an error after slide 1 at start-up: the talk goes on with the slides before it
PRELOAD_DELAY = 0.03  # seconds after the first frame before the deck's drawing modules are imported

# For projectors: pure black and white, saturated accents, nothing that washes out.
HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff5f",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#303030",
    boost="#202020",
    dark=True,
    variables={
        "footer-key-foreground": "#ffff00",
        "footer-background": "#000000",
        "footer-description-foreground": "#ffffff",
    },
)


def theme_names() -> list[str]:
    """The themes `t` cycles through: the default, high contrast, then Textual's others."""
    rest = [name for name in BUILTIN_THEMES if name not in (DEFAULT_THEME, HIGH_CONTRAST.name)]
    return [DEFAULT_THEME, HIGH_CONTRAST.name, *rest]


class Companion(Protocol):
    """What runs beside a talk inside its app (follow mode: `deck.present.follow_leader.Leader`,
    `deck.present.follower.Follower`); told when the app has started, reloaded the deck, stops."""

    def started(self) -> None:
        """The app is mounted and its event loop runs."""

    def timers_changed(self) -> None:
        """A key paused, resumed, reset or started the talk's timer (not `set_talk_timer`)."""

    def reloaded(self) -> None:
        """`DeckApp.replace_deck` put a new deck on screen."""

    def stopping(self) -> None:
        """The app is shutting down."""


class SlideCommands(Provider):
    """Command palette entries: every slide as "number. title · section", to jump to.

    Slide titles are deck text, never markup: the palette parses plain strings (and
    `Matcher.highlight` its candidates) as Textual markup, so entries go in as `Content`.
    """

    def _entries(self) -> list[tuple[str, Callable[[], None]]]:
        app = self.app
        assert isinstance(app, DeckApp)
        screen = app.slide_screen
        lang = screen.lang
        entries: list[tuple[str, Callable[[], None]]] = []
        for index, slide in enumerate(app.deck.slides):
            text = f"{index + 1}. {plain(slide.title.get(lang), slide.inline)}"
            if slide.section is not None:
                text += f" · {plain(slide.section.name.get(lang), slide.inline)}"
            entries.append((text, partial(screen.go_to_index, index)))
        return entries

    async def discover(self) -> Hits:
        """All slides, in order, before anything is typed."""
        for text, go in self._entries():
            yield DiscoveryHit(Content(text), go, text=text)

    async def search(self, query: str) -> Hits:
        """Slides whose number, title or section fuzzily match `query` (in bounded time: see
        `state.palette_offsets`; entries are matched and shown cut to `MAX_PALETTE_CHARS`)."""
        matcher = self.matcher(query)
        for text, go in self._entries():
            text = text if len(text) <= MAX_PALETTE_CHARS else text[: MAX_PALETTE_CHARS - 1] + "…"
            offsets = palette_offsets(matcher.query, text)
            if offsets is None:
                continue
            score = matcher.fuzzy_search.score(text.lower(), offsets)
            if score > 0:
                shown = Content(text)
                for offset in offsets:
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, go, text=text)


class SteadyCommandPalette(CommandPalette):
    """Textual's command palette, minus a crash presentation remotes trigger.

    In Textual 8.2, PageDown or PageUp reaching the palette before its list is laid out (a
    remote's page key right after ctrl+p) raises KeyError in `OptionList._move_page` and ends
    the talk. A page move the list cannot make yet is simply dropped.
    """

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            if action not in ("page_down", "page_up"):
                raise


class DeckApp(App[int]):
    """Presents one deck; see `deck.present.screens.SlideScreen` for the keys."""

    CSS_PATH = "app.tcss"
    TITLE = "deck"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Textual 8 binds ctrl+c to "copy"; a presenter must quit on it, as every terminal program.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]
    # Only what helps a speaker: the slides to jump to (Textual's Keys, Screenshot, Theme and
    # Quit commands are gone; `?`, `t` and `q` do those).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {SlideCommands}
    PALETTE_PLACEHOLDER = "Jump to a slide: type a number or words of its title…"
    COMMAND_PALETTE_DISPLAY = "^p"  # as the footer's other keys: no lookup of its Unicode name (see SlideScreen)

    def action_command_palette(self) -> None:
        """Show the command palette (the steady one: see `SteadyCommandPalette`)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(SteadyCommandPalette(placeholder=self.PALETTE_PLACEHOLDER, id="--command-palette"))

    def __init__(self, deck: Deck, *, lang: str | None = None, theme: str | None = None, start: int = 0,
                 duration: float | None = None, clock: Callable[[], float] = time.monotonic,
                 watch: bool = True, poll_interval: float = 0.5, images: str = "blocks",
                 timer_on_key: bool = False, signature: FileSignature | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.images = images  # how pictures are drawn: "blocks" or "ascii" (deck.draw.image)
        self.generation = 0  # bumped on every reload: part of the render cache's keys
        self.render_cache: SlideCache = RenderCache()
        self.duration = duration
        self.clock = clock
        self.talk_clock = TalkClock(clock(), waiting=timer_on_key)
        self.watching = watch
        self.poll_interval = poll_interval
        self.last_query = ""
        self._start = Position(max(0, min(start, len(deck.slides) - 1)))
        self._lang = lang if lang in deck.languages else deck.default_language
        self._initial_theme = theme or DEFAULT_THEME
        # Taken by the caller before the deck file was read, when it can be (see `deck.cli`).
        self._signature = signature if signature is not None else state.file_signature(deck.path)
        self._pending: FileSignature | None = None
        self.title = plain(deck.title.get(self._lang), deck.inline)  # the words, not the markers
        self.register_theme(HIGH_CONTRAST)
        self.companions: list[Companion] = []
        self.load_error: DeckError | None = None  # shown at start: the deck was loaded in part
        self._preloads = IdleWork(self)  # the preload's pieces still to do
        self.preloaded = False  # True once every piece of `preload` is done (until a reload)

    def get_default_screen(self) -> Screen[None]:
        """The slides."""
        return SlideScreen(self._start, self._lang)

    def start_on(self, index: int) -> None:
        """Open on slide `index` instead: where keys the early paint answered went after this app
        was made (`deck.present.early_paint.stop_answering`; before its screen is composed)."""
        self._start = Position(max(0, min(index, len(self.deck.slides) - 1)))

    @property
    def slide_screen(self) -> SlideScreen:
        """The main screen (below any pop-up)."""
        for screen in self.screen_stack:
            if isinstance(screen, SlideScreen):
                return screen
        raise LookupError("no slide screen")

    def on_mount(self) -> None:
        """Apply the theme, start watching the deck file."""
        self.theme = self._initial_theme
        if self.load_error is not None:
            # Saving a fixed file reloads it (live reload) and clears this.
            self.notify(str(self.load_error), title=f"only slides 1-{len(self.deck.slides)} loaded",
                        severity="error", timeout=LOAD_ERROR_SECONDS, markup=False)
        if self.watching:
            self.set_interval(self.poll_interval, self.poll_file)
        if self.companions:
            self.call_after_refresh(self._start_companions)  # once the slide screen is composed
        self.call_after_refresh(self.preload)

    def preload(self) -> None:
        """Import what this deck's slides draw with, in the idle time after the frame: so no key
        press waits for the first chart's, code block's, table's or picture's imports (see
        `deck.present.preload`). A deck without them imports nothing more."""
        self.preloaded = False
        self._preloads.clear()  # an older deck's pieces
        self._preloads.add(self._preload_parts(self.deck), delay=PRELOAD_DELAY)

    def _preload_parts(self, deck: Deck) -> Iterator[Callable[[], object]]:
        """The pieces, one part each (`deck.present.idle`: a key that comes during one is handled
        before the next), then the note that all are done."""
        for piece in preload.pieces(deck, self.images):
            yield partial(preload.run, piece)
        yield partial(setattr, self, "preloaded", True)

    def _start_companions(self) -> None:
        for companion in self.companions:
            companion.started()

    def on_unmount(self) -> None:
        """Tell the companions (follow mode) that the talk ends."""
        for companion in self.companions:
            companion.stopping()

    # --- time ---------------------------------------------------------------------------------

    # Every change of the timers goes through these methods (`TalkClock` does the arithmetic).

    def timers(self) -> Timers:
        """Elapsed time since start, and remaining time when a duration was given."""
        return state.timers(self.talk_clock.elapsed(self.clock()), self.duration)

    def next_tick(self) -> float:
        """Seconds until the timers show the next second (when the screen's tick comes)."""
        return self.talk_clock.to_next_second(self.clock())

    def slide_time(self) -> str:
        """How long the current slide has been on screen, in talk time (pauses not counted)."""
        return state.format_clock(self.talk_clock.on_slide(self.clock()))

    def timer_state(self) -> str:
        """"running", "paused" or "waiting" (a `timer_on_key` timer before the first key)."""
        if self.talk_clock.waiting:
            return "waiting"
        return "running" if self.talk_clock.running else "paused"

    def toggle_timer(self) -> None:
        """Pause or resume the talk's timer (a waiting timer starts)."""
        self.talk_clock.toggle(self.clock())
        self._timers_changed()

    def reset_timer(self) -> None:
        """Set the talk's timer back to 00:00 (and the current slide's)."""
        self.talk_clock.reset(self.clock())
        self._timers_changed()

    def set_talk_timer(self, elapsed: float, running: bool, duration: float | None,
                       waiting: bool = False) -> None:
        """Set the talk's timer to read `elapsed`, running, paused or waiting, of `duration`
        (follow mode: the companions are not told, this is their own change)."""
        self.talk_clock.set(self.clock(), elapsed, running, waiting)
        self.duration = duration

    def _timers_changed(self) -> None:
        for companion in self.companions:
            companion.timers_changed()

    def slide_changed(self) -> None:
        """Another slide came on screen: its own time starts now."""
        self.talk_clock.new_slide(self.clock())

    async def on_event(self, event: events.Event) -> None:
        """A waiting timer starts at the first key press (but `z`, which starts it itself)."""
        if isinstance(event, events.Key) and self.talk_clock.waiting and event.key != PAUSE_KEY:
            self.talk_clock.start(self.clock())
            self._timers_changed()
        await super().on_event(event)

    # --- themes -------------------------------------------------------------------------------

    def cycle_theme(self) -> None:
        """Switch to the next theme of `theme_names()`."""
        names = theme_names()
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"theme: {self.theme}", timeout=2)

    # --- live reload --------------------------------------------------------------------------

    def poll_file(self) -> None:
        """Reload when the deck file changed and has stayed unchanged for one poll."""
        signature = state.file_signature(self.deck.path)
        if signature is None or signature == self._signature:
            self._pending = None
            return
        if signature != self._pending:
            self._pending = signature  # maybe mid-write: look again next poll
            return
        self._pending = None
        self.reload(signature)

    def reload(self, signature: FileSignature | None = None) -> bool:
        """Load the deck file again and stay on the same slide; on error keep the last good deck."""
        from deck.format.loader import load_deck

        path = self.deck.path
        self._signature = signature or state.file_signature(path)  # report a bad save only once
        try:
            deck = load_deck(path)
        except (DeckError, OSError) as error:
            self.notify(str(error), title="deck not reloaded", severity="error",
                        timeout=ERROR_SECONDS, markup=False)
            return False
        except Exception as error:  # a loader bug must not end a talk in progress
            self.notify(f"{path}: cannot reload: {error!r}", title="deck not reloaded",
                        severity="error", timeout=ERROR_SECONDS, markup=False)
            return False
        self.replace_deck(deck)
        self.clear_notifications()
        self.notify(f"reloaded {path}", timeout=2, markup=False)
        return True

    def replace_deck(self, deck: Deck) -> None:
        """Show `deck` instead of the current one, on the same slide if it is still there."""
        screen = self.slide_screen
        old, position = self.deck, screen.position
        self.deck = deck
        self.generation += 1
        self.render_cache.clear()
        self.title = plain(deck.title.get(screen.lang if screen.lang in deck.languages else deck.default_language),
                           deck.inline)
        if screen.lang not in deck.languages:
            screen.set_reactive(SlideScreen.lang, deck.default_language)
        screen.set_reactive(SlideScreen.position, state.relocate(old, deck, position))
        screen.refresh_bindings()
        screen.show_slide(top=False)
        self.preload()  # the new deck may have kinds the old one had not
        for companion in self.companions:
            companion.reloaded()


def check_theme(name: str | None) -> None:
    """Raise `UsageError` for an unknown `--theme`."""
    if name is not None and name not in theme_names():
        raise UsageError(f"--theme {name}: unknown theme; choose one of {', '.join(theme_names())}")


def present(deck: Deck, *, lang: str, theme: str | None, start: int, duration: float | None,
            painted: bool = False, images: str = "blocks",
            companion: Callable[[DeckApp], Companion] | None = None, timer_on_key: bool = False,
            signature: FileSignature | None = None, load_error: DeckError | None = None) -> int:
    """Present `deck` full-screen; return the exit status.

    `painted`: `deck.present.early_paint` already entered the alternate screen and drew the first frame.
    `companion`: makes what runs beside the talk (follow mode's leader).
    `load_error`: `deck` holds only the slides before this error (found after slide 1 was painted).
    """
    check_theme(theme)
    app = DeckApp(deck, lang=lang, theme=theme, start=start, duration=duration, images=images,
                  timer_on_key=timer_on_key, signature=signature)
    app.load_error = load_error
    if companion is not None:
        app.companions.append(companion(app))
    if painted and app.driver_class.__name__ == "LinuxDriver":
        from deck.present.driver import early_painted_driver

        app.driver_class = early_painted_driver(app.start_on)  # it stops the early paint's answers
    elif painted:
        from deck.present.early_paint import stop_answering

        moved = stop_answering()
        if moved is not None:
            app.start_on(moved)
    app.run()
    return app.return_code or 0
