"""Fixtures shared by the hostile tests."""

from __future__ import annotations

from pathlib import Path

import pytest

PARAGRAPH = " ".join(["Reality Labs 累计亏损"] * 60)


@pytest.fixture(scope="module")
def big_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid deck of 300 long slides: about 1.5 MB, an export of about 4 MB (far more than a
    pipe holds), a second or two of work: long enough to interrupt, fill a disk or break a pipe."""
    lines = ["title: big", "slides:"]
    for number in range(300):
        lines += [f"  - title: slide {number}", f'    text: "{PARAGRAPH}"', f'    bullets: ["{PARAGRAPH}", "{PARAGRAPH}"]']
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
