"""Draw the presenter's first frame with plain Rich before Textual is imported.

Importing Textual and building the app takes most of start-up; this draws what Textual's first
frame will show (header, slide, status bar, key footer, in the default theme's colours and
`deck.draw.layout`'s geometry) on the alternate screen as soon as the deck is loaded. Textual's frame
then overwrites every cell with the same content. `deck.present.app` starts Textual with a driver that
does not enter the alternate screen a second time: xterm clears the screen on that.

Only on a real terminal, in the default theme, when the slide fits without scrolling and the
footer fits on one row; `DECK_NO_EARLY_PAINT=1` turns it off. Deck text reaches the terminal only
through `deck.draw.render`'s renderables (sanitised by `deck.draw.text`).
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterable
from typing import IO, Any

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.text import Text

from deck.draw.layout import FOOTER_ROWS, HEADER_ROWS, MIN_HEIGHT, PAD_COLS, PAD_ROWS, placement, slide_area, text_width
from deck.draw.render import (
    DeckProgress,
    RenderOptions,
    header_fields,
    header_grid,
    render_slide,
    slide_options,
    status_grid,
)
from deck.format import model
from deck.present import state
from deck.present.state import Position

ENV_OFF = "DECK_NO_EARLY_PAINT"
FOOTER_FULL_WIDTH = 82  # deck.present.screens.FOOTER_FULL_WIDTH: below it the palette key is dropped
FOOTER_KEYS_WIDTH = 66  # the footer's keys without the palette key: narrower, no early paint

# textual-dark as Textual 8.2 resolves it (tests/test_early_paint.py checks these against Textual).
BACKGROUND = "#121212"
FOREGROUND = "#e0e0e0"
PANEL = "#242f38"
FOOTER_KEY = "#ffa62b"
FOOTER_KEY_DISABLED = "#b47d2f"
FOOTER_DESCRIPTION_DISABLED = "#a0a3a6"
PALETTE_SEPARATOR = "#495259"
DIM_FACTOR = 0.66
# Textual's MONOKAI terminal theme (textual._ansi_theme): what ANSI colour numbers become.
ANSI_COLORS = (
    (26, 26, 26), (244, 0, 95), (152, 224, 36), (253, 151, 31), (157, 101, 255), (244, 0, 95),
    (88, 209, 235), (196, 197, 181), (98, 94, 76), (244, 0, 95), (152, 224, 36), (224, 213, 97),
    (157, 101, 255), (244, 0, 95), (88, 209, 235), (246, 246, 239),
)
_saved_attributes: list[Any] | None = None  # the terminal's modes before the early paint
_painted: tuple[Console, tuple[int, int], list[list[Segment]]] | None = None  # what `paint` drew

FOOTER_KEYS = (("→", "Next", "next"), ("←", "Prev", "previous"), ("?", "Help", ""), ("o", "Overview", ""),
               ("/", "Search", ""), ("s", "Notes", ""), ("P", "Presenter", ""), ("q", "Quit", ""))


def wanted(theme: str | None, stdout: IO[str] | None = None) -> bool:
    """Whether to paint early: a terminal on both ends, the default theme, colours, not switched off."""
    out = sys.__stdout__ if stdout is None else stdout
    if os.environ.get(ENV_OFF) or "NO_COLOR" in os.environ or os.environ.get("TERM") in (None, "", "dumb"):
        return False
    if os.environ.get("TEXTUAL_DRIVER"):  # not the Linux driver that deck.present.driver adapts
        return False
    if theme not in (None, "textual-dark") or out is None or sys.__stdin__ is None:
        return False
    if stdout is None and sys.stdout is not sys.__stdout__:  # redirected in-process (pytest's capture)
        return False
    try:
        return out.isatty() and sys.__stdin__.isatty()
    except (ValueError, OSError):
        return False


def frame(deck: model.Deck, lang: str, start: int, size: tuple[int, int], duration: float | None,
          console: Console) -> list[list[Segment]] | None:
    """The rows of the presenter's first frame, or None when this cannot predict it exactly."""
    cols, rows = size
    position = Position(start)
    slide = deck.slides[start]
    if cols < FOOTER_KEYS_WIDTH or rows < MIN_HEIGHT or state.size_problem(slide, lang, size) is not None:
        return None
    if any(isinstance(block, model.Image) for block in slide.blocks):
        return None  # decoding a picture is not what a first frame should wait for; Textual draws it
    width, height = slide_area(size)
    screen, panel = Style.parse(f"{FOREGROUND} on {BACKGROUND}"), Style.parse(f"{FOREGROUND} on {PANEL}")
    options = slide_options(deck, start, RenderOptions(lang=lang, revealed=state.revealed(deck, position)))
    drawn = text_width(width, slide)
    slide_lines = _lines(console, Styled(render_slide(slide, options), screen), drawn)
    if len(slide_lines) > height:
        return None
    # as SlideView places it
    left, top = placement((drawn, len(slide_lines)), (width, height), options.title_page is not None)
    blank = [Segment(" " * cols, screen)]
    pad = Segment(" " * PAD_COLS, screen)
    stage = [blank] * top
    for line in slide_lines:
        line = Segment.adjust_line_length([Segment(" " * left, screen), *line], width, screen)
        stage.append([pad, *line, pad])
    stage += [blank] * (height - len(stage))

    header = header_grid(*header_fields(deck, start, lang))
    timers = state.timers(0.0, duration)
    status = status_grid(DeckProgress.of(deck, start), "", timers.elapsed, timers.remaining,
                         timers.overrun, Style(), Style())
    enabled = {"next": state.forward(deck, position) is not None, "previous": position != state.first(deck)}
    lines = [*_lines(console, Styled(header, panel), cols)[:HEADER_ROWS], *[blank] * PAD_ROWS, *stage,
             *[blank] * PAD_ROWS, *_lines(console, Styled(status, panel), cols)[:1], _footer(cols, enabled)]
    if len(lines) != rows or FOOTER_ROWS != 2:
        return None
    return [[Segment(text, _truecolor(style)) for text, style, _ in line] for line in lines]


