"""Deck text cannot drive the terminal: escape sequences and controls never leave deck.

The hostile deck (hostile_decks.py) puts screen clears, title changes, OSC 52 clipboard writes,
hyperlinks, cursor-report requests, BEL, backspace, carriage return, C1 controls, zero-width
and bidi controls, and Rich markup into every text field. Every export (text and Markdown,
Unicode and ASCII, with and without notes, both languages) is scanned byte by byte, in-process
and through the real command line; and `deck present` runs in a real pseudo-terminal
(TERM=xterm-256color, 100x30) while keys walk through the slides, the presenter view and the
notes: every byte it writes is compared with a run on a benign deck of the same shape, so that
what Textual emits by itself is told apart from anything the deck could have caused.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from hostile_decks import FORBIDDEN_TEXT, MARKUP, OSC_52, write_deck
from hostile_support import ROOT, run_deck

from deck.export import export_deck
from deck.export.markdown import md_escape
from deck.format.loader import load_deck

# C0 controls but newline, DEL and C1 controls: none may be in an export.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
ALL_FIELDS = {f"F{number:02d}" for number in range(1, 38)}
# Fields a text export does not show: the datums' source quotes (F01-F04: only with --notes, under
# each slide) and a chart unit that every datum overrides (F23). The Markdown handout shows the
# quotes as footnotes.
TEXT_FIELDS = ALL_FIELDS - {"F01", "F02", "F03", "F04", "F23"}
MARKDOWN_FIELDS = ALL_FIELDS - {"F23"}


def assert_clean(document: str, where: str) -> None:
    """No control character, zero-width or bidi control anywhere in `document`."""
    match = CONTROL.search(document.replace("\n", ""))
    assert match is None, f"{where}: control character {match.group()!r}" if match else ""
    for character in FORBIDDEN_TEXT:
        assert character not in document, f"{where}: {character!r}"


def literal_fields(document: str) -> set[str]:
    """The fields whose Rich markup shows literally (or Markdown-escaped, which renders literally)."""
    plain = set(re.findall(r"\[red\](F\d\d)\[/red\]", document))
    escaped = set(re.findall(re.escape(md_escape("[red]")) + r"(F\d\d)" + re.escape(md_escape("[/red]")), document))
    return plain | escaped


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile deck, written once for the module."""
    return write_deck(tmp_path_factory.mktemp("hostile"))[0]


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A benign deck of the same shape."""
    return write_deck(tmp_path_factory.mktemp("benign"), hostile=False)[0]


def test_the_model_holds_no_control_characters(hostile: Path) -> None:
    deck = load_deck(hostile)
    assert deck.title.get("en").startswith(f"F05 {MARKUP.format(marker='F05')}")
    for lang in deck.languages:
        for text in _all_texts(deck, lang):
            assert_clean(text, f"model ({lang})")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
@pytest.mark.parametrize("notes", [False, True], ids=["slides", "notes"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [40, 120])
def test_every_export_is_clean_and_literal(hostile: Path, fmt: str, ascii_only: bool, notes: bool, lang: str,
                                           width: int) -> None:
    document = export_deck(load_deck(hostile), fmt=fmt, lang=lang, ascii_only=ascii_only, notes=notes, width=width)
    assert_clean(document, f"{fmt} {lang} ascii={ascii_only} notes={notes} width={width}")
    if width < 120:
        return  # narrow: the long markup tokens are folded across lines, safety is what counts
    expected = TEXT_FIELDS if fmt == "text" else MARKDOWN_FIELDS
    if notes and fmt == "text":
        expected = expected | {"F01", "F02", "F03", "F04"}  # the sources under each slide
    if not notes:
        expected = expected - {"F20", "F28"}
    assert literal_fields(document) == expected
    if ascii_only and lang == "en":
        drawn = re.sub(r"中文", "", document)
        assert drawn.isascii(), {ch for ch in drawn if not ch.isascii()}


@pytest.mark.parametrize("argv", [["--format", "text", "--notes"], ["--format", "markdown", "--notes"],
                                  ["--ascii", "--lang", "en"], ["--width", "10"]],
                         ids=["text", "markdown", "ascii", "narrow"])
def test_the_command_line_writes_clean_bytes(hostile: Path, tmp_path: Path, argv: list[str]) -> None:
    out = tmp_path / "out.txt"
    to_file = run_deck("export", hostile, "-o", out, *argv, label="hostile deck export")
    to_stdout = run_deck("export", hostile, *argv, label="hostile deck export")
    assert (to_file.status, to_file.stderr, to_stdout.status, to_stdout.stderr) == (0, "", 0, "")
    written = out.read_bytes()
    assert written.decode("utf-8") == to_stdout.stdout
    assert b"\x1b" not in written and b"\x07" not in written and b"\r" not in written
    assert_clean(written.decode("utf-8"), " ".join(argv))
    assert b"[red]F13[/red]" in written or md_escape("[red]F13[/red]").encode() in written or "--width" in argv


def test_check_reports_no_raw_control_characters(hostile: Path) -> None:
    bad = hostile.parent / "bad.yaml"
    bad.write_text(hostile.read_text(encoding="utf-8").replace("accent: magenta", 'accent: "\\e]52;c;SGk=\\a"'),
                   encoding="utf-8")
    run = run_deck("check", bad, label="hostile colour")
    assert run.status == 2
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "is not a colour" in run.stderr


# --- the presenter in a real pseudo-terminal ------------------------------------------------


class Terminal:
    """`python -m deck present DECK` on a pseudo-terminal of 100x30 cells; keeps every byte."""

    def __init__(self, deck: Path, columns: int = 100, rows: int = 30) -> None:
        env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
        env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size its terminal before Textual asks, then become deck
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.execve(sys.executable, [sys.executable, "-m", "deck", "present", str(deck)], env)
        self.output = bytearray()
        self.mark = 0
        self.status: int | None = None

    def _read(self, seconds: float) -> bool:
        """Collect output for up to `seconds`; False once the terminal is closed."""
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, needle: bytes, timeout: float = 10.0) -> bool:
        """Read until `needle` appears in the output since the last key."""
        deadline = time.monotonic() + timeout
        while needle not in self.output[self.mark :] and time.monotonic() < deadline:
            if not self._read(0.05):
                break
        return needle in self.output[self.mark :]

    def settle(self, quiet: float = 0.4, timeout: float = 5.0) -> None:
        """Read until nothing has come for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, size = time.monotonic(), len(self.output)
        while time.monotonic() < deadline and time.monotonic() - last < quiet:
            if not self._read(0.05):
                return
            if len(self.output) != size:
                last, size = time.monotonic(), len(self.output)

    def press(self, keys: bytes) -> None:
        """Type `keys`; later waits look only at what comes after."""
        self.mark = len(self.output)
        os.write(self.fd, keys)

    def close(self, timeout: float = 10.0) -> bytes:
        """Wait for the app to exit (kill it after `timeout`); return everything it wrote."""
        deadline = time.monotonic() + timeout
        while self.status is None and time.monotonic() < deadline:
            open_ = self._read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                while open_ and self._read(0.05) and len(self.output) != self.mark:
                    self.mark = len(self.output)
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        return bytes(self.output)


