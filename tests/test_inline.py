"""Inline emphasis and links: parsed by CommonMark's rules, drawn as styles on screen, written
as `label [URL]` in the text export and as the same Markdown in the handout."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console
from rich.segment import Segment

from deck.draw.render import RenderOptions, header_fields, render_slide
from deck.draw.text import wrap
from deck.export import draw, export_deck
from deck.export.markdown import md_inline
from deck.format import model
from deck.format.inline import MAX_PARSED, Run, plain, runs
from deck.format.loader import load_deck
from deck.present import state

Writer = Callable[[str], Path]
L = model.Localized.plain


@pytest.mark.parametrize(("text", "expected"), [
    ("**bold** and *italic* and `code`",
     [Run("bold", bold=True), Run(" and "), Run("italic", italic=True), Run(" and "), Run("code", code=True)]),
    ("5 * 3 = 15, a*b without a partner, a lone *", [Run("5 * 3 = 15, a*b without a partner, a lone *")]),
    ("**unclosed and *also", [Run("**unclosed and *also")]),
    ("snake_case_name", [Run("snake_case_name")]),  # `_` never opens inside a word
    ("2*3*4", [Run("2"), Run("3", italic=True), Run("4")]),  # `*` does, with a partner (CommonMark)
    ("un*frigging*believable", [Run("un"), Run("frigging", italic=True), Run("believable")]),
    ("**扎克伯格**的决定", [Run("扎克伯格", bold=True), Run("的决定")]),
    ("他说*很好*。", [Run("他说"), Run("很好", italic=True), Run("。")]),
    (r"\*not italic\* and \`not code\` and \\", [Run("*not italic* and `not code` and \\")]),
    ("``a ` b``", [Run("a ` b", code=True)]),
    ("`**not bold**`", [Run("**not bold**", code=True)]),
    ("*a **b** c*", [Run("a ", italic=True), Run("b", bold=True, italic=True), Run(" c", italic=True)]),
    ("[Wikipedia (en)](https://en.wikipedia.org/wiki/Meta_(company)) today",
     [Run("Wikipedia (en)", link="https://en.wikipedia.org/wiki/Meta_(company)"), Run(" today")]),
    ("[**big** news](https://example.org)", [Run("big", bold=True, link="https://example.org"),
                                             Run(" news", link="https://example.org")]),
    ("[write](mailto:a@example.org)", [Run("write", link="mailto:a@example.org")]),
    ("[click](javascript:alert(1))", [Run("[click](javascript:alert(1))")]),
    ("[x](JAVASCRIPT:alert(1)) [y](data:text/html,hi) [z](file:///etc/passwd) [r](./relative.md)",
     [Run("[x](JAVASCRIPT:alert(1)) [y](data:text/html,hi) [z](file:///etc/passwd) [r](./relative.md)")]),
    ("[ftp](ftp://example.org/f) [v](vbscript:x)", [Run("[ftp](ftp://example.org/f) [v](vbscript:x)")]),
    ("[sp](<https://example.org/a b>)", [Run("sp", link="https://example.org/a%20b")]),
    ("[ja](https://例え.jp/パス)", [Run("ja", link="https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9")]),
    ("<b>html</b> &amp; <https://example.org>", [Run("<b>html</b> &amp; <https://example.org>")]),
    ("[bold]Rich markup[/bold]", [Run("[bold]Rich markup[/bold]")]),
    ("line one *and\nline two*", [Run("line one "), Run("and\nline two", italic=True)]),
])
def test_inline_parsing(text: str, expected: list[Run]) -> None:
    assert list(runs(text)) == expected


def test_inline_plain_and_over_long_texts_are_taken_as_written() -> None:
    assert runs("**bold**", inline=False) == (Run("**bold**"),)
    long = "**x** " * (MAX_PARSED // 6 + 1)
    assert runs(long) == (Run(long),)
    assert runs("") == ()
    assert plain("**Meta** *at* `the` [crossroads](https://e.org)") == "Meta at the crossroads"


def test_a_url_can_never_carry_a_control_character() -> None:
    for text in ("[x](https://e.org/\x1b]8;;\x07)", "[x](https://e.org/\x07)", "[x](https://e.org/\u202e)"):
        for run in runs(text):
            assert run.link is None or (run.link.isascii() and run.link.isprintable())


DECK = """\
title: "The **deck** title"
slides:
  - title: "Move **one table** at a time"
    blocks:
      - text: "See [the runbook](https://example.org/runbook) and `deck check`; 5 * 3 stays."
      - bullets:
          - "**扎克伯格**的 *plan* [bad](javascript:alert(1)) [again](https://example.org/runbook)"
          - "\\\\*escaped\\\\* [mail](mailto:a@example.org)"
      - quote: {text: "I *said* it", by: "**Someone**"}
    notes: "Say **this**, [the runbook](https://example.org/runbook)"
  - title: Second
    text: "[the runbook](https://example.org/runbook) again"