def _lines(console: Console, renderable: Styled, width: int) -> list[list[Segment]]:
    lines = console.render_lines(renderable, console.options.update(width=width, height=None, highlight=False),
                                 pad=False)
    return [Segment.adjust_line_length(line, width, renderable.style) for line in lines]  # type: ignore[arg-type]


def _footer(cols: int, enabled: dict[str, bool]) -> list[Segment]:
    """The key footer as Textual draws it; with the palette key from FOOTER_FULL_WIDTH columns."""
    base = Style.parse(f"{FOREGROUND} on {PANEL}")
    row = Text(style=base, no_wrap=True, overflow="crop")
    for number, (key, description, action) in enumerate(FOOTER_KEYS):
        if number:
            row.append(" ")
        on = enabled.get(action, True)
        row.append(key, Style(bold=True, color=FOOTER_KEY if on else FOOTER_KEY_DISABLED))
        row.append(f" {description}", Style(color=None if on else FOOTER_DESCRIPTION_DISABLED))
    palette = Text.assemble(("▏", Style(color=PALETTE_SEPARATOR)), ("^p", Style(bold=True, color=FOOTER_KEY)),
                            " palette ", style=base) if cols >= FOOTER_FULL_WIDTH else Text(style=base)
    row.append(" " * max(cols - row.cell_len - palette.cell_len, 0))
    row.append_text(palette)
    row.truncate(cols, pad=True)
    return list(row.render(Console(width=cols, color_system="truecolor")))


def _truecolor(style: Style | None) -> Style | None:
    """What Textual's ANSIToTruecolor filter makes of `style`: RGB colours, dim blended."""
    if style is None:
        return None
    color, bgcolor = style.color, style.bgcolor
    if color is not None and color.triplet is None:
        color = _rgb(color, foreground=True)
    if bgcolor is not None and bgcolor.triplet is None:
        bgcolor = _rgb(bgcolor, foreground=False)
    dim = style.dim
    if dim and color is not None:
        back = (bgcolor or Color.parse(BACKGROUND)).get_truecolor()
        front = color.get_truecolor()
        color = Color.from_rgb(*(b + (f - b) * DIM_FACTOR for b, f in zip(back, front, strict=True)))
        dim = False
    return style + Style.from_color(color, bgcolor) + Style(dim=dim if style.dim else None)


def _rgb(color: Color, foreground: bool) -> Color:
    if color.is_default:
        return Color.parse(FOREGROUND if foreground else BACKGROUND)
    if color.number is not None and color.number < 16:
        return Color.from_rgb(*ANSI_COLORS[color.number])
    return Color.from_triplet(color.get_truecolor(foreground=foreground))


