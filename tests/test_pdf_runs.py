"""The PDF draws neighbouring pieces of one style as one text operation when every glyph fills
its cells (CJK and Latin in a CJK monospaced font); anything else keeps its own operation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style

pytest.importorskip("fpdf")

from deck.export.grid import Page, Piece, pieces
from deck.export.pdf import _MEASURED, _Document, find_fonts
from deck.format.errors import UsageError


@pytest.fixture(scope="module")
def document() -> _Document:
    try:
        regular, bold = find_fonts("zh", None)
    except UsageError:
        pytest.skip("no CJK font")
    return _Document(regular, bold, 96, 30)


def test_latin_and_cjk_of_one_style_are_one_run(document: _Document) -> None:
    plain, bold = Style(), Style(bold=True)
    row = (Piece(0, 5, "2024 ", plain, False), Piece(5, 2, "年", plain, True), Piece(7, 2, "收", plain, True),
           Piece(9, 1, "•", plain, False), Piece(10, 3, " AI", plain, False), Piece(13, 2, "入", bold, True))
    joined = list(document._joined(row))
    if document._fits(Piece(0, 1, "•", plain, False)):
        pytest.skip("this font draws '•' in one cell")
    assert [(piece.column, piece.text) for piece in joined] == [(0, "2024 年收"), (9, "•"), (10, " AI"), (13, "入")]
    assert joined[0].cells == 9


def test_a_gap_between_pieces_breaks_the_run(document: _Document) -> None:
    row = (Piece(0, 2, "ab", Style(), False), Piece(3, 2, "cd", Style(), False))
    assert [piece.text for piece in document._joined(row)] == ["ab", "cd"]


def test_a_run_of_wide_characters_is_one_piece_only_when_asked() -> None:
    line = [Segment("ab中文é", Style()), Segment("字", Style(bold=True))]
    singles = [(piece.column, piece.cells, piece.text, piece.wide) for piece in pieces(line)]
    runs = [(piece.column, piece.cells, piece.text, piece.wide) for piece in pieces(line, 0, wide_runs=True)]
    assert singles == [(0, 2, "ab", False), (2, 2, "中", True), (4, 2, "文", True), (6, 1, "é", False),
                       (7, 2, "字", True)]
    assert runs == [(0, 2, "ab", False), (2, 4, "中文", True), (6, 1, "é", False), (7, 2, "字", True)]


def test_a_wide_run_whose_glyphs_miss_their_cells_is_placed_character_by_character(document: _Document) -> None:
    plain = Style()
    document._filling[""].discard("文")
    document._widths[("", "文")] = 3 * document.cell  # as if this font drew 文 wider than its two cells
    try:
        row = (Piece(0, 2, "ab", plain, False), Piece(2, 6, "中文字", plain, True))
        assert [piece.text for piece in document._joined(row)] == ["ab中", "文", "字"]
    finally:
        del document._widths[("", "文")]


def test_the_font_reads_only_the_characters_the_pages_draw() -> None:
    try:
        regular, bold = find_fonts("zh", None)
    except UsageError:
        pytest.skip("no CJK font")
    document = _Document(regular, bold, 20, 2, frozenset(map(ord, "ab中")))
    cmap = set(document.pdf.fonts["deck"].cmap)  # type: ignore[union-attr]
    assert {ord("a"), ord("中")} <= cmap <= set(map(ord, "ab中")) | _MEASURED


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_text_after_blanks_lands_at_its_cell(document: _Document, tmp_path: Path) -> None:
    # Blank ends are left out of a text operation: what follows them must still start at its cell.
    plain = Style()
    row = (Piece(0, 12, "   ab   cd  ", plain, False), Piece(12, 2, "中", plain, True), Piece(14, 3, "  x", plain, False))
    document.draw(Page(20, (row,)))
    path = tmp_path / "blanks.pdf"
    path.write_bytes(bytes(document.pdf.output()))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True,
                           timeout=60).stdout
    words = {match[2]: float(match[1]) for match in re.finditer(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', boxes)
             if match[2] in ("ab", "cd中", "cd", "中", "x")}
    assert words, boxes
    cells = {"ab": 3, "cd": 8, "cd中": 8, "中": 12, "x": 16}
    for word, left in words.items():
        assert abs(left - (document.left + cells[word] * document.cell)) < 0.5, (word, left)
