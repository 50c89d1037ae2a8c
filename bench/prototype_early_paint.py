"""Prototype (superseded by `deck/early_paint.py`, kept for reference): paint slide 1 before Textual.

    python bench/prototype_early_paint.py [DECK] [--no-app]

Loads the deck, draws its first slide with plain Rich on the alternate screen at the place the
presenter will draw it (header row, padding row, the slide centred in the stage, `deck.draw.layout`'s
geometry), and only then imports Textual and starts the real presenter, which repaints the whole
screen. It measured 0.46x the minimal app, but left xterm blank for 34 ms (Textual entered the
alternate screen again) and drew no footer; deck now does this itself, without those two problems.

With ``--no-app`` it stops after the early paint (waiting for a key), to inspect the drawing.
Set DECK_PROTOTYPE_PAUSE=SECONDS to wait before starting Textual (for a screenshot in tmux).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deck.format.model import Deck


BACKGROUND, PANEL, FOREGROUND = "#121212", "#242f38", "#e0e0e0"


def early_paint(path: str) -> Deck:
    """Draw the first slide of the deck at `path` on the alternate screen; return the deck."""
    from rich.console import Console
    from rich.control import Control
    from rich.segment import Segment, Segments
    from rich.style import Style
    from rich.styled import Styled
    from rich.table import Table
    from rich.text import Text

    from deck.draw.layout import HEADER_ROWS, PAD_COLS, PAD_ROWS, slide_area
    from deck.draw.render import RenderOptions, render_slide
    from deck.format.loader import load_deck

    deck = load_deck(path)
    lang = deck.default_language
    cols, rows = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    console = Console(file=sys.__stdout__, width=cols, height=rows, force_terminal=True)
    width, height = slide_area((cols, rows))
    slide = deck.slides[0]
    # The default theme's colours as Textual 8.2 writes them (textual-dark: screen background,
    # header panel, foreground); importing Textual to ask would cost what this saves.
    screen = Style.parse(f"{FOREGROUND} on {BACKGROUND}")
    lines = console.render_lines(Styled(render_slide(slide, RenderOptions(lang=lang)), screen),
                                 console.options.update(width=width, height=None), pad=False)
    content = max((Segment.get_line_length(line) for line in lines), default=0)
    left = PAD_COLS + max(0, (width - content) // 2)
    top = HEADER_ROWS + PAD_ROWS + max(0, (height - len(lines)) // 2)

    header = Table.grid(expand=True, padding=(0, 1))
    header.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
    header.add_column(ratio=2, no_wrap=True, overflow="ellipsis", justify="center")
    header.add_column(no_wrap=True, justify="right")
    section = slide.section
    counter = f"{lang}  1/{len(deck.slides)}" if len(deck.languages) > 1 else f"1/{len(deck.slides)}"
    header.add_row(Text(deck.title.get(lang), style="bold"),
                   Text(section.name.get(lang) if section else "", style=f"bold {section.accent}" if section else ""),
                   Text(counter), style=f"{FOREGROUND} on {PANEL}")

    # Alternate screen, no cursor, cleared in the background colour (terminals erase with it).
    console.file.write("\x1b[?1049h\x1b[?25l\x1b[H")
    console.control(Control.move_to(0, 0))
    console.print(Segments([Segment(" " * cols, screen)] * rows), end="")
    console.control(Control.move_to(0, 0))
    console.print(header, end="")
    for number, line in enumerate(lines):
        console.control(Control.move_to(left, top + number))
        console.print(Segments(line), end="")
    console.file.flush()
    return deck


def main() -> int:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = arguments[0] if arguments else "slides.yaml"
    deck = early_paint(path)
    if "--no-app" in sys.argv:
        import termios
        import tty

        fd = sys.__stdin__.fileno()  # type: ignore[union-attr]
        saved = termios.tcgetattr(fd)
        tty.setraw(fd)
        try:
            os.read(fd, 1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
            sys.__stdout__.write("\x1b[?25h\x1b[?1049l")  # type: ignore[union-attr]
        return 0
    pause = float(os.environ.get("DECK_PROTOTYPE_PAUSE", "0"))
    if pause:
        time.sleep(pause)
    from deck.present.app import present

    return present(deck, lang=deck.default_language, theme=None, start=0, duration=None)


if __name__ == "__main__":
    sys.exit(main())