def _marker(deck: Path, number: int) -> bytes:
    marker = f"F{number:02d}"
    hostile = "benign" not in str(deck)
    return (MARKUP.format(marker=marker) if hostile else f"{marker} {marker}").encode()


def _present(deck: Path) -> tuple[bytes, int | None, dict[str, bool]]:
    """Walk the deck: first slide, presenter view (notes, next slide), notes, every slide, quit."""
    terminal = Terminal(deck)
    seen: dict[str, bool] = {}
    try:
        seen["slide 1 title"] = terminal.wait_for(_marker(deck, 13))
        terminal.press(b"P")  # presenter view: the notes and the next slide's title
        seen["notes in presenter view"] = terminal.wait_for(_marker(deck, 20))
        terminal.settle()
        terminal.press(b"P")
        terminal.settle()
        terminal.press(b"s")  # notes under the slide
        terminal.settle()
        terminal.press(b"\x1b[C")  # the bar chart: its long value texts need more columns than 100
        terminal.settle()
        for slide, title in ((3, 29), (4, 32), (5, 35)):
            terminal.press(b"\x1b[C")
            seen[f"slide {slide} title"] = terminal.wait_for(_marker(deck, title))
            terminal.settle(quiet=0.2)
        terminal.press(b"q")
    finally:
        output = terminal.close()
    return output, terminal.status, seen


