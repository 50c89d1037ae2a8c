"""`deck export` of generated decks (10 to 4,000 slides) against `pandoc -t plain`, and `deck check`.

    python bench/bench_export.py [--rounds N] [--sizes 10,100,1000,4000]

For each size, `bench/gen_deck.py` writes the deck and the same content as Markdown. Each round
runs `deck export DECK -o OUT` and `pandoc -t plain MD -o OUT` back to back (interleaved, so
load on the machine hits both alike); wall time is from spawn to exit and peak memory is the
child's ru_maxrss from wait4. `deck check` of the 1,000-slide deck is timed against
`python -c pass` the same way.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from common import PYTHON, Run, Stat, deck_command, generated, print_report, run_measured, table, verdict

SIZES = (10, 100, 1000, 4000)


def rounds_for(size: int, rounds: int) -> int:
    return max(3, rounds // 2) if size >= 4000 else rounds


def measure_export(sizes: tuple[int, ...], rounds: int, workdir: Path) -> dict[int, dict[str, list[Run]]]:
    deck = deck_command()
    pandoc = shutil.which("pandoc")
    results: dict[int, dict[str, list[Run]]] = {}
    out = str(workdir / "out.txt")
    for size in sizes:
        source, markdown = generated(size, workdir)
        runs: dict[str, list[Run]] = {"deck": [], "pandoc": []}
        commands = {"deck": [deck, "export", str(source), "-o", out]}
        if pandoc is not None:
            commands["pandoc"] = [pandoc, "-t", "plain", str(markdown), "-o", out]
        for argv in commands.values():  # warm caches, unmeasured
            if run_measured(argv).status != 0:
                raise SystemExit(f"{' '.join(argv)} failed")
        for _ in range(rounds_for(size, rounds)):
            for name, argv in commands.items():
                runs[name].append(run_measured(argv))
        results[size] = runs
    return results


LANGS = ("python", "rust", "javascript", "go", "sql")


def code_table_deck(slides: int, folder: Path) -> Path:
    """A deck of `slides` slides, alternately code (five Pygments languages, numbered, a line
    highlighted) and a 4 x 6 table of Chinese and Latin text: what `deck check` validates besides
    charts (lexer names, tab widths, cell counts)."""
    path = folder / f"code-tables-{slides}.yaml"
    if path.exists():
        return path
    lines = ["title: Code and tables", "languages: [zh, en]", "slides:"]
    for number in range(1, slides + 1):
        lines.append(f'  - title: {{zh: "第{number}页", en: "Slide {number}"}}')
        if number % 2:
            lines += ["    code:", f"      lang: {LANGS[number % len(LANGS)]}", "      numbers: true",
                      '      highlight: "3-4"', "      text: |"]
            lines += [f"        line_{n} = compute({n}, {number})  # step {n}" for n in range(1, 13)]
        else:
            lines += ["    table:", "      header: [项目, Name, 数值, Note]", "      rows:"]
            lines += [f'        - [第{row}项, "Row {row} of {number}", "{row * number}", "见第{number}页"]'
                      for row in range(1, 7)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure_check(rounds: int, workdir: Path, deck: Path | None = None) -> tuple[list[Run], list[Run]]:
    deck = deck if deck is not None else generated(1000, workdir)[0]
    check = [deck_command(), "check", str(deck)]
    bare = [PYTHON, "-c", "pass"]
    run_measured(check)
    run_measured(bare)
    checks: list[Run] = []
    bares: list[Run] = []
    for _ in range(rounds):
        checks.append(run_measured(check))
        bares.append(run_measured(bare))
    if any(run.status != 0 for run in checks):
        raise SystemExit(f"{' '.join(check)} failed")
    return checks, bares


def mib(runs: list[Run]) -> str:
    return f"{Stat.of([run.max_rss_kib / 1024 for run in runs]).median:.0f}"


def run(rounds: int, workdir: Path, sizes: tuple[int, ...] = SIZES) -> tuple[list[str], list[list[str]]]:
    results = measure_export(sizes, rounds, workdir)
    rows = []
    medians: dict[int, float] = {}
    pandoc_medians: dict[int, float] = {}
    for size, runs in results.items():
        deck = Stat.of([run.seconds for run in runs["deck"]])
        medians[size] = deck.median
        row = [f"{size:,}", deck.seconds(), f"{deck.low:.2f}-{deck.high:.2f}", mib(runs["deck"])]
        if runs["pandoc"]:
            pandoc = Stat.of([run.seconds for run in runs["pandoc"]])
            pandoc_medians[size] = pandoc.median
            row += [pandoc.seconds(), mib(runs["pandoc"]), f"{deck.median / pandoc.median:.2f}"]
        else:
            row += ["-", "-", "-"]
        rows.append(row)
    checks, bares = measure_check(rounds, workdir)
    check, bare = Stat.of([r.seconds for r in checks]), Stat.of([r.seconds for r in bares])
    extra = check.median - bare.median
    lines = [
        "### Export and check",
        "",
        f"`python bench/bench_export.py --rounds {rounds}`: `deck export DECK -o FILE` (text, 80 columns) and "
        "`pandoc -t plain` of the same content as Markdown, run alternately; seconds from spawn to exit, "
        "median (IQR) and min-max, of "
        f"{rounds} runs ({rounds_for(4000, rounds)} for 4,000 slides); peak RSS (ru_maxrss) median.",
        "",
        *table(["slides", "deck s", "min-max", "deck MiB", "pandoc s", "pandoc MiB", "deck / pandoc"], rows),
    ]
    summary: list[list[str]] = []
    if 1000 in medians:
        summary.append(["Export 1,000 slides", "< 1 s", f"{medians[1000]:.2f} s", verdict(medians[1000] < 1.0)])
        if 1000 in pandoc_medians:
            ratio = medians[1000] / pandoc_medians[1000]
            summary.append(["Export 1,000 slides vs pandoc", "<= 1.00x pandoc",
                            f"{ratio:.2f}x ({pandoc_medians[1000]:.2f} s)", verdict(ratio <= 1.0)])
    if 1000 in medians and 4000 in medians:
        growth = medians[4000] / medians[1000]
        lines += ["", f"4,000 slides take {growth:.2f}x the time of 1,000."]
        summary.append(["Export growth 1,000 -> 4,000", "<= 4.4x", f"{growth:.2f}x", verdict(growth <= 4.4)])
    lines += [
        "",
        f"`deck check` of the 1,000-slide deck: {check.seconds(3)} s (min-max {check.low:.3f}-{check.high:.3f}); "
        f"`python -c pass`: {bare.seconds(3)} s; difference of medians {extra:.3f} s. "
        f"Peak RSS {mib(checks)} MiB.",
    ]
    summary.append(["`deck check` 1,000 slides", "< 0.3 s over `python -c pass`", f"+{extra:.3f} s",
                    verdict(extra < 0.3)])
    checks, bares = measure_check(rounds, workdir, code_table_deck(1000, workdir))
    check, bare = Stat.of([r.seconds for r in checks]), Stat.of([r.seconds for r in bares])
    extra = check.median - bare.median
    lines += [
        "",
        "`deck check` of 1,000 slides of code (five Pygments languages) and tables "
        f"(`bench_export.code_table_deck`): {check.seconds(3)} s (min-max {check.low:.3f}-{check.high:.3f}); "
        f"`python -c pass`: {bare.seconds(3)} s; difference of medians {extra:.3f} s. Peak RSS {mib(checks)} MiB.",
    ]
    summary.append(["`deck check` 1,000 slides of code and tables", "< 0.3 s over `python -c pass`",
                    f"+{extra:.3f} s", verdict(extra < 0.3)])
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    arguments = parser.parse_args()
    sizes = tuple(int(size) for size in arguments.sizes.split(","))
    print_report(lambda folder: run(arguments.rounds, folder, sizes))


if __name__ == "__main__":
    main()
