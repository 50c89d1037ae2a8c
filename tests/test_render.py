"""render.py: the one mapping from a slide to what is drawn (quotes, reveal, notes, headings)."""

from __future__ import annotations

from deck.draw.render import RenderOptions, render_slide, reveal_steps
from deck.export import draw
from deck.format import model

L = model.Localized.plain


def slide(*blocks: model.Block, notes: str | None = None) -> model.Slide:
    """A slide titled T with `blocks`."""
    return model.Slide(title=L("T"), blocks=blocks, notes=L(notes) if notes else None)


def test_every_line_of_a_wrapped_quote_keeps_its_bar() -> None:
    quote = model.Quote(L("one two three four five six seven eight nine ten"), by=L("Someone Famous"))
    lines = draw(render_slide(slide(quote), RenderOptions(lang="en")), 20)
    body = lines[lines.index("") + 1:]
    assert body == ["▌ one two three four", "▌ five six seven", "▌ eight nine ten", "▌ — Someone Famous"]
    ascii_body = draw(render_slide(slide(quote), RenderOptions(lang="en", ascii_only=True)), 20)[3:]
    assert ascii_body == ["| one two three four", "| five six seven", "| eight nine ten", "| -- Someone Famous"]


def test_unrevealed_bullets_keep_their_rows_but_draw_nothing() -> None:
    bullets = model.Bullets((L("first"), L("second"), L("third")), reveal=True)
    s = slide(bullets)
    assert reveal_steps(s) == 3
    full = draw(render_slide(s, RenderOptions(lang="en")), 30)
    one = draw(render_slide(s, RenderOptions(lang="en", revealed=1)), 30)
    assert len(one) == len(full)  # the slide does not jump as bullets appear
    assert one[-3:] == ["• first", "", ""]
    assert full[-3:] == ["• first", "• second", "• third"]


def test_notes_appear_only_when_asked() -> None:
    s = slide(model.Paragraph(L("body")), notes="say this")
    assert "say this" not in "\n".join(draw(render_slide(s, RenderOptions(lang="en")), 30))
    with_notes = draw(render_slide(s, RenderOptions(lang="en", notes=True)), 30)
    assert with_notes[-2:] == ["── Notes " + "─" * 21, "say this"]


def test_heading_names_the_section_and_underlines_the_title() -> None:
    section = model.Section("s", L("Section"), "magenta")
    s = model.Slide(title=L("Title"), section=section)
    assert draw(render_slide(s, RenderOptions(lang="en")), 12) == ["Section", "Title", "━" * 12]
    assert draw(render_slide(s, RenderOptions(lang="en", ascii_only=True)), 12)[2] == "-" * 12
