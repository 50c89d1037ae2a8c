"""Code and table slides in the presenter: SVG snapshots (zh and en, dark and light theme) and a
real terminal (tmux) read back with its colours, where the code's keywords must be coloured.

Regenerate the pictures after an intended change and look at each before committing:

    pytest tests/test_code_table_app.py --snapshot-update
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from deck.format.loader import load_deck
from deck.present.app import DeckApp

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "code_table.yaml"
Compare = Callable[..., bool]


def make_app(lang: str, start: int, theme: str) -> DeckApp:
    return DeckApp(load_deck(FIXTURE), lang=lang, start=start, theme=theme, duration=20 * 60,
                   clock=lambda: 0.0, watch=False)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("slide", "start"), [("code", 0), ("table", 1)])
def test_code_and_table_slides(snap_compare: Compare, slide: str, start: int, lang: str, theme: str) -> None:
    assert snap_compare(make_app(lang, start, theme), terminal_size=(80, 24))


_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(screen: str) -> tuple[str, list[str]]:
    """The screen's plain text and, for each of its characters, the foreground colour in effect
    ('' for the default), read from the SGR sequences `capture-pane -e` writes."""
    plain: list[str] = []
    colours: list[str] = []
    colour = ""
    position = 0
    for match in _SGR.finditer(screen + "\x1b[m"):
        for char in screen[position:match.start()]:
            plain.append(char)
            colours.append(colour)
        position = match.end()
        codes = match.group(1).split(";")
        index = 0
        while index < len(codes):
            code = codes[index]
            if code in ("", "0", "39"):
                colour = ""
            elif code == "38":
                width = 3 if codes[index + 1] == "5" else 5
                colour = ";".join(codes[index:index + width])
                index += width - 1
            elif code == "48":
                index += 2 if codes[index + 1] == "5" else 4
            index += 1
    return "".join(plain), colours


def colour_of(screen: str, word: str) -> str:
    """The foreground colour of the first character of `word` on the screen."""
    plain, colours = cells(screen)
    return colours[plain.index(word)]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_keywords_are_coloured_in_a_real_terminal(tmp_path: Path) -> None:
    socket = str(tmp_path / "tmux.sock")
    command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {shlex.quote(str(FIXTURE))} --lang en"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", socket, "new-session", "-d", "-s", "deck", "-x", "80", "-y", "24",
                    "sh", "-c", command], env=env, check=True, timeout=10)
    try:
        deadline, screen = time.monotonic() + 15, ""
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-S", socket, "capture-pane", "-p", "-e", "-t", "deck"],
                                    capture_output=True, text=True, timeout=10, check=True).stdout
            if "return [slide" in cells(screen)[0]:
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the code slide never showed:\n{screen}")
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], capture_output=True, timeout=10)
    text = colour_of(screen, "(path: ")
    keyword = colour_of(screen, "def titles")
    assert keyword and keyword != text, f"'def' is not coloured apart from the text ({keyword!r} vs {text!r})"
    assert colour_of(screen, '"en"') not in ("", text, keyword)  # a string, in its own colour
    assert "\x1b[1m" in screen  # the highlighted line (and keywords) are bold
