"""The early paint (`deck.present.early_paint`): the frame drawn before Textual loads is Textual's first frame.

The colours are Textual's own (checked against its theme here), the text of every row is the
same as the presenter's first frame in a real terminal (tmux), `DECK_NO_EARLY_PAINT=1` and a
pipe turn it off.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deck.present import early_paint
from tests.test_tmux import ROOT, Tmux, first_line

BUNDLED = ROOT / "slides.yaml"
PAINT_ONLY = ("import sys, time\nfrom deck.format.loader import load_deck\nfrom deck.present.early_paint import paint\n"
              "d = load_deck(sys.argv[1])\nok = paint(d, d.default_language, 0, None, None)\n"
              "sys.stdout.flush()\nsys.stderr.write('PAINTED' if ok else 'NOT-PAINTED')\n"
              "time.sleep(float(sys.argv[2]))\n")


def test_colours_are_textual_dark_as_textual_resolves_it() -> None:
    from textual import constants
    from textual._ansi_theme import MONOKAI
    from textual.theme import BUILTIN_THEMES

    variables = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    assert variables["background"].lower() == early_paint.BACKGROUND
    assert variables["foreground"].lower() == early_paint.FOREGROUND
    assert variables["panel"].lower() == early_paint.PANEL
    assert variables["footer-key-foreground"].lower() == early_paint.FOOTER_KEY
    assert early_paint.DIM_FACTOR == constants.DIM_FACTOR
    palette = [tuple(color) for color in MONOKAI.ansi_colors._colors]
    assert list(early_paint.ANSI_COLORS) == palette


def test_footer_matches_the_screen() -> None:
    from deck.present.screens import FOOTER_FULL_WIDTH, SlideScreen

    assert early_paint.FOOTER_FULL_WIDTH == FOOTER_FULL_WIDTH
    shown = [(binding.key_display, binding.description, binding.action) for binding in SlideScreen.BINDINGS
             if not isinstance(binding, tuple) and binding.show]
    assert [(key, description) for key, description, _ in early_paint.FOOTER_KEYS] == [
        (key, description) for key, description, _ in shown]


def test_switched_off_by_the_environment_and_not_on_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    piped = subprocess.run([sys.executable, "-c", PAINT_ONLY, str(BUNDLED), "0"], capture_output=True,
                           env=env, timeout=30, cwd=ROOT)
    assert piped.stdout == b""
    assert piped.stderr == b"NOT-PAINTED"
    monkeypatch.setenv(early_paint.ENV_OFF, "1")
    assert not early_paint.wanted(None)


def cells(capture: str) -> list[list[tuple[str, tuple[object, ...]]]]:
    """`capture-pane -e` output as rows of (character, (fg, bg, attributes)); a space's fg is dropped."""
    fg: object = None
    bg: object = None
    attributes: set[str] = set()
    rows: list[list[tuple[str, tuple[object, ...]]]] = [[]]
    for sgr, char in re.findall(r"\x1b\[([0-9;]*)m|(.|\n)", capture):
        if char == "\n":
            rows.append([])
        elif char:
            look = (None if char == " " else fg, bg, frozenset(attributes - ({"1", "3"} if char == " " else set())))
            rows[-1].append((char, look))
        else:
            codes = sgr.split(";") if sgr else ["0"]
            while codes:
                code = codes.pop(0)
                if code in ("38", "48"):
                    colour = tuple(codes[:4] if codes[0] == "2" else codes[:2])
                    del codes[:len(colour)]
                    fg, bg = (colour, bg) if code == "38" else (fg, colour)
                elif code == "0":
                    fg = bg = None
                    attributes.clear()
                elif code == "39":
                    fg = None
                elif code == "49":
                    bg = None
                elif code in ("22", "23", "24", "27"):
                    attributes -= {"1", "2"} if code == "22" else {str(int(code) - 20)}
                else:
                    attributes.add(code)
    return [[cell for cell in row] for row in rows]


