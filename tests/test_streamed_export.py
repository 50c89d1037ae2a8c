"""`deck export --format html -o FILE` streams the page through a spool file: the same bytes as
`export_html`, written atomically (the old file stays whole when the export fails midway)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import deck.export.html as html_module
from deck.cli import main
from deck.draw.render import RenderOptions
from deck.export.files import write_atomic_parts
from deck.export.html import HtmlOptions, export_html, write_html
from deck.format.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = ROOT / "examples" / "showcase.yaml"


@pytest.mark.parametrize("notes", [False, True])
def test_the_streamed_page_is_the_page(tmp_path: Path, notes: bool) -> None:
    deck = load_deck(SHOWCASE)
    options = RenderOptions(lang="en")
    html_options = HtmlOptions(reveal=notes, notes=notes)
    out = tmp_path / "page.html"
    write_html(str(out), deck, options, html_options)
    assert out.read_bytes() == export_html(deck, options, html_options).encode("utf-8")


def test_the_command_writes_the_same_page_as_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    stdout = io.StringIO()
    assert main(["export", str(SHOWCASE), "--format", "html", "-o", str(out)], stdout=io.StringIO()) == 0
    assert main(["export", str(SHOWCASE), "--format", "html"], stdout=stdout) == 0
    assert out.read_text(encoding="utf-8") == stdout.getvalue()


def test_a_failure_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "page.html"
    out.write_text("the old page", encoding="utf-8")
    real = html_module._slides

    def failing(*args: object, **kwargs: object) -> object:
        for number, chunk in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if number == 5:
                raise MemoryError("midway")
            yield chunk

    monkeypatch.setattr(html_module, "_slides", failing)
    with pytest.raises(MemoryError):
        write_html(str(out), load_deck(SHOWCASE), RenderOptions(lang="en"), HtmlOptions())
    assert out.read_text(encoding="utf-8") == "the old page"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["page.html"]


def test_parts_are_bytes_and_files_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    middle = io.BytesIO(b"0123456789" * 300_000)  # more than one copy chunk
    middle.seek(5)
    write_atomic_parts(str(out), [b"head|", middle, b"|tail"])
    assert out.read_bytes() == b"head|" + (b"0123456789" * 300_000)[5:] + b"|tail"
