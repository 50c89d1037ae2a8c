"""Exports: the deck drawn by `deck.draw`'s renderables into documents (text, Markdown), and
written atomically (`files`). Never imports Textual."""

from __future__ import annotations

from deck.draw.render import RenderOptions
from deck.export.files import write_atomic
from deck.export.markdown import markdown_lines
from deck.export.text import draw, text_lines
from deck.format import model

__all__ = ["draw", "export_deck", "write_atomic"]


def export_deck(deck: model.Deck, *, fmt: str = "text", width: int = 80, lang: str | None = None,
                ascii_only: bool = False, notes: bool = False, out_dir: str | None = None) -> str:
    """The whole deck as one document in `fmt` (`text` or `markdown`).

    Pictures are their alt text in plain text (`[image: ALT]`) and links relative to `out_dir`
    (the output's folder; default the current one) in Markdown. With `notes`, the text also lists
    the quote behind each marked figure under its slide (Markdown has them as footnotes).
    """
    options = RenderOptions(lang=lang or deck.default_language, ascii_only=ascii_only, notes=notes,
                            images="alt", out_dir=out_dir, sources=notes and fmt != "markdown")
    lines = markdown_lines(deck, options, width) if fmt == "markdown" else text_lines(deck, options, width)
    return "\n".join(lines).rstrip("\n") + "\n"