def paint(deck: model.Deck, lang: str, start: int, duration: float | None, theme: str | None) -> bool:
    """Enter the alternate screen and draw the first frame; False (nothing written) when not wanted."""
    out = sys.__stdout__
    if out is None or not wanted(theme):
        return False
    try:
        cols, rows = os.get_terminal_size(out.fileno())
    except OSError:
        return False
    console = Console(file=out, width=cols, height=rows, force_terminal=True, legacy_windows=False,
                      emoji=False, highlight=False, markup=False)
    lines = frame(deck, lang, start, (cols, rows), duration, console)
    if lines is None:
        return False
    _echo_off()
    _write(console, "\x1b[?1049h\x1b[?25l", enumerate(lines))
    global _painted
    _painted = (console, (cols, rows), lines)
    return True


def _write(console: Console, prefix: str, lines: Iterable[tuple[int, list[Segment]]]) -> None:
    pieces = [prefix]
    for number, line in lines:
        pieces.append(f"\x1b[{number + 1};1H")
        pieces.extend(style.render(text, color_system=console._color_system) if style else text
                      for text, style, _ in line)
    console.file.write("".join(pieces))
    console.file.flush()


def painted_now() -> bool:
    """Whether `paint` drew a frame in this process."""
    return _painted is not None


def repaint(deck: model.Deck, lang: str, start: int, duration: float | None) -> None:
    """Redraw the rows of the painted frame that `deck` draws otherwise.

    The frame may have been painted from the loader's preview (`deck.format.loader.Preview`),
    before the rest of the deck was read: the counter's total, a title page's subtitle or a
    setting after the slides can differ in the full deck. Usually nothing is written.
    """
    if _painted is None:
        return
    console, size, old = _painted
    lines = frame(deck, lang, start, size, duration, console)
    if lines is None or lines == old:
        return
    _write(console, "", ((number, line) for number, line in enumerate(lines)
                         if number >= len(old) or line != old[number]))


def _echo_off() -> None:
    """Keys pressed before Textual takes the terminal must not be echoed over the frame, and must
    reach Textual as typed: without canonical mode and CR-to-NL translation, an Enter typed now
    is still an Enter (not ctrl+j) when Textual reads it."""
    global _saved_attributes
    stdin = sys.__stdin__
    if stdin is None:
        return
    try:
        attributes = termios.tcgetattr(stdin.fileno())
        quiet = termios.tcgetattr(stdin.fileno())
        quiet[0] &= ~termios.ICRNL
        quiet[3] &= ~(termios.ECHO | termios.ECHONL | termios.ICANON)
        termios.tcsetattr(stdin.fileno(), termios.TCSANOW, quiet)
    except (termios.error, ValueError, OSError):
        return
    _saved_attributes = attributes


def saved_attributes() -> list[Any] | None:
    """The terminal modes from before the early paint (Textual must restore these, not its own)."""
    return _saved_attributes


def restore() -> None:
    """Give the terminal back as it was: main screen, cursor, echo (when Textual never took over)."""
    stop_answering()
    if sys.__stdout__ is not None:
        sys.__stdout__.write("\x1b[?25h\x1b[?1049l")
        sys.__stdout__.flush()
    if _saved_attributes is not None and sys.__stdin__ is not None:
        with contextlib.suppress(termios.error, ValueError, OSError):
            termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSADRAIN, _saved_attributes)


# --- keys pressed before Textual runs ---------------------------------------------------------
#
# Textual starts once the whole deck is read: a 1,000-slide deck's other 999 slides take 130 ms
# after slide 1 is on screen, and Textual's import and first frame 200 ms more, so a key pressed
# within a third of a second of slide 1 waited for all of it. `EarlyKeys` answers the two keys a
# speaker presses first, next and previous slide, while the loader reads the rest and then while
# Textual is imported and the app is made (looking at every module imported: `go_on`), until
# Textual's driver starts (`stop_answering`): it paints the slide, and Textual starts there.
# Anything else waits for Textual, as before, and reaches it in the order typed
# (`typed_for_textual`).

# The `next` and `previous` bindings of deck.present.screens.SlideScreen as a terminal sends them
# before Textual switches modes (tests/test_early_paint.py checks them against the bindings).
NEXT_KEYS = ("\x1b[C", "\x1bOC", "\x1b[6~", " ", "l", "j", "n")
PREVIOUS_KEYS = ("\x1b[D", "\x1bOD", "\x1b[5~", "\x7f", "h", "k", "p")
_MOVES = sorted([(key.encode(), 1) for key in NEXT_KEYS] + [(key.encode(), -1) for key in PREVIOUS_KEYS],
                key=lambda pair: -len(pair[0]))
