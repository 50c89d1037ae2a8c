"""Micro-benchmarks for slide text wrapping (deck.draw.text) and chart rendering (deck.draw.charts).

    python bench/bench_render.py           # print the results
    python bench/bench_render.py --write   # also replace "## Rendering micro-benchmarks"
                                           # in docs/performance.md (other sections untouched)

It also measures line-breaking libraries against our rules, when they are importable (they are
not dependencies; install them in a scratch folder and put it on PYTHONPATH): budoux (phrase
segmentation; Chinese and Japanese models, none for Korean), uniseg (UAX #14) and ICU through
icu4py (UAX #14 with CLDR tailorings: ``lb=strict`` for kinsoku, ``lw=phrase`` for phrases and
Korean words). For a fair comparison each library only supplies the unbreakable units; the same
greedy filler (fold by cells when a unit is wider than the line) builds the lines. Quality is
counted on every line of three texts -- the Chinese article and a Japanese and a Korean text
(bench/texts/) -- at 20 and 40 cells: lines starting with a character no line may start with
(``，。）`` and jlreq's small kana, ``ー``, ``々`` ...), lines ending with opening punctuation,
Latin words or numbers cut in two, Korean words cut although they fit the line, and lines wider
than the width.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.cells import cell_len, chop_cells  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402

from deck.draw.charts import chart_renderable  # noqa: E402
from deck.draw.text import CLOSING, OPENING, WrappedText, wrap  # noqa: E402
from deck.format.loader import load_deck  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_section  # noqa: E402

ARTICLE = ROOT / "seeds" / "meta-ai.zh.txt"
TEXTS = {"zh": ARTICLE, "ja": ROOT / "bench" / "texts" / "ja.txt", "ko": ROOT / "bench" / "texts" / "ko.txt"}
FIXTURE = ROOT / "tests" / "fixtures" / "charts.yaml"
DOC = ROOT / "docs" / "performance.md"
HEADING = "## Rendering micro-benchmarks"

Wrapper = Callable[[str, int], list[str]]


def best_of(function: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best wall time of `number` calls, in seconds per call (best of `repeat` rounds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def import_time(statement: str, runs: int = 5) -> float:
    """Median seconds `statement` (an import) takes in a fresh interpreter.

    Bytecode caching is on (in a scratch folder, nothing written to the tree) and a first run
    warms it: a user's installed package has its .pyc files too.
    """
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "deck-bench-pycache")
    samples = []
    for _ in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, env=env
        )
        samples.append(float(out.stdout))
    return statistics.median(samples[1:])


IMPORTS = {
    "`import rich.console`": "import rich.console",
    "`import deck.draw.text`": "import deck.draw.text",
    "`import deck.draw.charts`": "import deck.draw.charts",
    "budoux + its Chinese model": "import budoux; budoux.load_default_simplified_chinese_parser()",
    "budoux + its Japanese model": "import budoux; budoux.load_default_japanese_parser()",
    "uniseg + first line break": "from uniseg.linebreak import line_break_units; list(line_break_units('中文 a'))",
    "ICU (icu4py) + first line break": "from icu4py.breakers import LineBreaker; list(LineBreaker('中文 a', 'ko'))",
}


# --- wrappers under comparison -----------------------------------------------------------------


def ours(paragraph: str, width: int) -> list[str]:
    return [line.plain for line in wrap(paragraph, width)]


def rich_wrap(paragraph: str, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO())
    return [line.plain.rstrip() for line in Text(paragraph).wrap(console, width)]


def greedy(units: list[str], width: int) -> list[str]:
    """Fill lines with units; a unit wider than the line is folded by cells; spaces trimmed."""
    lines: list[str] = []
    current = ""
    for unit in units:
        if cell_len(current + unit.rstrip()) <= width:
            current += unit
            continue
        if current.strip():
            lines.append(current.strip())
        current = ""
        for piece in chop_cells(unit.strip(), width) if cell_len(unit.strip()) > width else [unit]:
            if current.strip():
                lines.append(current.strip())
            current = piece
    if current.strip() or not lines:
        lines.append(current.strip())
    return lines


Segmenter = Callable[[str], list[str]]


def library_wrappers(lang: str) -> dict[str, tuple[Wrapper, Segmenter]]:
    """name -> (wrapper, segmenter) for the line-breaking libraries importable, for text in `lang`."""
    found: dict[str, Segmenter] = {}
    try:
        import budoux  # type: ignore[import-not-found]

        models = {"zh": budoux.load_default_simplified_chinese_parser, "ja": budoux.load_default_japanese_parser}
        if lang in models:  # budoux has no Korean model
            found["budoux"] = models[lang]().parse
    except ImportError:
        pass
    try:
        from uniseg.linebreak import line_break_units  # type: ignore[import-not-found]

        found["uniseg"] = lambda text: list(line_break_units(text))
    except ImportError:
        pass
    try:
        from icu4py.breakers import LineBreaker  # type: ignore[import-not-found]

        # The CLDR tailorings: strict kinsoku; phrases (which also keeps Korean words whole).
        for name, keyword in (("ICU lb=strict", "lb=strict"), ("ICU lw=phrase", "lw=phrase")):
            found[name] = lambda text, locale=f"{lang}@{keyword}": list(LineBreaker(text, locale))
    except ImportError:
        pass
    return {name: (lambda p, w, f=segment: greedy(f(p), w), segment) for name, segment in found.items()}


# --- quality -----------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9]")
_HANGUL = re.compile("[\uac00-\ud7a3]")


def quality(wrapper: Wrapper, paragraphs: list[str], width: int) -> dict[str, int]:
    """Rule breaks over all paragraphs at `width`."""
    counts = {"lines": 0, "bad start": 0, "bad end": 0, "cut word": 0, "cut Korean word": 0, "too wide": 0}
    for paragraph in paragraphs:
        lines = wrapper(paragraph, width)
        counts["lines"] += len(lines)
        counts["too wide"] += sum(cell_len(line) > width for line in lines)
        position = 0
        for before, after in pairwise(lines):
            counts["bad start"] += after[:1] in CLOSING
            counts["bad end"] += before[-1:] in OPENING
            position = paragraph.find(before, position) + len(before)
            joined = paragraph[position : position + 1]
            # Two word characters with nothing between them in the source: a word was cut.
            if before and after and _WORD.match(before[-1]) and _WORD.match(after[0]) and joined == after[0]:
                counts["cut word"] += 1
            elif joined == after[:1] and _HANGUL.search(word := _word_at(paragraph, position)):
                # No space at the break, inside a Korean word that would have fitted the line.
                counts["cut Korean word"] += cell_len(word) <= width
    return counts


def _word_at(paragraph: str, position: int) -> str:
    """The space-separated word of `paragraph` that the position falls inside."""
    start = paragraph.rfind(" ", 0, position) + 1
    end = paragraph.find(" ", position)
    return paragraph[start : end if end >= 0 else len(paragraph)]


# --- the benchmark -----------------------------------------------------------------------------


def table(caption: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table under a caption line; the first column left-aligned, the rest right."""
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["", caption, "", "| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def read_lines(path: Path) -> list[str]:
    """The non-blank lines of a text, stripped: one paragraph each."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def all_wrappers(lang: str) -> dict[str, Wrapper]:
    """Ours, Rich's and every importable library's wrapper for text in `lang`."""
    wrappers: dict[str, Wrapper] = {"deck.draw.text": ours, "rich Text.wrap": rich_wrap}
    wrappers.update({name: entry[0] for name, entry in library_wrappers(lang).items()})
    return wrappers


def run() -> list[str]:
    """Measure everything; return the Markdown lines of the section."""
    texts = {lang: read_lines(path) for lang, path in TEXTS.items()}
    paragraphs = texts["zh"]
    characters = sum(len(p) for p in paragraphs)
    libraries = library_wrappers("zh")
    out = [
        HEADING,
        "",
        f"`python bench/bench_render.py --write` on {sys.platform}, Python {sys.version.split()[0]}, "
        f"{len(paragraphs)} lines of the article ({characters} characters), "
        + ", ".join(f"{len(texts[k])} lines of `bench/texts/{k}.txt`" for k in ("ja", "ko"))
        + ".",
    ]
    packages = sorted({name.split()[0].replace("ICU", "icu4py") for name in library_wrappers("ja")})
    if packages:
        versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in packages)
        out.append(f"Compared: {versions}, installed beside the project for this run only (not dependencies).")
    imports = [
        [name, f"{import_time(statement) * 1000:.1f}"]
        for name, statement in IMPORTS.items()
        if importlib.util.find_spec(statement.split()[1].split(".")[0].rstrip(";")) is not None
    ]
    out += table("Import cost in a fresh interpreter, bytecode cached (median of 5):", ["import", "ms"], imports)
    out += table("Wrapping the whole article (best of 5):", ["wrapper", "width", "ms"], speed_rows(paragraphs))
    out += table(
        "Wrapping the Japanese and the Korean text at 40 cells (best of 5):",
        ["wrapper", "text", "ms"],
        [
            [name, lang, f"{best_of(lambda w=wrapper, t=texts[lang]: [w(p, 40) for p in t]) * 1000:.2f}"]  # type: ignore[misc]
            for lang in ("ja", "ko")
            for name, wrapper in all_wrappers(lang).items()
        ],
    )
    sentence = paragraphs[19]
    units = [["deck.draw.text (whole wrap at 40)", f"{best_of(lambda: wrap(sentence, 40), number=200) * 1e6:.0f}"]]
    for name, (_, segment) in libraries.items():
        units.append([f"{name} (units only)", f"{best_of(lambda f=segment: f(sentence), number=200) * 1e6:.0f}"])  # type: ignore[misc]
    out += table(f"One {len(sentence)}-character sentence (best of 5 x 200):", ["segmenter", "µs"], units)
    header = ["wrapper", "text", "width", "lines", "bad start", "bad end", "word cut", "Korean word cut", "too wide"]
    rules = [
        [name, lang, str(width), *(str(n) for n in quality(wrapper, texts[lang], width).values())]
        for lang in ("zh", "ja", "ko")
        for name, wrapper in all_wrappers(lang).items()
        for width in (20, 40)
    ]
    out += table("Rule breaks over every line of each text (same greedy filler for the libraries):", header, rules)
    out += table("Rendering to a colourless 80-column console (best of 5 x 50):", ["renderable", "µs"], renders())
    return out


def speed_rows(paragraphs: list[str]) -> list[list[str]]:
    """Time of every wrapper over the article at 20, 40 and 80 cells."""
    rows = []
    for name, wrapper in all_wrappers("zh").items():
        for width in (20, 40, 80):
            seconds = best_of(lambda w=wrapper, n=width: [w(p, n) for p in paragraphs])  # type: ignore[misc]
            rows.append([name, str(width), f"{seconds * 1000:.2f}"])
    return rows


def renders() -> list[list[str]]:
    """Render times of a bullet and of every chart in the fixture deck, both languages."""
    console = Console(width=80, file=io.StringIO(), color_system=None, legacy_windows=False)
    bullet = "Reality Labs 自始至终就是纯烧钱的部门，2021-2024年累计亏损超过400亿美元，2025年亏损还在继续"
    rows = [[f"WrappedText, {len(bullet)}-character bullet", f"{render_time(console, WrappedText(bullet)):.0f}"]]
    for slide in load_deck(FIXTURE).slides:
        chart = slide.charts[0]
        for lang in ("zh", "en"):
            renderable = chart_renderable(chart, lang=lang, accent="magenta")
            rows.append([f"{chart.kind} `{slide.id}` ({lang})", f"{render_time(console, renderable):.0f}"])
    return rows


def render_time(console: Console, renderable: object) -> float:
    """Microseconds to render `renderable` to segments (as the app and exporter do)."""
    return best_of(lambda: list(console.render(renderable)), number=50) * 1e6  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    arguments = parser.parse_args()
    lines = run()
    print("\n".join(lines))
    if arguments.write:
        write_section(HEADING, lines)


if __name__ == "__main__":
    main()
