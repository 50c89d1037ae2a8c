"""Pictures through the kitty graphics protocol where it is known to work, half blocks elsewhere.

The choice is read from the environment (`deck.present.graphics.choose`); the protocol's output
is read from the bytes the presenter writes to a pseudo-terminal: the picture sent as an APC
sequence (ESC _ G ... ESC \\), then placed with Unicode placeholders (U+10EEEE) whose 24-bit
colour is the picture's id. Inside tmux, with `--images blocks`, or in an unknown terminal the
same deck shows half blocks and sends no APC.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from PIL import Image as PILImage
from rich.console import Console
from rich.text import Text

from deck.draw import image as drawing
from deck.format.loader import load_deck
from deck.present import graphics

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20.0
PLACEHOLDER = chr(0x10EEEE).encode()
KITTY = {"TERM": "xterm-kitty", "COLORTERM": "truecolor"}


def _deck(folder: Path) -> Path:
    PILImage.new("RGB", (40, 20), (255, 0, 0)).save(folder / "red.png")
    path = folder / "deck.yaml"
    path.write_text("title: Pictures\nslides:\n  - title: One\n    image: {file: red.png, alt: a red box, width: 20}\n"
                    "    text: ENDMARK\n", encoding="utf-8")
    return path


def _clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("TMUX", "STY", "KITTY_WINDOW_ID", "TERM_PROGRAM", "COLORTERM", "NO_COLOR")}
    return {**env, **extra}


def _terminal_output(path: Path, env: dict[str, str], *args: str) -> bytes:
    """What `python -m deck path args` writes to an 80x24 pty (10x20-pixel cells) until slide 1 shows."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the presenter
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "deck", str(path), *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 800, 480))
    out = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline and (b"ENDMARK" not in out or b"1/1" not in out):
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


# ------------------------------------------------------------------------- the choice


@pytest.mark.parametrize(("env", "expected"), [
    (KITTY, True),
    ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3", "COLORTERM": "truecolor"}, True),
    ({"TERM": "xterm-ghostty", "COLORTERM": "truecolor"}, True),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty", "COLORTERM": "truecolor"}, True),
    ({"TERM": "xterm-kitty"}, False),  # 256 colours would lose the picture's id
    ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, False),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm", "COLORTERM": "truecolor"}, False),
])
def test_the_kitty_protocol_only_where_its_placeholders_are_known_to_work(env: dict[str, str], expected: bool) -> None:
    assert graphics.kitty_terminal(env) is expected


@pytest.mark.parametrize(("env", "choice", "expected"), [
    ({**KITTY, "TMUX": "/tmp/tmux-1/default,1,0"}, "auto", "blocks"),
    ({**KITTY, "STY": "1.pts-0.host"}, "auto", "blocks"),
    ({"TERM": "tmux-256color", "KITTY_WINDOW_ID": "1", "COLORTERM": "truecolor"}, "auto", "blocks"),
    ({"TERM": "screen", "KITTY_WINDOW_ID": "1", "COLORTERM": "truecolor"}, "auto", "blocks"),
    ({**KITTY, "NO_COLOR": "1"}, "auto", "ascii"),
    ({"TERM": "dumb"}, "auto", "ascii"),
    ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "auto", "blocks"),
    (KITTY, "blocks", "blocks"),
    (KITTY, "ascii", "ascii"),
])
def test_auto_keeps_half_blocks_in_multiplexers_and_unknown_terminals(env: dict[str, str], choice: str,
                                                                       expected: str) -> None:
    assert graphics.choose(choice, env, pictures=True) == expected


def test_a_deck_without_pictures_loads_no_image_library_even_in_kitty() -> None:
    code = ("import sys; from deck.present.graphics import choose;"
            "print(choose('auto', {'TERM': 'xterm-kitty', 'COLORTERM': 'truecolor'}, False),"
            "sorted(m for m in sys.modules if m.startswith(('PIL', 'textual_image', 'deck.draw.image'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         timeout=60)
    assert out.stdout.split() == ["blocks", "[]"]


def test_without_textual_image_there_is_no_kitty_renderable(monkeypatch: pytest.MonkeyPatch) -> None:
    graphics._tgp.cache_clear()
    monkeypatch.setitem(sys.modules, "textual_image", None)
    try:
        assert graphics._tgp() is None
    finally:
        graphics._tgp.cache_clear()


def test_the_kitty_renderable_loads_without_the_package_that_queries_the_terminal() -> None:
    code = ("import sys; from deck.present.graphics import _tgp; module = _tgp();"
            "print(hasattr(module, 'Image'), 'textual_image.renderable' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         timeout=60)
    assert out.stdout.split() == ["True", "False"]


def test_a_painter_that_cannot_draw_falls_back_to_half_blocks(tmp_path: Path) -> None:
    deck = load_deck(_deck(tmp_path))
    (image,) = deck.images
    drawing.register_painter("test-refuses", lambda *_: "no")
    drawing.register_painter("test-draws", lambda _image, columns, rows: Text("\n".join(["#" * columns] * rows)))
    console = Console(width=40, color_system="truecolor", force_terminal=True)

    def drawn(mode: str) -> list[str]:
        block = drawing.ImageBlock(image, lang="en", mode=mode)
        return ["".join(s.text for s in line) for line in console.render_lines(block, pad=False)]

    assert drawn("test-refuses") == drawn("blocks") == ["▀" * 20] * 5
    assert drawn("test-draws") == ["#" * 20] * 5  # the painter gets the picture's cells


# ------------------------------------------------------------------------- a pseudo-terminal


def test_kitty_gets_the_picture_through_its_protocol(tmp_path: Path) -> None:
    out = _terminal_output(_deck(tmp_path), _clean_env(**KITTY))
    assert b"ENDMARK" in out, out[-2000:]
    placements = re.findall(rb"\x1b_Ga=p,i=(\d+),c=(\d+),r=(\d+),U=1", out)
    assert len(placements) == 1, out[:3000]
    (image_id, columns, rows), = placements
    assert (int(columns), int(rows)) == (20, 5)  # the half-block size: 40x20 pixels at 20 columns
    assert re.search(rb"\x1b_Gi=" + image_id + rb",m=[01],f=100", out)  # the pixels, as PNG
    number = int(image_id)
    colour = f"38;2;{(number >> 16) & 255};{(number >> 8) & 255};{number & 255}".encode()
    assert re.search(rb"\x1b\[" + colour + rb"[;0-9]*m" + PLACEHOLDER, out), "placeholders not in the id's colour"
    assert out.count(PLACEHOLDER) % (20 * 5) == 0 and "▀".encode() not in out
    assert out.index(b"\x1b_G") < out.index(PLACEHOLDER)  # sent before the frame that places it


@pytest.mark.parametrize(("extra", "args"), [
    ({"TMUX": "/tmp/tmux-1/default,1,0"}, ()),
    ({}, ("--images", "blocks")),
], ids=["inside tmux", "--images blocks"])
def test_no_protocol_inside_tmux_or_with_images_blocks(tmp_path: Path, extra: dict[str, str],
                                                       args: tuple[str, ...]) -> None:
    out = _terminal_output(_deck(tmp_path), _clean_env(**KITTY, **extra), *args)
    assert b"ENDMARK" in out, out[-2000:]
    assert b"\x1b_G" not in out and PLACEHOLDER not in out
    assert out.count("▀".encode()) >= 20 * 5