@pytest.fixture(scope="module")
def presentations(hostile: Path, benign: Path) -> dict[str, tuple[bytes, int | None, dict[str, bool]]]:
    """What `deck present` wrote, its exit status and what it showed, for each deck."""
    if not hasattr(os, "fork"):
        pytest.skip("needs a POSIX pseudo-terminal")
    return {"hostile": _present(hostile), "benign": _present(benign)}


@pytest.fixture
def presented(presentations: dict[str, tuple[bytes, int | None, dict[str, bool]]]) -> tuple[bytes, bytes]:
    """Everything `deck present` wrote for the hostile deck, and for the benign one."""
    return presentations["hostile"][0], presentations["benign"][0]


@pytest.mark.parametrize("name", ["hostile", "benign"])
def test_present_walks_every_slide_and_quits(presentations: dict[str, tuple[bytes, int | None, dict[str, bool]]],
                                             name: str) -> None:
    output, status, seen = presentations[name]
    assert status == 0, f"exit {status}; {output[-2000:]!r}"
    assert all(seen.values()), f"not shown: {[what for what, ok in seen.items() if not ok]}"


# Sequences Textual may write itself: the hostile run may not write them more often.
TEXTUAL_OWN = {
    "window title (OSC 0)": b"\x1b]0;",
    "window title (OSC 2)": b"\x1b]2;",
    "any OSC": b"\x1b]",
    "hyperlink (OSC 8)": b"\x1b]8;",
    "BEL": b"\x07",
    "backspace": b"\x08",
    "DEL": b"\x7f",
    "clear screen": b"\x1b[2J",
    "cursor report request": b"\x1b[6n",
    "leave the alternate screen": b"\x1b[?1049l",
    "DCS": b"\x1bP",
}


@pytest.mark.parametrize("name", sorted(TEXTUAL_OWN))
def test_present_emits_no_more_control_sequences_than_for_a_benign_deck(presented: tuple[bytes, bytes],
                                                                        name: str) -> None:
    hostile, benign = presented
    sequence = TEXTUAL_OWN[name]
    assert hostile.count(sequence) <= benign.count(sequence), f"{name}: {hostile.count(sequence)} > {benign.count(sequence)}"


def test_present_never_writes_the_decks_sequences(presented: tuple[bytes, bytes]) -> None:
    hostile, _ = presented
    assert OSC_52 not in hostile
    assert re.search(rb"\x1b\][^\x07\x1b]*(PWNED|evil)", hostile) is None  # no title or link from the deck
    assert re.search(rb"\x1bP[^\x1b]*544e", hostile) is None
    for character in FORBIDDEN_TEXT:  # C1 controls, zero-width, bidi controls, BOM, line separator
        assert character.encode("utf-8") not in hostile, repr(character)


def test_present_shows_markup_literally(presented: tuple[bytes, bytes]) -> None:
    hostile, benign = presented
    for number in (5, 12, 13, 20, 29, 32, 35):  # deck title, section, slide titles, notes
        assert MARKUP.format(marker=f"F{number:02d}").encode() in hostile
    assert b"[red]" not in benign  # the control: the literal text comes from the deck


def _all_texts(deck: object, lang: str) -> list[str]:
    """Every string in the model, by walking its dataclasses."""
    from dataclasses import fields, is_dataclass

    from deck.format.model import Localized

    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Localized):
            found.append(value.get(lang))
        elif isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif is_dataclass(value):
            for field in fields(value):
                walk(getattr(value, field.name))

    walk(deck)
    return found