POLL_SECONDS = 0.004  # how often the loader's progress looks for typed keys (a select call)
_typed: list[bytes] = []  # read here, left for Textual (deck.present.driver feeds them to it)


def moves(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The next (+1) and previous (-1) keys at the start of `data`, and the rest from the first other key on."""
    found: list[tuple[int, bytes]] = []
    rest = data
    while rest:
        for key, move in _MOVES:
            if rest.startswith(key):
                found.append((move, key))
                rest = rest[len(key):]
                break
        else:
            break
    return found, rest


class EarlyKeys:
    """Next and previous slide, painted while the rest of the deck is read (see above).

    `poll` is the loader's progress callback (`deck.format.loader.Preview.progress`): `built`
    slides are built, `deck` makes the preview deck of them. A move is painted when its slide is
    built and `frame` can draw it, and the slide it leaves shows everything (no reveal step is
    pending): `index` is then the slide Textual starts on. Any other key, or a move it cannot paint,
    stops it: that key and everything typed after it go to Textual.
    """

    def __init__(self, lang: str, index: int, duration: float | None) -> None:
        self.lang, self.index, self.duration = lang, index, duration
        self.stopped = _painted is None or sys.__stdin__ is None
        _typed.clear()
        self.queued: list[tuple[int, bytes]] = []  # moves to a slide not built yet
        self._next_poll = 0.0
        self._wake: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        from deck.present.preload import NEAR, Preloader  # made after the first frame: not before it

        self._preloader = Preloader()  # what the slides read so far near this one draw with
        self._fed = max(0, index - NEAR)  # the slides before this one were shown to it
        self._near = NEAR
        self.typing = False  # a key was typed while the deck was read: keys may come on

    def poll(self, built: int, deck: Callable[[], model.Deck | None]) -> None:
        """Answer what was typed since the last call (at most every `POLL_SECONDS`)."""
        now = time.monotonic()
        if self.stopped or now < self._next_poll:
            return
        self._next_poll = now + POLL_SECONDS
        typed = _read_typed()
        if typed and _cut_short(typed):
            typed += _read_typed(wait=0.05)  # the rest of an escape sequence is on its way
        self.typing = self.typing or bool(typed)
        if not typed and not self.queued:
            self._preload_next(built, deck)
            return
        found, rest = moves(typed)
        self.queued += found
        current = deck()
        while self.queued and current is not None and not self.stopped:
            target = self.index + self.queued[0][0]
            if 0 <= target < len(current.slides) and target >= built:
                break  # not built yet: a later call paints it
            if not self._move(current, target):
                self.stop(b"".join(key for _, key in self.queued))
                break
            self.queued.pop(0)
        if rest:
            self.stop(b"".join(key for _, key in self.queued) + rest)

    def _move(self, deck: model.Deck, target: int) -> bool:
        """Paint slide `target` if the move is a plain change of slide that `frame` can draw."""
        if not 0 <= target < len(deck.slides) or _painted is None:
            return False
        leaving = min(self.index, target)  # with reveal steps, a step would be the key's first effect
        if state.steps(deck, leaving):
            return False
        if threading.current_thread() is not threading.main_thread() and not _drawn_without_imports(deck, target):
            return False
        console, size, old = _painted
        lines = frame(deck, self.lang, target, size, self.duration, console)
        if lines is None:
            return False
        _write(console, "", ((number, line) for number, line in enumerate(lines)
                             if number >= len(old) or line != old[number]))
        _paint_state(console, size, lines)
        self.index = target
        return True

    def stop(self, typed: bytes) -> None:
        """Leave `typed`, and everything after it, to Textual."""
        self.stopped = True
        self.queued = []
        if typed:
            _typed.append(typed)

    def finish(self) -> int:
        """Stop answering; the slide Textual starts on.

        Moves still waiting for their slide go to Textual with the rest of what was typed.
        """
        if not self.stopped:
            self.stop(b"".join(key for _, key in self.queued))
        return self.index

    def go_on(self, deck: model.Deck) -> None:
        """The whole `deck` is read: answer on, from a thread, until `stop_answering`.

        The thread waits in `select` (without the interpreter lock) while the main thread imports
        Textual and makes the app, and paints only a slide that needs no module not imported yet
        (`_drawn_without_imports`): an import from this thread could meet one the main thread is
        in the middle of. So first, here on the main thread, the modules the slides near this one
        draw with are imported (`deck.present.preload`; begun while the rest was read), one at a
        time with the keys answered between two, if a key was typed already (`_preload_next`):
        then a key to the first chart is answered too.
        """
        global _answering
        if self.stopped or sys.__stdin__ is None:
            return
        self._preload(deck)
        if self.stopped:
            return
        _answering = self
        self._wake = os.pipe()  # `halt` writes to it: the thread leaves its select at once
        self._thread = threading.Thread(target=self._answer_on, args=(deck, self._wake[0]), name="deck-early-keys",
                                        daemon=True)
        self._thread.start()

    def _preload_next(self, built: int, deck: Callable[[], model.Deck | None]) -> None:
        """A poll found nothing typed now: import one module that the slides built so far near
        this one draw with (`deck.present.preload`), so that a key to one of them does not wait for
        it. On the main thread only: the thread of `go_on` must not import. Only once some key was
        typed at all: a speaker who waits for the slide types nothing while Textual starts, and the
        same modules imported before Textual measured 0.2 MB more peak memory on the bundled deck
        than imported after its start-up (A/B, about the run-to-run spread; docs/performance.md)."""
        if threading.current_thread() is not threading.main_thread() or not self.typing:
            return
        end = min(built, self.index + self._near + 1)
        if self._fed < end:
            current = deck()
            if current is None:
                return
            for slide in current.slides[self._fed:end]:
                self._preloader.add(slide)
            self._fed = end
        self._preloader.step(imports_only=True)  # first uses (a language's rules: 25 ms) wait for the app's idle time

    def _preload(self, deck: model.Deck) -> None:
        """What the slides near this one draw with and is not imported yet, a piece per poll."""
        self._preload_next(len(deck.slides), lambda: deck)
        while not self.stopped and self._preloader.waiting:
            self._next_poll = 0.0  # a look for keys before every piece
            self.poll(len(deck.slides), lambda: deck)

    def _answer_on(self, deck: model.Deck, wake: int) -> None:
        try:
            fd = sys.__stdin__.fileno()  # type: ignore[union-attr]
            while not self.stopped:
                ready = select.select([fd, wake], [], [])[0]
                if wake in ready:
                    return
                self._next_poll = 0.0
                self.poll(len(deck.slides), lambda: deck)
        except Exception:  # whatever went wrong, Textual gets the keys
            self.stop(b"".join(key for _, key in self.queued))

    def halt(self) -> int:
        """Stop the thread of `go_on` (after a paint under way); the slide Textual starts on."""
        if self._thread is not None and self._wake is not None:
            os.write(self._wake[1], b"x")
            self._thread.join()
            for end in self._wake:
                os.close(end)
            self._thread = self._wake = None
        return self.finish()


_answering: EarlyKeys | None = None  # answering keys on while Textual is imported and starts


def stop_answering() -> int | None:
    """Stop answering keys (Textual reads the terminal from now on); the slide they moved to,
    None when `EarlyKeys.go_on` was not answering."""
    global _answering
    keys, _answering = _answering, None
    return None if keys is None else keys.halt()


def _drawn_without_imports(deck: model.Deck, index: int) -> bool:
    """Whether drawing slide `index` imports nothing: every module its blocks and inline markers
    need is loaded (`preload.ready`). Not pictures: `frame` leaves them to Textual."""
    from deck.present.preload import ready  # imported by `go_on` already, on the main thread

    slide = deck.slides[index]
    return not any(isinstance(block, model.Image) for block in model.flat_blocks(slide.blocks)) and ready(slide)


def _read_typed(wait: float = 0.0) -> bytes:
    """What was typed and not read yet (waiting up to `wait` seconds for the first of it)."""
    stdin = sys.__stdin__
    if stdin is None:
        return b""
    chunks = []
    try:
        fd = stdin.fileno()
        while select.select([fd], [], [], wait)[0]:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            chunks.append(chunk)
            wait = 0.0
    except (OSError, ValueError):
        pass
    return b"".join(chunks)


def _cut_short(typed: bytes) -> bool:
    """Whether `typed` ends in the first part of a key's sequence (the terminal sent it in pieces)."""
    rest = moves(typed)[1]
    return bool(rest) and any(key.startswith(rest) and key != rest for key, _ in _MOVES)


def _paint_state(console: Console, size: tuple[int, int], lines: list[list[Segment]]) -> None:
    global _painted
    _painted = (console, size, lines)


def typed_for_textual() -> bytes:
    """The input read before Textual ran that it must still receive, in the order typed (once)."""
    typed = b"".join(_typed)
    _typed.clear()
    return typed