"""


def styled_segments(renderable: object, width: int = 80) -> list[Segment]:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    return list(console.render(renderable))  # type: ignore[arg-type]


def test_screen_styles(write_deck: Writer) -> None:
    deck = load_deck(write_deck(DECK))
    segments = styled_segments(render_slide(deck.slides[0], RenderOptions(lang="en")))
    by_text = {segment.text: segment.style for segment in segments if segment.text.strip()}
    assert by_text["one table"] is not None and by_text["one table"].bold
    assert by_text["plan"] is not None and by_text["plan"].italic
    assert by_text["扎克伯格"] is not None and by_text["扎克伯格"].bold
    link = by_text["the runbook"]
    assert link is not None and link.underline and link.link == "https://example.org/runbook"
    code = by_text["deck check"]
    assert code is not None and code.color is not None and not code.bold
    assert any("[bad](javascript:alert(1))" in text for text in by_text)  # shown literally, no link
    links = {segment.style.link for segment in segments if segment.style and segment.style.link}
    assert links == {"https://example.org/runbook", "mailto:a@example.org"}
    shown = "".join(segment.text for segment in segments)
    assert "**" not in shown and "`" not in shown and "*escaped*" in shown


def test_text_export_names_each_url_once_per_slide(write_deck: Writer) -> None:
    text = export_deck(load_deck(write_deck(DECK)), width=100, notes=True)
    first, second = text.split("── 2/2")
    assert first.count("[https://example.org/runbook]") == 1
    assert "See the runbook [https://example.org/runbook] and deck check; 5 * 3 stays." in first
    assert "扎克伯格的 plan [bad](javascript:alert(1)) again\n" in first
    assert "*escaped* mail [mailto:a@example.org]" in first
    assert "Say this, the runbook\n" in first  # said already on this slide
    assert "the runbook [https://example.org/runbook] again" in second  # a new slide names it again
    assert text.startswith("The deck title\n")


def test_markdown_export_gives_the_same_inline_markdown(write_deck: Writer) -> None:
    handout = export_deck(load_deck(write_deck(DECK)), fmt="markdown", notes=True)
    assert "## 1. Move **one table** at a time" in handout
    assert "See [the runbook](https://example.org/runbook) and `deck check`; 5 \\* 3 stays." in handout
    assert "- **扎克伯格**的 *plan* \\[bad\\](javascript:alert(1)) [again](https://example.org/runbook)" in handout
    assert "- \\*escaped\\* [mail](mailto:a@example.org)" in handout
    assert "> I *said* it" in handout and "> — **Someone**" in handout
    assert handout.startswith("# The **deck** title")


@pytest.mark.parametrize("text", [
    "**bold** and *italic* and `code`", "*a **b** c*", "***a** b*", "**a *b***", "**扎克伯格**的",
    "[**big** news](https://example.org) and [x (y)](https://e.org/a_(b))", "`` a`b ``", "` lead`",
    "5 * 3 and a*b and _under_ and \\*", "# not a heading", "- not a list", "1. not a list",
    "$100B to $15B <b> & [link](javascript:x)", "[a](mailto:x@y.z)`c`**b**",
])
def test_markdown_round_trip(text: str) -> None:
    """The handout's Markdown reads (by CommonMark) as the same runs the screen drew."""
    written = md_inline(text)
    parser = MarkdownIt("commonmark")
    tokens = parser.parseInline(written)[0].children or []
    styled: list[tuple[str, bool, bool, bool, str | None]] = []
    bold = italic = 0
    link: str | None = None
    for token in tokens:
        bold += {"strong_open": 1, "strong_close": -1}.get(token.type, 0)
        italic += {"em_open": 1, "em_close": -1}.get(token.type, 0)
        if token.type == "link_open":
            link = str(token.attrs["href"])
        elif token.type == "link_close":
            link = None
        elif token.type in ("text", "code_inline") and token.content:
            styled.append((token.content, bold > 0, italic > 0, token.type == "code_inline", link))
    merged: list[tuple[str, bool, bool, bool, str | None]] = []
    for piece in styled:
        if merged and merged[-1][1:] == piece[1:]:
            piece = (merged.pop()[0] + piece[0], *piece[1:])
        merged.append(piece)
    assert merged == [(run.text, run.bold, run.italic, run.code, run.link) for run in runs(text)]


