"""A deck with terminal-attack text in every text field, and a benign deck of the same shape.

Each text field gets its own marker ``Fnn`` so a test can tell which fields reached the screen
or the export, written three ways: plain (``F07``), as Rich markup (``[red]F07[/red]``, which
must be shown literally) and as a markup link. The hostile deck follows the markers with
`DANGER`: escape sequences that clear the screen, set the window title, write the clipboard
(OSC 52), ask the terminal to type (cursor report), leave the alternate screen, open a
hyperlink, plus BEL, backspace, carriage return, C1 controls, zero-width and bidi controls.
"""

from __future__ import annotations

import json
from pathlib import Path

from deck.format.sanitize import clean_text

DANGER = " ".join([  # spaces between them, so that what is left after cleaning can wrap
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b]0;PWNED-TITLE\x07",  # set the window title (BEL-terminated)
    "\x1b]2;PWNED-TITLE\x1b\\",  # ... (ST-terminated)
    "\x1b]52;c;UFdORUQ=\x07",  # OSC 52: write "PWNED" to the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink
    "\x1b[6n",  # ask the terminal to report the cursor: it types the answer into the app
    "\x1b[?1049l",  # leave the alternate screen
    "\x1bP+q544e\x1b\\",  # DCS query
    "\x07\x07\x08\x08\r\x7f",  # BEL, backspace, carriage return, DEL
    "\x9b2J\x9d0;PWNED-C1\x9c",  # the same as 8-bit C1 controls
    "\u200b\u200e\u202e\u2066\u061c\ufeff\u2028",  # zero-width, bidi controls, BOM, line separator
    "!",
])
#: UTF-8 bytes that must never reach a terminal or an export from deck text.
FORBIDDEN_TEXT = ("\x9b", "\x9c", "\x9d", "\u200b", "\u200e", "\u202e", "\u2066", "\u061c", "\ufeff", "\u2028")
#: Sequences whose presence in a terminal stream would be an attack.
OSC_52 = b"\x1b]52"
MARKUP = "[red]{marker}[/red]"


def text_of(number: int, hostile: bool) -> str:
    """The value of text field `number`: markers, literal markup, and (if hostile) `DANGER`."""
    marker = f"F{number:02d}"
    if not hostile:
        return f"{marker} {marker} {marker} benign words"
    return f"{marker} {MARKUP.format(marker=marker)}[link=https://evil.example]{marker}[/link] {DANGER}"


def _yaml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar, escapes and all


class _Fields:
    """Hands out field numbers and remembers which text each got."""

    def __init__(self, hostile: bool) -> None:
        self.hostile = hostile
        self.texts: dict[str, str] = {}

    def plain(self, name: str) -> str:
        number = len(self.texts) + 1
        self.texts[name] = text_of(number, self.hostile)
        return _yaml(self.texts[name])

    def both(self, name: str) -> str:
        """A bilingual text: the zh and en values differ only in a prefix."""
        value = self.plain(name)
        return f"{{zh: {_yaml('中文 ' + self.texts[name])}, en: {value}}}"


def deck_text(hostile: bool = True) -> tuple[str, str, dict[str, str]]:
    """(deck YAML, article text, field name -> text) for the hostile or the benign deck."""
    f = _Fields(hostile)
    quotes = [f.plain(f"quote {n}") for n in range(1, 5)]
    quote_texts = [f.texts[f"quote {n}"] for n in range(1, 5)]
    lines = [
        f"title: {f.both('deck title')}",
        f"subtitle: {f.both('deck subtitle')}",
        f"author: {f.plain('author')}",
        f"date: {f.plain('date')}",
        "languages: [zh, en]",
        "source:",
        "  file: article.txt",
        f"  publisher: {f.plain('publisher')}",
        f"  title: {f.both('source title')}",
        f"  url: {f.plain('url')}",
        "sections:",
        f"  - {{id: s1, name: {f.both('section name')}, accent: magenta}}",
        "slides:",
        "  - section: s1",
        "    id: first",
        f"    title: {f.both('slide title')}",
        f"    subtitle: {f.plain('slide subtitle')}",
        f"    text: {f.both('paragraph')}",
        f"    bullets: [{f.both('bullet 1')}, {f.plain('bullet 2')}]",
        f"    quote: {{text: {f.both('quote text')}, by: {f.plain('quote by')}}}",
        f"    notes: {f.both('notes')}",
        "  - section: s1",
        f"    title: {f.plain('bar slide title')}",
        "    chart:",
        "      kind: bar",
        f"      title: {f.both('bar title')}",
        f"      unit: {f.plain('bar unit')}",
        "      data:",
        f"        - {{label: {f.both('bar label')}, value: 12, unit: {f.plain('datum unit')}, source: {quotes[0]}}}",
        f"        - {{label: {f.plain('bar label 2')}, value: -3, display: {f.both('display')}, source: {quotes[1]}}}",
        f"    notes: {f.plain('bar notes')}",
        "  - section: s1",
        f"    title: {f.plain('share slide title')}",
        "    chart:",
        "      kind: share",
        f"      rest: {f.both('rest')}",
        f"      data: [{{label: {f.plain('share label')}, value: 40, source: {quotes[2]}}}]",
        "  - section: s1",
        f"    title: {f.plain('timeline slide title')}",
        "    chart:",
        "      kind: timeline",
        f"      data: [{{label: {f.plain('event')}, date: {f.both('event date')}, source: {quotes[3]}}}]",
        "  - section: s1",
        f"    title: {f.plain('stat slide title')}",
        "    chart:",
        "      kind: stat",
        f"      data: [{{label: {f.plain('stat label')}, value: 71, display: {f.plain('stat display')}, source: {quotes[0]}}}]",
    ]
    article = "An article.\n" + "\n".join(clean_text(quote) for quote in quote_texts) + "\n"
    return "\n".join(lines) + "\n", article, f.texts


def write_deck(folder: Path, hostile: bool = True, name: str = "deck.yaml") -> tuple[Path, dict[str, str]]:
    """Write the deck and its article into `folder`; return the deck's path and its texts."""
    text, article, texts = deck_text(hostile)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path, texts
