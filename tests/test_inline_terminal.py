"""Inline styles in a real terminal: tmux shows bold as bold (SGR 1) and italic as italic, in a
paragraph and in a table cell, and the program's raw output carries OSC 8 hyperlinks only for
http, https and mailto links.

tmux 3.3 does not keep hyperlinks in `capture-pane`, so the links are read from the bytes the
presenter writes to a pseudo-terminal, with the early paint and without it (Textual's own frame).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20.0

DECK = """\
title: Links
slides:
  - title: A slide of links
    blocks:
      - text: "See [the runbook](https://example.org/runbook), [bad](javascript:alert(1)),
          [file](file:///etc/passwd), [mail](mailto:a@example.org), **one table** and *plan*"
      - table:
          - [Cell, Link]
          - ["**cellbold** *cellitalic*", "[in a cell](https://example.org/cell) [no](javascript:x) ENDMARK"]
"""


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_bold_italic_and_underline_are_on_the_screen(tmp_path: Path) -> None:
    socket = tmp_path / "tmux.sock"
    command = f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m deck {shlex.quote(str(_write(tmp_path)))}"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(["tmux", "-S", str(socket), "new-session", "-d", "-s", "deck", "-x", "100", "-y", "30",
                    "sh", "-c", command], env=env, check=True, timeout=10)
    try:
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline and not ("ENDMARK" in screen and "1/1" in screen):
            time.sleep(0.1)
            screen = subprocess.run(["tmux", "-S", str(socket), "capture-pane", "-p", "-e", "-t", "deck"],
                                    capture_output=True, text=True, timeout=10, check=True).stdout
        assert "ENDMARK" in screen, screen
        assert re.search(r"\x1b\[1m(\x1b\[[0-9;]*m)*one table", screen), "bold is not bold"
        assert re.search(r"\x1b\[3m(\x1b\[[0-9;]*m)*plan", screen), "italic is not italic"
        assert re.search(r"\x1b\[4m(\x1b\[[0-9;]*m)*the runbook", screen), "a link is not underlined"
        assert re.search(r"\[4m(\x1b\[[0-9;]*m)*\[bad\]", screen) is None, "a javascript: link is underlined"
        assert re.search(r"\x1b\[1m[^\n]*See", screen) is None, "the paragraph is bold before its bold words"
        assert "**" not in screen and "[bad](javascript:alert(1))" in screen
        assert re.search(r"\x1b\[1m(\x1b\[[0-9;]*m)*cellbold", screen), "bold in a table cell is not bold"
        assert re.search(r"\x1b\[3m(\x1b\[[0-9;]*m)*cellitalic", screen), "italic in a cell is not italic"
        assert re.search(r"\x1b\[4m(\x1b\[[0-9;]*m)*in a cell", screen), "a link in a cell is not underlined"
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True, timeout=10)


def _terminal_output(path: Path, env: dict[str, str]) -> bytes:
    """What `python -m deck path` writes to an 80x24 pseudo-terminal until slide 1 is drawn."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the presenter
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "deck", str(path)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline and b"ENDMARK" not in out:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return out


@pytest.mark.parametrize("early_paint", [True, False], ids=["early paint", "textual"])
def test_links_are_osc8_hyperlinks_only_for_allowed_schemes(tmp_path: Path, early_paint: bool) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("DECK_NO_EARLY_PAINT", None)
    if not early_paint:
        env["DECK_NO_EARLY_PAINT"] = "1"
    out = _terminal_output(_write(tmp_path), env)
    assert b"ENDMARK" in out, out[-2000:]
    targets = {match.split(b";", 2)[2] for match in re.findall(rb"\x1b\]8;[^;\x07\x1b]*;[^\x07\x1b]*", out)}
    assert targets - {b""} == {b"https://example.org/runbook", b"mailto:a@example.org", b"https://example.org/cell"}
    assert b"[bad](javascript:alert(1))" in out and b"[file](file:///etc/passwd)" in out
    assert b"[no](javascript:x)" in out
