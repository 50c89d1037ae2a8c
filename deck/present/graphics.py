"""Pictures through a terminal graphics protocol where it is known to work, half blocks elsewhere.

`choose` turns `--images auto|blocks|ascii` into the mode the slides draw pictures in, from the
environment alone. It never queries the terminal: a query writes to the terminal and reads the
answer from the keyboard, so it waits for a timeout where nobody answers, may swallow a key
press, and cannot run at all once Textual reads the keyboard. With `auto`:

* `ascii` on a terminal without colour (NO_COLOR, TERM=dumb or unset);
* half blocks inside tmux or GNU screen (TMUX, STY, TERM=screen* or tmux*), whatever runs
  outside: they pass graphics through only when configured to, and a picture placed by a
  protocol does not follow the pane;
* `kitty` in kitty (TERM=xterm-kitty or KITTY_WINDOW_ID) and Ghostty (TERM_PROGRAM=ghostty or
  TERM=xterm-ghostty), the terminals known to draw the kitty protocol's Unicode placeholders,
  when they say they show 24-bit colour (COLORTERM=truecolor, as both set: a placeholder's
  colour is the picture's id, and Textual would round it to 256 colours otherwise), the deck has
  pictures and textual-image is installed;
* half blocks everywhere else, Sixel terminals included (see docs/presenting.md for why).

The kitty protocol is drawn by textual-image (`deck[images]`). Its placeholders are text: each
cell of the picture is U+10EEEE with diacritics for its row and column, coloured with the
picture's id, so the picture sits in the one renderable a slide is and scrolls, centres and
caches with it. textual-image sends the picture (downscaled by `deck.draw.image.scaled`, so at
most the cells' pixels) to the terminal the first time it is drawn at a size; `_kitty` keeps 32
of them, so going back to a slide sends nothing. Its renderable module is loaded on its own:
the package `textual_image.renderable` queries the terminal when it is imported.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

KITTY = "kitty"
# Kitty's placeholders number rows and columns with 297 diacritics; stay well inside.
MAX_KITTY_CELLS = 256
# A cell's size in pixels as the terminal reports it, bounded (so is what a picture is scaled to).
MAX_CELL_PIXELS = (64, 128)


def choose(choice: str, environ: Mapping[str, str], pictures: bool) -> str:
    """The image mode for `--images choice` in a terminal with `environ` (see the module).

    With `pictures` (the deck has some) and `kitty` chosen, textual-image is loaded and the
    terminal's cell size read now, before Textual takes the terminal.
    """
    if choice != "auto":
        return choice
    term = environ.get("TERM", "")
    if environ.get("NO_COLOR") or term in ("dumb", ""):
        return "ascii"
    if under_multiplexer(environ) or environ.get("TEXTUAL_DRIVER") or not pictures or not kitty_terminal(environ):
        return "blocks"  # TEXTUAL_DRIVER: a web terminal (`deck serve`) draws no protocol
    return KITTY if enable_kitty() else "blocks"


def under_multiplexer(environ: Mapping[str, str]) -> bool:
    """Whether the program runs inside tmux or GNU screen."""
    term = environ.get("TERM", "")
    return bool(environ.get("TMUX") or environ.get("STY")) or term.startswith(("screen", "tmux"))


def kitty_terminal(environ: Mapping[str, str]) -> bool:
    """Whether the terminal is one known to draw the kitty protocol's Unicode placeholders, in 24-bit colour."""
    term = environ.get("TERM", "")
    known = (term in ("xterm-kitty", "xterm-ghostty") or bool(environ.get("KITTY_WINDOW_ID"))
             or environ.get("TERM_PROGRAM", "").lower() == "ghostty")
    return known and environ.get("COLORTERM", "").lower() in ("truecolor", "24bit")


def enable_kitty() -> bool:
    """Load textual-image's kitty renderable and register it as the `kitty` painter.

    False (and half blocks) when textual-image or Pillow is missing or stdout is no terminal.
    """
    stdout = sys.__stdout__
    if stdout is None or not stdout.isatty():
        return False
    module = _tgp()
    if module is None:
        return False
    from deck.draw.image import register_painter

    module.get_cell_size()  # ioctl; read now, while a query could still be answered
    register_painter(KITTY, _paint_kitty)
    return True


@functools.cache
def _tgp() -> ModuleType | None:
    """textual-image's `renderable/tgp.py`, without running `textual_image.renderable`'s
    `__init__` (which queries the terminal for Sixel and kitty support)."""
    import importlib.util  # here: choose() runs at every start, this only with pictures in kitty

    try:
        import PIL  # noqa: F401
        import textual_image
    except ImportError:
        return None
    where = Path(textual_image.__file__).parent / "renderable" / "tgp.py"
    spec = importlib.util.spec_from_file_location("deck_textual_image_tgp", where)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (ImportError, OSError):  # a textual-image whose layout changed: half blocks
        return None
    return module if hasattr(module, "Image") and hasattr(module, "get_cell_size") else None


def _paint_kitty(image: Any, columns: int, rows: int) -> Any:
    """The kitty renderable of `image` in `columns` x `rows` cells, or why not (a string)."""
    try:
        stamp = os.stat(image.path).st_mtime_ns
    except OSError:
        stamp = 0
    return _kitty(image.path, stamp, columns, rows)


@functools.lru_cache(maxsize=32)
def _kitty(path: str, stamp: int, columns: int, rows: int) -> Any:
    if columns > MAX_KITTY_CELLS or rows > MAX_KITTY_CELLS:
        return "too many cells for the kitty protocol"
    from deck.draw.image import scaled

    module = _tgp()
    assert module is not None  # registered only once loaded
    cell = module.get_cell_size()
    width, height = min(max(cell.width, 1), MAX_CELL_PIXELS[0]), min(max(cell.height, 1), MAX_CELL_PIXELS[1])
    small = scaled(path, columns * width, rows * height)
    if isinstance(small, str):
        return small
    try:
        return module.Image(small, width=columns, height=rows)
    except (TypeError, ValueError) as error:  # a textual-image whose API changed: half blocks
        return f"the kitty renderable refused the picture: {error}"


__all__ = ["KITTY", "choose", "enable_kitty", "kitty_terminal", "under_multiplexer"]
