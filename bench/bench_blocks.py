"""Render time of code and table slides next to a bullet slide, and what a deck with code imports.

    python bench/bench_blocks.py           # print the results
    python bench/bench_blocks.py --write   # also replace "## Code and table slides" in
                                           # docs/performance.md (other sections untouched)

Each slide is drawn whole (`render_slide`) into a colourless console at 80 columns, as the
exporter does; "first" is the first drawing of a fresh block (Pygments lexing included, the
highlighted lines are then cached per block), "again" a later one (what the presenter pays when
the width or theme changes). The import rows start a fresh interpreter and load and draw
`slides.yaml` (no code) or `examples/showcase.yaml` (a Python block), then report whether
Pygments was imported and how long that took.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table, write_section  # noqa: E402

from deck.draw import code as code_module  # noqa: E402
from deck.draw.render import RenderOptions, render_slide  # noqa: E402
from deck.export.text import draw  # noqa: E402
from deck.format import model  # noqa: E402

HEADING = "## Code and table slides"
L = model.Localized.plain
PYTHON = "\n".join([
    "from deck.format.loader import load_deck",
    "",
    "",
    "def titles(path: str) -> list[str]:",
    "    deck = load_deck(path)  # read and check",
    "    return [slide.title.get('en') for slide in deck.slides]",
] * 4)


def slides() -> list[tuple[str, model.Slide]]:
    bullets = model.Bullets(tuple(L(f"Point number {n}: a line of ordinary slide text") for n in range(6)))
    code = model.Code(PYTHON, lang="python", numbers=True, highlight=((4, 6),))
    plain = model.Code(PYTHON)
    small = model.Table(header=(L("小组"), L("Owns"), L("People")),
                        rows=tuple((L(f"组 {n}"), L("包括数据中心和 AI 硬件 and more"), L(str(n * 100)))
                                   for n in range(6)))
    big = model.Table(header=tuple(L(f"h{c}") for c in range(8)),
                      rows=tuple(tuple(L(f"r{r} c{c}") for c in range(8)) for r in range(40)))
    return [
        ("bullets (6 items)", model.Slide(title=L("Bullets"), blocks=(bullets,))),
        ("code, Python, 24 lines, numbers, highlight", model.Slide(title=L("Code"), blocks=(code,))),
        ("code, plain text, 24 lines", model.Slide(title=L("Code"), blocks=(plain,))),
        ("table, 3 x 6, Chinese and Latin, wrapped at 80", model.Slide(title=L("Table"), blocks=(small,))),
        ("table, 8 x 40", model.Slide(title=L("Table"), blocks=(big,))),
    ]


def best(function: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def first_and_again(slide: model.Slide) -> tuple[float, float]:
    options = RenderOptions("en")

    def fresh() -> None:
        code_module._code_lines.cache_clear()
        draw(render_slide(slide, options), 80)

    first = best(fresh)
    draw(render_slide(slide, options), 80)
    again = best(lambda: draw(render_slide(slide, options), 80))
    return first, again


_IMPORTS = ("import sys, time; t = time.perf_counter(); from deck.format.loader import load_deck; "
            "from deck.export import export_deck; export_deck(load_deck({deck!r})); "
            "print('pygments' in sys.modules, round((time.perf_counter() - t) * 1000))")


def imports(deck: str) -> tuple[bool, int]:
    samples = []
    loaded = False
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", _IMPORTS.format(deck=deck)], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout.split()
        loaded = out[0] == "True"
        samples.append(int(out[1]))
    return loaded, sorted(samples)[len(samples) // 2]


def report() -> list[str]:
    rows = []
    for name, slide in slides():
        first, again = first_and_again(slide)
        rows.append([name, f"{first * 1000:.2f}", f"{again * 1000:.2f}"])
    lines = [HEADING, "", f"`python bench/bench_blocks.py --write` ({machine()}). Best of 7, milliseconds, "
             "one slide drawn at 80 columns:", "", *table(["slide", "first drawing", "again"], rows), ""]
    import_rows = []
    for deck in ("slides.yaml", "examples/showcase.yaml"):
        loaded, ms = imports(deck)
        import_rows.append([f"`{deck}`", "yes" if loaded else "no", str(ms)])
    lines += ["Load and export in a fresh interpreter (median of 5, milliseconds):", "",
              *table(["deck", "imports Pygments", "load + export"], import_rows), "",
              "A deck without code never imports Pygments (a test keeps it so); the first code block "
              "in a language pays Pygments' import and its lexer's (the difference between the two rows). "
              "\"first drawing\" is best of 7, so it leaves out that one-time import; a slide is drawn "
              "once per width and theme and then comes from the presenter's cache.", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in docs/performance.md")
    lines = report()
    print("\n".join(lines))
    if parser.parse_args().write:
        write_section(HEADING, lines)


if __name__ == "__main__":
    main()
