"""The presenter's logic without Textual: where we are, where keys lead, search, timers, sizes.

Everything here is a pure function of the frozen model, so it is tested without a terminal and
the Textual screens in `deck.present.screens` stay thin. A `Position` is a slide index plus how many of
its reveal steps are shown (`deck.draw.render.reveal_steps`).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from deck.draw.layout import MIN_HEIGHT, needed_columns
from deck.draw.render import reveal_steps
from deck.format import model
from deck.format.inline import plain

FileSignature = tuple[int, int, int]


@dataclass(frozen=True)
class Position:
    """A slide (0-based index) and how many of its reveal steps are shown."""

    index: int
    step: int = 0


def steps(deck: model.Deck, index: int) -> int:
    """How many reveal steps slide `index` has (0: everything shows at once)."""
    return reveal_steps(deck.slides[index])


def revealed(deck: model.Deck, position: Position) -> int | None:
    """The `RenderOptions.revealed` value for `position` (None when the slide has no reveal)."""
    return position.step if steps(deck, position.index) else None


def next_step(deck: model.Deck, position: Position, lang: str) -> tuple[str, str] | None:
    """What the next key reveals, as (kind, text): ("bullet", a bullet's or sub-item's text) or
    ("row", a reveal table's row); None when everything is shown.

    Steps go as `render.reveal_steps` counts them: through every block in reading order (into
    columns too), a reveal table's rows taking theirs; a row reads as its cells joined by ' · '.
    """
    remaining = position.step
    for block in model.flat_blocks(deck.slides[position.index].blocks):
        if isinstance(block, model.Bullets) and block.reveal:
            if remaining < len(block.items):
                return "bullet", block.items[remaining].get(lang)
            remaining -= len(block.items)
        elif isinstance(block, model.Table) and block.reveal:
            if remaining < len(block.rows):
                return "row", " · ".join(cell.get(lang) for cell in block.rows[remaining])
            remaining -= len(block.rows)
    return None


def first(deck: model.Deck) -> Position:
    """The very start: slide 1, nothing revealed."""
    return Position(0)


def last(deck: model.Deck) -> Position:
    """The very end: the last slide with everything revealed."""
    index = len(deck.slides) - 1
    return Position(index, steps(deck, index))


def forward(deck: model.Deck, position: Position) -> Position | None:
    """Reveal the next bullet, else the next slide; None at the very end."""
    if position.step < steps(deck, position.index):
        return Position(position.index, position.step + 1)
    if position.index + 1 < len(deck.slides):
        return Position(position.index + 1)
    return None


def backward(deck: model.Deck, position: Position) -> Position | None:
    """Hide the last revealed bullet, else the previous slide fully shown; None at the start."""
    if position.step > 0:
        return Position(position.index, position.step - 1)
    if position.index > 0:
        index = position.index - 1
        return Position(index, steps(deck, index))
    return None


def goto(deck: model.Deck, number: int) -> Position | None:
    """Slide `number` (1-based, as typed by the presenter), or None when there is no such slide."""
    if 1 <= number <= len(deck.slides):
        return Position(number - 1)
    return None


def relocate(old: model.Deck, new: model.Deck, position: Position) -> Position:
    """The position in a reloaded deck: the same slide by id, else by title, else by index."""
    slide = old.slides[min(position.index, len(old.slides) - 1)]
    index = _find_same(slide, new, position.index)
    return Position(index, min(position.step, steps(new, index)))


def _find_same(slide: model.Slide, deck: model.Deck, near: int) -> int:
    if slide.id is not None:
        for index, candidate in enumerate(deck.slides):
            if candidate.id == slide.id:
                return index
    # Several slides may share a title: take the one nearest to where we were.
    same_title = [i for i, candidate in enumerate(deck.slides) if candidate.title == slide.title]
    if same_title:
        return min(same_title, key=lambda i: abs(i - near))
    return min(near, len(deck.slides) - 1)


def file_signature(path: str) -> FileSignature | None:
    """What changes when the deck file is saved (inode, mtime, size); None if it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


# --- search ---------------------------------------------------------------------------------


def slide_texts(slide: model.Slide, lang: str, notes: bool = False) -> Iterator[str]:
    """Every text of a slide in `lang`, in reading order (notes only when they are shown), as it
    reads on screen: without inline markers, so `**Meta**` is found by `Meta`."""
    yield plain(slide.title.get(lang), slide.inline)
    if slide.subtitle is not None:
        yield plain(slide.subtitle.get(lang), slide.inline)
    for block in model.flat_blocks(slide.blocks):
        texts = _block_texts(block, lang)
        # Only the kinds whose text is drawn without its markers (not code or alt text).
        inline = slide.inline and isinstance(block, model.Paragraph | model.Bullets | model.Quote | model.Table
                                             | model.Chart)
        yield from (plain(text) for text in texts) if inline else texts
    if notes and slide.notes is not None:
        yield plain(slide.notes.get(lang), slide.inline)


def _block_texts(block: model.Block, lang: str) -> Iterator[str]:
    if isinstance(block, model.Bullets):
        yield from (item.get(lang) for item in block.items)
    elif isinstance(block, model.Paragraph):
        yield block.text.get(lang)
    elif isinstance(block, model.Quote):
        yield block.text.get(lang)
        if block.by is not None:
            yield block.by.get(lang)
    elif isinstance(block, model.Code):
        if block.caption is not None:
            yield block.caption.get(lang)
        yield from block.text.split("\n")  # a line at a time: a query never spans two lines
    elif isinstance(block, model.Table):
        for row in (block.header, *block.rows):
            yield from (cell.get(lang) for cell in row)
    elif isinstance(block, model.Image):
        yield block.alt.get(lang)
    elif isinstance(block, model.Chart):
        for text in (block.title, block.unit, block.rest):
            if text is not None:
                yield text.get(lang)
        for datum in block.data:
            for text in (datum.label, datum.display, datum.date, datum.unit):
                if text is not None:
                    yield text.get(lang)


def matches(slide: model.Slide, lang: str, query: str, notes: bool = False) -> bool:
    """Whether `query` occurs (ignoring case) in the text of `slide`."""
    needle = query.casefold()
    return any(needle in text.casefold() for text in slide_texts(slide, lang, notes))


def search(deck: model.Deck, lang: str, query: str, after: int, notes: bool = False) -> int | None:
    """The first slide after index `after` (wrapping around, ending with `after` itself) that
    contains `query`; None when no slide does or the query is blank."""
    if not query.strip():
        return None
    count = len(deck.slides)
    for offset in range(1, count + 1):
        index = (after + offset) % count
        if matches(deck.slides[index], lang, query, notes):
            return index
    return None


def match_spans(line: str, query: str) -> list[tuple[int, int]]:
    """The (start, end) character ranges where `query` occurs in `line`, ignoring case."""
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), line, re.IGNORECASE)]


