"""Inline emphasis and links in deck text: ``**bold**``, ``*italic*``, `` `code` ``, ``[label](url)``.

A text becomes a tuple of `Run`s, plain data that every renderer reads: the screen turns them
into Rich styles (`deck.draw.inline`), the Markdown handout back into the same Markdown. The
parsing is CommonMark's, done by markdown-it-py's inline parser (a core dependency) with only
four rules on: emphasis, code spans, links and backslash escapes. No HTML, no entities, no
autolinks: `<b>` and `&amp;` stay as written. It is never Rich or Textual markup.

Links are kept only for `LINK_SCHEMES`; any other destination (``javascript:``, ``file:``, a
relative path) is not a link, and the whole ``[label](url)`` stays literal text.

Cost and bounds: importing markdown-it-py takes about 20 ms and a parse about 65 us, so a text
without any marker character (`MARKERS`) is one plain run without importing or parsing anything,
and the parser is imported only when a text needs it. Results are cached per distinct string
(`runs`, at most `_CACHE` of them). A text longer than `MAX_PARSED` characters is not parsed (it
is shown as written): markdown-it's inline rules are linear for ordinary text, but keep
pathological inputs (thousands of nested brackets) cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: The only URL schemes that become links (on screen: underlined and an OSC 8 hyperlink).
LINK_SCHEMES = ("http", "https", "mailto")
#: Characters that can start inline markup; a text with none of them is taken as it is.
MARKERS = frozenset("*_`[\\")
#: Texts longer than this are shown as written (not parsed).
MAX_PARSED = 20_000
_CACHE = 8192
_ALLOWED_URL = re.compile(r"(?:https?|mailto):[!-~]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one style: bold, italic, code, and the URL it links to (if any)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


def has_markers(text: str) -> bool:
    """Whether `text` may hold inline markup at all (cheap: a set test per character)."""
    return not MARKERS.isdisjoint(text)


def runs(text: str, inline: bool = True) -> tuple[Run, ...]:
    """`text` as styled runs; with `inline` False (a deck's `inline: plain`) one plain run."""
    if not inline or not has_markers(text) or len(text) > MAX_PARSED:
        return (Run(text),) if text else ()
    return _parsed(text)


def plain(text: str, inline: bool = True) -> str:
    """What `text` reads as without its markers (for search and one-line places such as headers)."""
    if not inline or not has_markers(text):
        return text
    return "".join(run.text for run in runs(text))


def allowed_link(url: str) -> bool:
    """Whether `url` (already normalised by the parser) may be a link: an allowed scheme, and
    nothing but printable ASCII (so it is safe inside a terminal's OSC 8 sequence)."""
    return _ALLOWED_URL.fullmatch(url) is not None


@lru_cache(maxsize=_CACHE)
def _parsed(text: str) -> tuple[Run, ...]:
    tokens = _parser().parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    return tuple(_merge(_walk(children)))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only a text with markers pays for the import

    parser = MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape"])
    parser.validateLink = allowed_link  # type: ignore[method-assign]
    return parser


def _walk(tokens: list[Any]) -> list[Run]:
    """Runs from markdown-it's inline tokens (a flat stream of open/close markers and texts)."""
    bold = italic = 0
    link: list[str] = []
    out: list[Run] = []
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link.append(str(token.attrs.get("href", "")))
        elif kind == "link_close":
            link.pop()
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            content = "\n" if kind.endswith("break") else token.content
            if content:
                out.append(Run(content, bold > 0, italic > 0, kind == "code_inline", link[-1] if link else None))
    return out


def _merge(parts: list[Run]) -> list[Run]:
    """Neighbouring runs in the same style made one (escapes split the parser's texts)."""
    merged: list[Run] = []
    for part in parts:
        if merged and _same_style(merged[-1], part):
            last = merged.pop()
            part = Run(last.text + part.text, part.bold, part.italic, part.code, part.link)
        merged.append(part)
    return merged


def _same_style(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.code, a.link) == (b.bold, b.italic, b.code, b.link)
