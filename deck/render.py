"""Slide -> one Rich renderable: the only mapping from the model to what is drawn.

The Textual app shows these renderables and the exporter prints them into a colourless console,
so what you export is what you presented.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from deck import model


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a slide: language, 7-bit glyphs, notes, and how many bullets are revealed.

    `revealed` counts the items shown of the slide's reveal-enabled bullet lists (None: all).
    """

    lang: str
    ascii_only: bool = False
    notes: bool = False
    revealed: int | None = None


def reveal_steps(slide: model.Slide) -> int:
    """How many key presses a slide's incremental reveal takes (items of its reveal lists)."""
    return sum(len(block.items) for block in slide.blocks
               if isinstance(block, model.Bullets) and block.reveal)


def render_slide(slide: model.Slide, options: RenderOptions) -> RenderableType:
    """Draw `slide` as one renderable (section, title, blocks, optional notes)."""
    lang = options.lang
    parts: list[RenderableType] = []
    accent = slide.section.accent if slide.section else "cyan"
    if slide.section is not None:
        parts.append(Text(slide.section.name.get(lang), style=accent))
    parts.append(Text(slide.title.get(lang), style="bold"))
    for block in slide.blocks:
        if isinstance(block, model.Bullets):
            for item in block.items:
                parts.append(Text(("- " if options.ascii_only else "• ") + item.get(lang)))
        elif isinstance(block, model.Paragraph):
            parts.append(Text(block.text.get(lang)))
        elif isinstance(block, model.Quote):
            parts.append(Text(block.text.get(lang), style="italic"))
        else:
            parts.append(Text(f"[{block.kind} chart]"))
    if options.notes and slide.notes is not None:
        parts.append(Text(slide.notes.get(lang), style="dim"))
    return Group(*parts)
