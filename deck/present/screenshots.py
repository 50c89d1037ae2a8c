"""README pictures: SVG screenshots taken from the presenter itself.

    python -m deck.present.screenshots [DECK] [--slide ID] [--out docs/img]

writes `chart-zh.svg`, `chart-en.svg` and `presenter.svg` (100x30 cells) of the deck's slide `ID`
(default: its first slide with a chart). The app runs headless (Textual's `run_test`) with a
frozen clock, so the pictures do not change from one run to the next.

Rich's SVG export gives each run of text a `textLength` of one cell per *character* (Rich issue
#2742), so a browser squeezes a run of Chinese, whose characters take two cells each, into half
its width, on top of each other. `fix_wide_text` re-cuts such runs into narrow runs and single wide
characters, each placed at its own column.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len

from deck.format.model import Deck

SIZE = (100, 30)

_TEXT = re.compile(r'<text\b([^>]*)>([^<]*)</text>')
_ATTR = re.compile(r'\s(x|textLength)="([0-9.]+)"')


def fix_wide_text(svg: str) -> str:
    """`svg` with each run of text that holds wide characters cut into runs of narrow characters
    (with a `textLength` of their own cells) and single wide characters, each at its own cell."""
    return _TEXT.sub(_fix_text, svg)


def _fix_text(match: re.Match[str]) -> str:
    attributes, content = match.groups()
    text = html.unescape(content)
    numbers = dict(_ATTR.findall(attributes))
    if cell_len(text) == len(text) or "x" not in numbers or "textLength" not in numbers:
        return match.group(0)
    cell = float(numbers["textLength"]) / len(text)  # Rich's cell width, recovered from its sum
    x = float(numbers["x"])
    pieces = []
    for run in _runs(text):
        width = cell_len(run)
        placed = re.sub(r'\sx="[0-9.]+"', f' x="{x:g}"', attributes)
        if width == len(run):
            placed = re.sub(r'\stextLength="[0-9.]+"', f' textLength="{cell * width:g}"', placed)
        else:
            # One wide character, at its own cells: stretching a run of them would open gaps that
            # look like spaces, so each keeps its natural width, left-aligned as in a terminal.
            placed = re.sub(r'\stextLength="[0-9.]+"', "", placed)
        pieces.append(f"<text{placed}>{_escape(run)}</text>")
        x += cell * width
    return "".join(pieces)


def _escape(text: str) -> str:
    # As Rich writes it: XML escapes, and spaces as no-break spaces so SVG keeps them.
    return html.escape(text).replace("\xa0", "&#160;").replace(" ", "&#160;")


def _runs(text: str) -> list[str]:
    """`text` cut into runs of narrow characters and single wide (two-cell) characters."""
    runs: list[str] = []
    previous: bool | None = None
    for char in text:
        wide = cell_len(char) == 2
        if wide == previous and not wide:
            runs[-1] += char
        else:
            runs.append(char)
        previous = wide
    return runs


async def screenshot(deck: Deck, *, lang: str, index: int, keys: Sequence[str] = (),
                     size: tuple[int, int] = SIZE) -> str:
    """The presenter on slide `index` in `lang`, after pressing `keys`, as a fixed SVG."""
    from deck.present.app import DeckApp

    app = DeckApp(deck, lang=lang, start=index, duration=20 * 60, clock=lambda: 0.0, watch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        return fix_wide_text(app.export_screenshot())


def chart_slide(deck: Deck, wanted: str | None) -> int:
    """Index of the slide with id `wanted`, else of the first slide with a chart, else 0."""
    for index, slide in enumerate(deck.slides):
        if (wanted is not None and slide.id == wanted) or (wanted is None and slide.charts):
            return index
    if wanted is not None:
        raise SystemExit(f"no slide with id {wanted!r}")
    return 0


async def _write_all(deck: Deck, index: int, out: Path) -> list[Path]:
    other = next((lang for lang in deck.languages if lang != "zh"), deck.default_language)
    shots = {
        "chart-zh.svg": ("zh" if "zh" in deck.languages else deck.default_language, ()),
        "chart-en.svg": (other, ()),
        "presenter.svg": (deck.default_language, ("P",)),
    }
    written = []
    for name, (lang, keys) in shots.items():
        path = out / name
        path.write_text(await screenshot(deck, lang=lang, index=index, keys=keys), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Write the README pictures; print their paths."""
    from deck.format.loader import load_deck

    parser = argparse.ArgumentParser(prog="python -m deck.present.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("deck", nargs="?", default="slides.yaml")
    parser.add_argument("--slide", help="id of the slide to show (default: the first with a chart)")
    parser.add_argument("--out", default="docs/img", help="folder for the SVGs (default docs/img)")
    options = parser.parse_args(argv)
    deck = load_deck(options.deck)
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(_write_all(deck, chart_slide(deck, options.slide), out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
