"""What drawing a deck's slides imports on first use, imported ahead of the key press, a piece at a time.

Charts, code, tables, columns, pictures and inline markers load their drawing modules the first
time a slide needs them (`deck.draw.render`), so a deck without them never pays for them, in
start-up time or memory. A key press that lands on the talk's first chart, though, waited for that
import; worse, before Textual runs, `deck.present.early_paint.EarlyKeys` answers keys from a thread
that must not import (an import there could meet the one the main thread is making), so a key to
the first chart went to Textual and waited for all of its start-up (the 262 ms press of
`bench/bench_keys.py`'s walk).

`pieces(deck)` lists what this deck's slides need and is not imported yet, as small pieces: one
module each (the libraries' in the order their own imports run, so each piece imports little
beyond its module) and, last, the first uses that cost as much as an import (Pygments compiling a
language's rules, markdown-it building its parser). The callers run them where a key press can come
between two pieces: `EarlyKeys.go_on` before Textual is imported (the imports only, answering keys
between them), and `deck.present.app.DeckApp` in the idle time after its first frame (all of them).
`ready(slide)` says whether drawing `slide` needs no module that is not imported yet.

No Textual here: the early paint uses it before Textual is imported.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from deck.format import model
from deck.format.inline import has_markers, runs

# Each tuple: the modules in the order an import of its last one runs them (`python -X importtime`),
# so that each piece imports one module; a name missing from an installed version is skipped.
CHARTS = ("deck.draw.charts",)  # its package imports the seven kinds (4 ms in all)
COLUMNS = ("deck.draw.columns",)
TABLE = ("rich.box", *CHARTS, "deck.draw.table")  # a cell may be a sparkline
CODE = ("deck.draw.code",)
PYGMENTS = ("pygments.lexers", "pygments.token", "pygments.filter", "pygments.regexopt", "pygments.filters",
            "pygments.lexer", "pygments.style", "pygments.styles", "rich.syntax")
IMAGE = ("deck.format.images", "deck.draw.image")
PILLOW = ("PIL", "PIL.ExifTags", "PIL.ImageMode", "PIL.TiffTags", "PIL._binary", "PIL._util", "PIL.Image")
MARKDOWN = (
    "markdown_it.common", "markdown_it.common.entities", "markdown_it.common.utils",
    "markdown_it.helpers.parse_link_destination", "markdown_it.utils", "markdown_it.ruler", "markdown_it.token",
    "markdown_it.rules_inline.state_inline", "markdown_it.rules_inline", "markdown_it.helpers",
    "markdown_it.presets", "mdurl", "markdown_it._punycode", "markdown_it.common.normalize_url",
    "markdown_it.rules_block", "markdown_it.parser_block", "markdown_it.rules_core", "markdown_it.parser_core",
    "markdown_it.parser_inline", "markdown_it.renderer", "linkify_it", "markdown_it.main", "markdown_it",
)


@dataclass(frozen=True)
class Piece:
    """One step of the preload: `name` is a module's (`imports`) or names a first use; a piece
    with `more` is run again while `more()` says it has more to do (one part per run)."""

    name: str
    run: Callable[[], object]
    imports: bool = True
    more: Callable[[], bool] | None = None


SCAN_SLIDES = 50  # slides looked at between two pieces (0.4-0.7 ms for slides of bullets and charts)
NEAR = 12  # slides on each side that keys typed while Textual starts could reach (0.4 s of a held arrow key)
PAUSE = Piece("pause", lambda: None, imports=False)  # nothing to do: a caller may answer keys here


def modules(slide: model.Slide, markers: bool = True) -> list[tuple[str, ...]]:
    """The groups of modules drawing `slide` imports, each ending in the one whose import runs
    the others (not its code's lexers, nor pictures: `pieces` finds those); `markers` False
    leaves out the scan of its texts for inline markers."""
    groups: list[tuple[str, ...]] = [COLUMNS] if any(isinstance(block, model.Columns) for block in slide.blocks) else []
    groups += [group for block in model.flat_blocks(slide.blocks) for group in _block_modules(block)]
    return [*groups, MARKDOWN] if markers and _has_markers(slide) else groups


def ready(slide: model.Slide) -> bool:
    """Whether drawing `slide` imports nothing: its modules (and its code's lexers) are loaded."""
    langs = [block.lang for block in model.flat_blocks(slide.blocks) if isinstance(block, model.Code) and block.lang]
    if langs and not all(_lexer_module(lang) in sys.modules for lang in langs):
        return False
    return all(group[-1] in sys.modules for group in modules(slide))


def pieces(deck: model.Deck, images: str | None = None, near: int | None = None) -> Iterator[Piece]:
    """What drawing `deck`'s slides needs and is not done yet, in pieces, in the order the slides
    first need them (a module's import, then any first use that follows it).

    `images`: how pictures are drawn (`deck.draw.image` modes); None leaves pictures out (the
    early paint does not draw them). `near`: only the slides within `NEAR` of this one (what keys
    can reach while Textual starts), not the whole deck. Made as the slides are looked at, with a
    `PAUSE` after every `SCAN_SLIDES` slides: a caller that answers keys between two pieces
    answers them during the scan of a long deck too. Bounded by the deck: one pass over its
    blocks and texts.
    """
    preloader = Preloader(images)
    slides = deck.slides if near is None else deck.slides[max(0, near - NEAR):near + NEAR + 1]
    for number, slide in enumerate(slides, start=1):
        for piece in preloader.new(slide):
            yield piece  # the caller runs it before asking for the next one
            while piece.more is not None and piece.more():
                yield piece
        if number % SCAN_SLIDES == 0:
            yield PAUSE


class Preloader:
    """The pieces that slides shown to it need, each piece once (for a deck read a slide at a time)."""

    def __init__(self, images: str | None = None) -> None:
        self.images = images
        self._done: set[str] = set()
        self._waiting: list[Piece] = []

    def new(self, slide: model.Slide) -> list[Piece]:
        """The pieces `slide` needs that no slide before it did (and not done already)."""
        out = []
        for piece in _slide_pieces(slide, self.images, markers="markdown_it" not in self._done):
            if piece.name not in self._done:
                self._done.add(piece.name)
                if not (piece.imports and piece.name in sys.modules):
                    out.append(piece)
        return out

    def add(self, slide: model.Slide) -> None:
        """Keep what `slide` needs for `step`."""
        self._waiting += self.new(slide)

    @property
    def waiting(self) -> bool:
        """Whether `add` kept a piece that `step` has not done yet."""
        return bool(self._waiting)

    def step(self, imports_only: bool = False) -> bool:
        """Do the next piece kept by `add` (`imports_only`: skip first uses); False if none was left."""
        while self._waiting:
            piece = self._waiting.pop(0)
            if piece.imports or not imports_only:
                run(piece)
                if piece.more is not None and piece.more():
                    self._waiting.insert(0, piece)  # its next part, next time
                return True
        return False


def _slide_pieces(slide: model.Slide, images: str | None, markers: bool) -> Iterator[Piece]:
    for group in modules(slide, markers):
        yield from (_module(name) for name in group)
        if group is MARKDOWN:
            yield Piece("markdown-it parser", partial(runs, "*a*"), imports=False)
    for block in model.flat_blocks(slide.blocks):
        if isinstance(block, model.Code) and block.lang:
            yield Piece(f"lexer {block.lang.lower()}", partial(_import_lexer, block.lang))
            rules = LexerRules(block.lang)
            yield Piece(f"rules {block.lang.lower()}", rules.step, imports=False, more=rules.more)
        elif isinstance(block, model.Image) and images is not None:
            yield from (_module(name) for name in IMAGE)
            if images != "alt" and _installed("PIL"):
                yield from (_module(name) for name in PILLOW)


def _module(name: str) -> Piece:
    return Piece(name, partial(importlib.import_module, name))


def run(piece: Piece) -> None:
    """Do `piece`; one that fails is left to the drawing that needs it (which reports as before)."""
    with contextlib.suppress(Exception):  # the slide's own drawing meets the same error, and shows it
        piece.run()


def _block_modules(block: model.Block) -> tuple[tuple[str, ...], ...]:
    if isinstance(block, model.Chart):
        return (CHARTS,)
    if isinstance(block, model.Table):
        return (TABLE,)
    if isinstance(block, model.Code):
        return (PYGMENTS, CODE) if block.lang else (CODE,)
    return ()


def _has_markers(slide: model.Slide) -> bool:
    """Whether any text of `slide` (in any language, notes too) may hold inline markup."""
    if not slide.inline:
        return False
    texts = [slide.title, slide.subtitle, slide.notes]
    for block in model.flat_blocks(slide.blocks):
        texts += _texts(block)
    return any(has_markers(value) for text in texts if text is not None for _, value in text.values)


def _texts(block: model.Block) -> list[model.Localized | None]:
    """The texts of `block` that are drawn with their inline markup (not code, not alt text)."""
    if isinstance(block, model.Bullets):
        return list(block.items)
    if isinstance(block, model.Paragraph):
        return [block.text]
    if isinstance(block, model.Quote):
        return [block.text, block.by]
    if isinstance(block, model.Table):
        return [cell for row in (block.header, *block.rows) for cell in row if isinstance(cell, model.Localized)]
    if isinstance(block, model.Chart):
        data = [text for datum in block.data for text in (datum.label, datum.display, datum.date, datum.unit)]
        return [block.title, block.unit, block.rest, *data]
    return []


def _installed(name: str) -> bool:
    import importlib.util  # only a deck with pictures asks

    return importlib.util.find_spec(name) is not None


def _lexer_module(lang: str) -> str | None:
    """The Pygments module that holds the lexer of `lang` (None: not one of Pygments' own)."""
    if "pygments.lexers._mapping" not in sys.modules:
        return None
    from pygments.lexers._mapping import LEXERS  # type: ignore[import-untyped]  # no stubs shipped

    wanted = lang.lower()
    for module, _name, aliases, _files, _types in LEXERS.values():
        if wanted in aliases:
            return str(module)
    return None


def _import_lexer(lang: str) -> None:
    importlib.import_module("pygments.lexers._mapping")
    module = _lexer_module(lang)
    if module is not None:
        importlib.import_module(module)


class LexerRules:
    """Pygments compiles a lexer's rules the first time one is made (25-40 ms for Python's):
    here a state of them per `step`, the states others include first, so that no step is long.

    The steps are Pygments' own `RegexLexerMeta.__call__`, spread out; when the lexer is not a
    plain `RegexLexer` (or Pygments changed inside) the first step makes the lexer, all at once.
    A lexer made in between (a slide drawn) compiles its rules itself: the steps are then wasted,
    not wrong (theirs are kept).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._cls: Any = None  # the lexer's class, once found
        self._defs: Any = None  # its token definitions, merged over its bases
        self._processed: dict[str, Any] = {}  # the states compiled so far
        self._states: list[str] = []  # those left
        self._done = self._ran = False

    def more(self) -> bool:
        """Whether `step` ran since the last call and has more to do (a caller that only lists
        the pieces, running none, gets this one once)."""
        ran, self._ran = self._ran, False
        return ran and not self._done

    def step(self) -> None:
        """Compile the next state (the first step finds the lexer)."""
        self._ran = True
        try:
            if self._cls is None:
                self._start()
            elif self._states:
                cls = self._cls
                cls._process_state(self._defs, self._processed, self._states.pop())
            if self._cls is not None and not self._states:
                if "_tokens" not in self._cls.__dict__:
                    self._cls._tokens = self._processed
                self._done = True
        except Exception:
            self._done = True
            raise

    def _start(self) -> None:
        from pygments.lexers import (  # type: ignore[import-untyped]  # no stubs shipped
            find_lexer_class_by_name,
            get_lexer_by_name,
        )

        cls = find_lexer_class_by_name(self.lang)
        plain = all(hasattr(cls, name) for name in ("_process_state", "get_tokendefs"))
        if "_tokens" in cls.__dict__ or getattr(cls, "token_variants", False) or not plain:
            get_lexer_by_name(self.lang)  # Pygments' own way (or nothing left to do)
            self._done = True
            return
        cls._all_tokens, cls._tmpname = {}, 0  # as RegexLexerMeta.__call__
        self._defs = cls.get_tokendefs()
        self._processed = cls._all_tokens[""] = {}
        self._states = list(self._defs)  # popped from the end: included states are mostly later
        self._cls = cls