def test_inline_plain_shows_every_text_as_written(write_deck: Writer) -> None:
    deck = load_deck(write_deck("inline: plain\n" + DECK))
    assert not deck.inline and not any(slide.inline for slide in deck.slides)
    text = export_deck(deck, width=100, notes=True)
    assert "Move **one table** at a time" in text and "[https://" not in text
    handout = export_deck(deck, fmt="markdown")
    assert "Move \\*\\*one table\\*\\* at a time" in handout
    segments = styled_segments(render_slide(deck.slides[0], RenderOptions(lang="en")))
    assert not any(segment.style and segment.style.link for segment in segments)
    assert header_fields(deck, 0, "en")[0] == "The **deck** title"


def test_bad_inline_mode(write_deck: Writer) -> None:
    from deck.format.errors import DeckError

    with pytest.raises(DeckError) as caught:
        load_deck(write_deck("inline: plan\n" + DECK))
    assert (caught.value.line, caught.value.col) == (1, 9)
    assert caught.value.message == "'inline' must be markdown or plain, not 'plan'; did you mean 'plain'?"


def test_search_and_header_read_the_text_without_markers(write_deck: Writer) -> None:
    deck = load_deck(write_deck(DECK))
    assert state.matches(deck.slides[0], "en", "one table")
    assert state.matches(deck.slides[0], "en", "扎克伯格的")
    assert state.matches(deck.slides[0], "en", "deck check")
    assert not state.matches(deck.slides[0], "en", "**")
    assert header_fields(deck, 0, "en")[0] == "The deck title"


def test_emphasised_cjk_breaks_by_the_same_rules() -> None:
    text = "2021年，**扎克伯格**宣布*公司更名*为Meta，并承诺十年投入1000亿美元。"
    styled = render_slide(model.Slide(title=L("T"), blocks=(model.Paragraph(L(text)),)), RenderOptions(lang="en"))
    bare = plain(text)
    for width in (8, 12, 17, 30):
        assert draw(styled, width)[3:] == [line.plain for line in wrap(bare, width)]