def _screen(socket: Path, command: str, ready: str, size: tuple[int, int] = (100, 30)) -> str:
    tmux = Tmux(socket, "deck")
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", str(socket), "new-session", "-d", "-s", tmux.name, "-x", str(size[0]),
                    "-y", str(size[1]), "sh", "-c", command], env=env, check=True, timeout=10)
    try:
        footer = "palette" if size[0] >= early_paint.FOOTER_FULL_WIDTH else "q Quit"
        screen = tmux.wait_for(lambda s: ready in s and "1/26" in first_line(s) and footer in s, "slide 1")
        del screen
        capture = tmux.run("capture-pane", "-p", "-e", "-N", "-t", tmux.name)
        return re.sub(r"(elapsed (?:\x1b\[[0-9;]*m)*)\d\d:\d\d", r"\1--:--", capture)
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True, timeout=10)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_early_frame_text_is_textuals_first_frame(tmp_path: Path, size: tuple[int, int]) -> None:
    marker = "据数读社的一篇新闻分析浓缩而成"
    python, deck = shlex.quote(sys.executable), shlex.quote(str(BUNDLED))
    early = _screen(tmp_path / "a.sock", f"cd {shlex.quote(str(ROOT))} && {python} -c {shlex.quote(PAINT_ONLY)} "
                    f"{deck} 30 2>/dev/null", marker, size)
    textual = _screen(tmp_path / "b.sock", f"cd {shlex.quote(str(ROOT))} && DECK_NO_EARLY_PAINT=1 {python} -m deck "
                      f"{deck}", marker, size)
    # Every row: the same characters in the same colours and attributes (a space's colour aside).
    assert cells(early) == cells(textual)
    # And with the early paint on, the presenter's frame is that same screen.
    both = _screen(tmp_path / "c.sock", f"cd {shlex.quote(str(ROOT))} && {python} -m deck {deck}", marker, size)
    assert cells(both) == cells(textual)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_hand_over_to_textual_changes_not_a_cell(tmp_path: Path, size: tuple[int, int]) -> None:
    """From the early paint's frame to Textual's settled one, every screen read is the same."""
    socket = tmp_path / "h.sock"
    tmux = Tmux(socket, "deck")
    env = {**os.environ, "TERM": "xterm-256color"}
    command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {shlex.quote(str(BUNDLED))}"
    subprocess.run(["tmux", "-S", str(socket), "new-session", "-d", "-s", tmux.name, "-x", str(size[0]),
                    "-y", str(size[1]), "sh", "-c", command], env=env, check=True, timeout=10)
    try:
        tmux.wait_for(lambda s: "1/26" in first_line(s), "the early paint")
        reads = []
        until = time.monotonic() + 3.0  # from the early frame until well after Textual's start
        while time.monotonic() < until:
            capture = tmux.run("capture-pane", "-p", "-e", "-N", "-t", tmux.name)
            # the clock ticks meanwhile: its digits (after the colour codes between) are not compared
            reads.append(re.sub(r"(elapsed (?:\x1b\[[0-9;]*m)*)\d\d:\d\d", r"\1--:--", capture))
        tmux.keys("?")  # Textual has the terminal by now: it answers
        tmux.wait_for(lambda s: "Esc closes" in s, "the help")
        distinct = {str(cells(read)) for read in reads}
        assert len(distinct) == 1, "the screen changed during the hand-over"
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True, timeout=10)


def _run_to_exit(socket: Path, command: str, keys: str = "") -> tuple[Tmux, str]:
    tmux = Tmux(socket, "deck")
    env = {**os.environ, "TERM": "xterm-256color"}
    script = f"cd {shlex.quote(str(ROOT))} && {command}; echo EXIT=$?; echo ECHO=$(stty -a | grep -c -- ' echo '); sleep 30"
    subprocess.run(["tmux", "-S", str(socket), "new-session", "-d", "-s", tmux.name, "-x", "100", "-y", "30",
                    "sh", "-c", script], env=env, check=True, timeout=10)
    if keys:
        tmux.keys(keys)
    return tmux, tmux.wait_for(lambda s: "ECHO=" in s, "the exit")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_q_during_start_up_quits_and_restores_the_terminal(tmp_path: Path) -> None:
    python, deck = shlex.quote(sys.executable), shlex.quote(str(BUNDLED))
    tmux, screen = _run_to_exit(tmp_path / "q.sock", f"{python} -m deck {deck}", keys="q")
    try:
        assert "EXIT=0" in screen
        assert "ECHO=1" in screen
        assert tmux.run("display-message", "-p", "-t", tmux.name, "#{alternate_on}#{cursor_flag}").strip() == "01"
    finally:
        subprocess.run(["tmux", "-S", str(tmp_path / "q.sock"), "kill-server"], capture_output=True, timeout=10)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_interrupted_before_textual_starts_restores_the_terminal(tmp_path: Path) -> None:
    """ctrl+c after the early paint, before Textual has the terminal: main screen, cursor, echo back."""
    code = ("import sys, deck.present.app\n"
            "def interrupted(*args, **kwargs):\n    raise KeyboardInterrupt\n"
            "deck.present.app.present = interrupted\n"
            "from deck.cli import main\nsys.exit(main([sys.argv[1]]))\n")
    python, deck = shlex.quote(sys.executable), shlex.quote(str(BUNDLED))
    tmux, screen = _run_to_exit(tmp_path / "i.sock", f"{python} -c {shlex.quote(code)} {deck}")
    try:
        assert "EXIT=130" in screen
        assert "deck: interrupted" in screen
        assert "ECHO=1" in screen
        assert tmux.run("display-message", "-p", "-t", tmux.name, "#{alternate_on}#{cursor_flag}").strip() == "01"
    finally:
        subprocess.run(["tmux", "-S", str(tmp_path / "i.sock"), "kill-server"], capture_output=True, timeout=10)