# --- timers ---------------------------------------------------------------------------------


def format_clock(seconds: float) -> str:
    """`75` -> ``01:15``; an hour or more -> ``1:02:03``."""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class Timers:
    """What the footer shows of the time: elapsed, and what is left of a planned duration."""

    elapsed: str
    left: str | None  # "07:26", or "+01:05" once overrun
    overrun: bool

    @property
    def remaining(self) -> str | None:
        """The footer's wording: ``07:26 left`` or ``+01:05 over``."""
        if self.left is None:
            return None
        return f"{self.left} over" if self.overrun else f"{self.left} left"


def timers(elapsed: float, duration: float | None) -> Timers:
    """The timer texts after `elapsed` seconds of a talk planned to last `duration` seconds.

    Both count whole seconds of the same clock, so elapsed + left is always the duration:
    `00:00` elapsed shows `00:10 left` of 10 s, and the talk is over only once a whole second
    past the end has gone (`+00:01 over`, never `+00:00`).
    """
    whole = int(max(elapsed, 0.0))
    if duration is None:
        return Timers(format_clock(whole), None, False)
    left = round(duration) - whole
    if left < 0:
        return Timers(format_clock(whole), f"+{format_clock(-left)}", True)
    return Timers(format_clock(whole), format_clock(left), False)


