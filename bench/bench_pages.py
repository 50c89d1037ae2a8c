"""`deck export --format html` and `--format pdf` of the bundled deck and generated 1,000- and
4,000-slide decks (the latter a third of the rounds): wall time, peak memory and file size.

    python bench/bench_pages.py [--rounds N]
    python bench/bench_pages.py --other CHECKOUT [--formats pdf] [--slides 1000,4000] [--rounds N]

Writes the section "HTML and PDF exports" of docs/performance.md. With `--other` it writes
nothing and prints an A/B instead: this checkout's deck and the one in CHECKOUT (a `git worktree`
of another commit, run with PYTHONPATH=CHECKOUT) export the same generated decks in turn, A B A B,
round by round, so both see the same load on a shared machine; the ratio is the median of each
round's A/B.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import ROOT, Stat, deck_command, generated, machine, run_measured, table, verdict, write_section

HEADING = "## HTML and PDF exports"


def measure(rounds: int, workdir: Path) -> tuple[list[list[str]], dict[tuple[str, str], float]]:
    """One table row per deck and format, and the median seconds of each (deck, format)."""
    deck = deck_command()
    decks = {"`slides.yaml` (26 slides)": (ROOT / "slides.yaml", rounds),
             "1,000 slides": (generated(1000, workdir)[0], rounds),
             "4,000 slides": (generated(4000, workdir)[0], max(1, rounds // 3))}
    rows, medians = [], {}
    for name, (path, times) in decks.items():
        for fmt in ("html", "pdf"):
            out = workdir / f"out.{fmt}"
            argv = [deck, "export", str(path), "--format", fmt, "-o", str(out)]
            runs = [run_measured(argv) for _ in range(times)]
            if any(run.status != 0 for run in runs):
                raise SystemExit(f"{' '.join(argv)} failed")
            seconds = Stat.of([run.seconds for run in runs])
            memory = Stat.of([run.max_rss_kib / 1024 for run in runs])
            medians[(name, fmt)] = seconds.median
            rows.append([f"{name}, {fmt}", seconds.seconds(), str(times), f"{memory.median:.0f}",
                         f"{out.stat().st_size / 1024:,.0f}"])
    return rows, medians


def run(rounds: int, workdir: Path) -> tuple[list[str], list[list[str]]]:
    """The section's lines and the summary rows (targets: 1,000 slides under 3 s, 4,000 at most 4.4x)."""
    rows, medians = measure(rounds, workdir)
    summary = []
    for fmt in ("html", "pdf"):
        one, four = medians[("1,000 slides", fmt)], medians[("4,000 slides", fmt)]
        summary += [[f"{fmt.upper()} export, 1,000 slides", "< 3 s", f"{one:.2f} s", verdict(one < 3)],
                    [f"{fmt.upper()} export growth 1,000 -> 4,000", "<= 4.4x", f"{four / one:.2f}x",
                     verdict(four / one <= 4.4)]]
    lines = [
        HEADING, "",
        f"`python bench/bench_pages.py --rounds {rounds}`; {machine()}. `deck export DECK --format html|pdf "
        "-o OUT` at the default `--size 100x30`, seconds from spawn to exit, median (IQR) of `runs`; peak RSS "
        "median; the file's size. The PDF embeds subsets of Noto Sans Mono CJK (regular and bold) found by "
        "fontconfig.",
        "",
        *table(["export", "seconds", "runs", "peak MB", "file KB"], rows),
        "",
        *table(["target", "goal", "result", ""], summary),
        "",
        "Where the PDF's time goes (1,000 slides, timed in-process): importing fpdf2 with fontTools and "
        "Pillow about 0.3 s, reading the deck 0.2, drawing the slides into grids 0.55, fontTools reading the "
        "two CJK fonts (regular, bold: CFF, charset, metrics, cmap) 0.3, drawing the pages 0.55 (half of it "
        "fpdf2's `text`), subsetting and writing the fonts 0.3 (docs/performance.md, issue 20). The HTML "
        "export is the text export's rendering plus writing each piece as a span. In the browser (headless "
        "Chromium driven by tests/browser.py, measured once by hand, not by this script): the 1,000-slide "
        "file reached its load event in 1.1 s, End took 0.08 s, the overview 0.6 s. Two fixes got it there: "
        "slides hidden by the style sheet until the script shows one (laying out all of them first took 15 "
        "s), and `content-visibility: auto` on overview tiles (13 s before). In the export itself, a segment "
        "of narrow characters becomes one piece without looking at each character (1,000 slides 3.0 -> 2.6 s,"
        " the same bytes).",
    ]
    return lines, summary


def compare(other: Path, formats: list[str], slides: list[int], rounds: int, workdir: Path) -> list[str]:
    """An A/B table: this checkout (A) against `other` (B), interleaved round by round."""
    deck = deck_command()
    rows = []
    for count in slides:
        path = generated(count, workdir)[0]
        for fmt in formats:
            argv = [deck, "export", str(path), "--format", fmt, "-o", str(workdir / f"out.{fmt}")]
            other_argv = ["/usr/bin/env", f"PYTHONPATH={other.resolve()}", *argv]
            mine, theirs = [], []
            for _ in range(rounds):
                for runs, command in ((mine, argv), (theirs, other_argv)):
                    result = run_measured(command)
                    if result.status != 0:
                        raise SystemExit(f"{' '.join(command)} failed")
                    runs.append(result)
            a, b = Stat.of([run.seconds for run in mine]), Stat.of([run.seconds for run in theirs])
            ratio = statistics.median(x.seconds / y.seconds for x, y in zip(mine, theirs, strict=True))
            rows.append([f"{count:,} slides, {fmt}", a.seconds(), b.seconds(), f"{ratio:.3f}",
                         f"{statistics.median(run.max_rss_kib for run in mine) / 1024:.0f}",
                         f"{statistics.median(run.max_rss_kib for run in theirs) / 1024:.0f}"])
    return [f"A/B, {rounds} rounds; {machine()}. A: {ROOT}; B: {other}", "",
            *table(["export", "A seconds", "B seconds", "A/B (median of rounds)", "A peak MB", "B peak MB"], rows)]


def main() -> int:
    """Measure and write the section (or, with --other, print an A/B)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--other", type=Path, default=None, help="another checkout: print an A/B, write nothing")
    parser.add_argument("--formats", default="html,pdf", help="with --other: html, pdf or both (default both)")
    parser.add_argument("--slides", default="1000,4000", help="with --other: generated deck sizes (default 1000,4000)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.other is not None:
            formats = [fmt for fmt in options.formats.split(",") if fmt in ("html", "pdf")]
            sizes = [int(size) for size in options.slides.split(",")]
            print("\n".join(compare(options.other, formats, sizes, options.rounds, Path(folder))))
            return 0
        lines, _ = run(options.rounds, Path(folder))
    write_section(HEADING, lines)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
