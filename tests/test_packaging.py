"""Packaging: the wheel carries the bundled deck and its article, so `deck` works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_bundles_the_deck_and_the_article(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("deck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("deck/bundled/slides.yaml") == (ROOT / "slides.yaml").read_bytes()
        assert archive.read("deck/bundled/seeds/meta-ai.zh.txt") == (ROOT / "seeds" / "meta-ai.zh.txt").read_bytes()
    assert "deck/present/app.tcss" in names
    assert "deck/py.typed" in names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "deck = deck.cli:main" in archive.read(entry_points).decode()


def test_article_is_the_shared_seed_byte_for_byte() -> None:
    shared = ROOT.parent / "shared" / "seeds" / "000_47c2d637586cbb9d.txt"
    article = (ROOT / "seeds" / "meta-ai.zh.txt").read_bytes()
    if shared.exists():  # beside a checkout of the project, as in CI and development
        assert article == shared.read_bytes()
    assert article.startswith("数读社\n".encode())
    assert len(article) == 8045
