"""Errors a deck can cause, each pointing at a place in the deck file.

`str(error)` is the one line users see: ``FILE:LINE:COL: message`` (or ``FILE: message`` when
no position applies, e.g. a file that cannot be read).
"""

from __future__ import annotations

from collections.abc import Iterable


class DeckError(Exception):
    """An invalid deck. The CLI prints it and exits with `exit_status` (2)."""

    exit_status = 2

    def __init__(self, path: str, line: int, col: int, message: str) -> None:
        super().__init__(path, line, col, message)
        self.path = path
        self.line = line
        self.col = col
        self.message = message

    def __str__(self) -> str:
        path = printable(self.path)  # typed by the user, not taken from the deck
        message = printable(shorten(self.message, MAX_MESSAGE_CHARS))
        if self.line <= 0:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.col}: {message}"


# Bounds on what an error line quotes from the deck: each quoted value, each list of names, and
# (whatever a message forgets) the whole message: after the file name and position, an error
# line has at most 1,000 characters (4 times that once control characters are escaped) however
# long the deck's keys, ids or texts are.
MAX_QUOTED_CHARS = 40
MAX_LISTED = 8
MAX_MESSAGE_CHARS = 1000


def shorten(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(names: Iterable[str], limit: int = MAX_LISTED) -> str:
    """`a, b, c` for a message: at most `limit` names (each shortened), then how many more."""
    shown: list[str] = []
    more = 0
    for name in names:
        if len(shown) < limit:
            shown.append(shorten(name))
        else:
            more += 1
    return ", ".join(shown) + (f" and {more} more" if more else "")


def printable(text: str) -> str:
    """`text` safe for one line on a terminal: control, format and separator characters escaped.

    Error messages quote the deck (an unknown key, a bad id, the file name), and the deck may be
    hostile: an ESC, BEL or newline quoted raw would reach the user's terminal or split the line.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in "\n\t\r":
        return repr(ch)[1:-1]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class DeckSyntaxError(DeckError):
    """The file is not readable YAML (or not UTF-8 text)."""


class DeckSchemaError(DeckError):
    """The YAML is well formed but does not describe a valid deck."""


class DeckSourceError(DeckError):
    """A chart figure's quote is not in the deck's source article, or the article is missing."""


class DeckIOError(DeckError):
    """The deck (or an output file) cannot be read or written; exit status 1."""

    exit_status = 1

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, 0, 0, message)


class UsageError(Exception):
    """A bad command line (unknown option value, bad width, unknown language): exit status 2."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while an export was being written (`deck.export.files`).

    A BaseException, like KeyboardInterrupt, so that every cleanup on the way up runs; the CLI
    turns it into exit status 128 + the signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