# The edge cases, each through every output: the screen's styled segments, the text
# export's line and the Markdown handout's line; as a paragraph and as a table cell.
EDGE_CASES = [
    pytest.param("**unclosed and *also", [("**unclosed and *also", "")],
                 "**unclosed and *also", "\\*\\*unclosed and \\*also", id="unclosed markers"),
    pytest.param("snake_case_name, 2*3*4 and un*frigging*believable",
                 [("snake_case_name, 2", ""), ("3", "italic"), ("4 and un", ""), ("frigging", "italic")],
                 "snake_case_name, 234 and unfriggingbelievable",
                 "snake\\_case\\_name, 2*3*4 and un*frigging*believable", id="markers inside words"),
    pytest.param("**扎克伯格**的决定", [("扎克伯格", "bold"), ("的决定", "")], "扎克伯格的决定",
                 "**扎克伯格**的决定", id="cjk next to markers"),
    pytest.param("\\*not italic\\* and \\`not code\\` and \\\\", [("*not italic* and `not code` and \\", "")],
                 "*not italic* and `not code` and \\", "\\*not italic\\* and \\`not code\\` and \\\\", id="escapes"),
    pytest.param("[Meta (co)](https://en.wikipedia.org/wiki/Meta_(company)) today",
                 [("Meta (co)", "link=https://en.wikipedia.org/wiki/Meta_(company)"), (" today", "")],
                 "Meta (co) [https://en.wikipedia.org/wiki/Meta_(company)] today",
                 "[Meta (co)](https://en.wikipedia.org/wiki/Meta_\\(company\\)) today", id="link with parentheses"),
    pytest.param("[x](javascript:alert(1)) and [y](JavaScript:alert(1))",
                 [("[x](javascript:alert(1)) and [y](JavaScript:alert(1))", "")],
                 "[x](javascript:alert(1)) and [y](JavaScript:alert(1))",
                 "\\[x\\](javascript:alert(1)) and \\[y\\](JavaScript:alert(1))", id="javascript link"),
    pytest.param("[esc](https://e.org/\x1b]8;;\x07evil) [bidi](https://e.org/\u202eabc)",
                 [("esc", "link=https://e.org/%5D8;;evil"), ("bidi", "link=https://e.org/abc")],
                 "esc [https://e.org/%5D8;;evil] bidi [https://e.org/abc]",
                 "[esc](https://e.org/%5D8;;evil) [bidi](https://e.org/abc)", id="escape characters in a url"),
]


def _has(segment: Segment, attrs: str) -> bool:
    style = segment.style
    bold, italic = bool(style and style.bold), bool(style and style.italic)
    link = style.link if style else None
    wanted = dict(part.split("=", 1) if "=" in part else (part, "") for part in attrs.split() if part)
    return (bold == ("bold" in wanted) and italic == ("italic" in wanted)
            and link == wanted.get("link") and (link is None or bool(style and style.underline)))


@pytest.mark.parametrize("where", ["paragraph", "cell"])
@pytest.mark.parametrize(("text", "screen", "exported", "markdown"), EDGE_CASES)
def test_edge_cases_through_every_output(write_deck: Writer, where: str, text: str,
                                         screen: list[tuple[str, str]], exported: str, markdown: str) -> None:
    value = json.dumps(text)  # a double-quoted YAML string: `\e` and `\a` reach the loader as characters
    block = f"text: {value}" if where == "paragraph" else f"table: [[Head], [{value}]]"
    deck = load_deck(write_deck(f"title: T\nslides:\n  - title: S\n    {block}\n"))
    segments = styled_segments(render_slide(deck.slides[0], RenderOptions(lang="en")), width=200)
    for piece, attrs in screen:
        assert any(segment.text == piece and _has(segment, attrs) for segment in segments), (piece, attrs)
    assert not any("\x1b" in segment.text or "\x07" in segment.text for segment in segments)
    lines = export_deck(deck, width=200).splitlines()
    handout = export_deck(deck, fmt="markdown").splitlines()
    if where == "paragraph":
        assert lines[-1] == exported and handout[-1] == markdown
    else:
        assert lines[-2].strip("│ ") == exported and handout[-1] == f"| {markdown} |"


def test_the_title_slide_byline_styles_the_author(write_deck: Writer) -> None:
    from deck.draw.render import slide_options

    deck = load_deck(write_deck("title: T\nauthor: \"**Ann** Lee\"\ndate: '2026'\nslides:\n  - title: Opening\n"))
    options = slide_options(deck, 0, RenderOptions(lang="en"))
    assert options.title_page is not None
    segments = styled_segments(render_slide(deck.slides[0], options))
    ann = next(segment for segment in segments if segment.text == "Ann")
    assert ann.style is not None and ann.style.bold
    assert any("Lee · 2026" in segment.text for segment in segments)
    assert "**" not in "".join(segment.text for segment in segments)
