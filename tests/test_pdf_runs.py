"""The PDF draws neighbouring pieces of one style as one text operation when every glyph fills
its cells (CJK and Latin in a CJK monospaced font); anything else keeps its own operation."""

from __future__ import annotations

import pytest
from rich.style import Style

pytest.importorskip("fpdf")

from deck.export.grid import Piece
from deck.export.pdf import _Document, find_fonts
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
