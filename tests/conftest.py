"""Shared fixtures: paths of the repository, its article, and a writer for throw-away decks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "meta-ai.zh.txt"
SLIDES = ROOT / "slides.yaml"


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text to `deck.yaml` in a temporary folder (the article copied beside it)."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "meta-ai.zh.txt").write_bytes(ARTICLE.read_bytes())

    def write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