class TalkClock:
    """The talk's stopwatch: runs, pauses, resumes, resets, and marks when each slide began.

    All times come from the caller's clock (seconds, monotonic), so it is tested without waiting.
    `waiting` is a clock that has not started yet (it starts at the first key press).
    """

    def __init__(self, now: float, *, waiting: bool = False) -> None:
        self._banked = 0.0  # elapsed time before the last (re)start
        self._since: float | None = None if waiting else now  # None: paused or waiting
        self.waiting = waiting
        self._slide_began = 0.0  # talk time at which the current slide came on screen

    @property
    def running(self) -> bool:
        """Whether time is counting now."""
        return self._since is not None

    def elapsed(self, now: float) -> float:
        """Seconds of talk so far (paused time not counted)."""
        return self._banked + (now - self._since if self._since is not None else 0.0)

    def to_next_second(self, now: float) -> float:
        """Seconds until the elapsed time reaches its next whole second (1 when not running)."""
        if self._since is None:
            return 1.0
        return 1.0 - self.elapsed(now) % 1.0

    def on_slide(self, now: float) -> float:
        """Seconds of talk since the current slide came on screen."""
        return max(self.elapsed(now) - self._slide_began, 0.0)

    def new_slide(self, now: float) -> None:
        """Another slide is on screen: its own time starts now."""
        self._slide_began = self.elapsed(now)

    def start(self, now: float) -> bool:
        """Start a waiting clock (the first key press); True when it was waiting."""
        if not self.waiting:
            return False
        self.waiting = False
        self._since = now
        self._slide_began = 0.0
        return True

    def toggle(self, now: float) -> bool:
        """Pause a running clock or resume a paused one; True when it runs afterwards."""
        if self._since is not None:
            self._banked, self._since = self.elapsed(now), None
        else:
            self.waiting = False
            self._since = now
        return self._since is not None

    def set(self, now: float, elapsed: float, running: bool, waiting: bool = False) -> None:
        """Read `elapsed` now, running, paused or waiting (a leader's clock, in follow mode)."""
        self.waiting = waiting and not running
        self._banked, self._since = (elapsed, None) if not running else (0.0, now - elapsed)
        # A clock set back (the leader's reset) sets the slide's own time back with it.
        self._slide_began = min(self._slide_began, elapsed)

    def reset(self, now: float) -> None:
        """Back to 00:00 (running if it was), the current slide's time too."""
        self._banked, self._slide_began = 0.0, 0.0
        if self._since is not None:
            self._since = now


# --- sizes ----------------------------------------------------------------------------------

def size_problem(slide: model.Slide, lang: str, size: tuple[int, int], extra: int = 0,
                 what: str = "this slide") -> str | None:
    """Why `slide` cannot be shown in a terminal of `size` (None when it can).

    `what` names what needs the room (the presenter view needs `extra` columns more).
    """
    return too_small(needed_columns(slide, lang, extra), size, what)


def too_small(columns: int, size: tuple[int, int], what: str = "this slide") -> str | None:
    """Why a slide that needs `columns` cannot be shown in a terminal of `size` (None when it can)."""
    width, height = size
    if width < columns:
        return f"{what} needs {columns} columns; the terminal has {width}"
    if height < MIN_HEIGHT:
        return f"{what} needs {MIN_HEIGHT} rows; the terminal has {height}"
    return None


# --- command palette matching -----------------------------------------------------------------

MAX_PALETTE_CHARS = 200  # of a slide's palette entry ("12. title · section") that is matched
MAX_QUERY_CHARS = 100  # of what is typed into the palette


def palette_offsets(query: str, candidate: str) -> list[int] | None:
    """Where the letters of `query` occur in order in `candidate` (case-insensitive), or None.

    Textual's fuzzy search tries every combination of letter positions, which grows
    exponentially with the query and the candidate: typing a word against an ordinary
    500-character title froze the presenter. This takes the query as a substring when it is
    one, else the better (by word starts, then by runs) of two greedy matches: leftmost letters,
    and letters at word starts where the rest still matches after them. Time O(query x
    candidate), both bounded (`MAX_QUERY_CHARS`, `MAX_PALETTE_CHARS` when the caller cuts).
    """
    query, candidate = query[:MAX_QUERY_CHARS].lower(), candidate.lower()
    if not query:
        return None
    found = candidate.find(query)
    if found >= 0:
        return list(range(found, found + len(query)))
    leftmost = _greedy(query, candidate, 0)
    if leftmost is None:
        return None
    starts = {match.start() for match in re.finditer(r"\w+", candidate)}
    at_starts = _word_start_greedy(query, candidate, starts)
    if at_starts is None:
        return leftmost
    return max(leftmost, at_starts, key=lambda offsets: (len(starts.intersection(offsets)), -_runs(offsets)))


def _greedy(query: str, candidate: str, start: int) -> list[int] | None:
    offsets: list[int] = []
    position = start
    for letter in query:
        position = candidate.find(letter, position)
        if position < 0:
            return None
        offsets.append(position)
        position += 1
    return offsets


def _word_start_greedy(query: str, candidate: str, starts: set[int]) -> list[int] | None:
    offsets: list[int] = []
    position = 0
    for index, letter in enumerate(query):
        choice = candidate.find(letter, position)
        if choice < 0:
            return None
        look = choice
        while look >= 0:  # a later occurrence at a word start, if the rest still fits after it
            if look in starts:
                if _greedy(query[index + 1 :], candidate, look + 1) is not None:
                    choice = look
                # if the rest does not fit after this one, it fits after no later one either
                break
            look = candidate.find(letter, look + 1)
        offsets.append(choice)
        position = choice + 1
    return offsets


def _runs(offsets: list[int]) -> int:
    return 1 + sum(1 for before, after in itertools.pairwise(offsets) if after != before + 1)
