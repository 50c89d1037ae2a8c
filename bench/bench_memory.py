"""Peak memory when presenting: the 1,000-slide deck against the 10-slide deck, in a pty (100x30).

    python bench/bench_memory.py [--rounds N]

Each run starts `deck DECK` on a fresh pty, waits until slide 1 is on screen and the output has
been quiet for half a second, quits with q, and reads the child's peak resident set size
(ru_maxrss) from wait4. The generated decks are those of `bench/gen_deck.py`; the bundled
`slides.yaml` and the minimal Textual app are shown for scale.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common import BENCH, PYTHON, ROOT, Stat, Terminal, deck_command, generated, print_report, table, verdict

TARGET = 1.3


def peak_rss(argv: list[str], marker: str) -> int:
    term = Terminal(argv)
    try:
        term.wait_for(marker)
        term.settle(0.5, 3.0)
    finally:
        rss = term.close()
    if term.status != 0:
        raise SystemExit(f"{' '.join(argv)} ended with status {term.status}")
    return rss


def run(rounds: int, workdir: Path) -> tuple[list[str], list[list[str]]]:
    deck = deck_command()
    small, _ = generated(10, workdir)
    large, _ = generated(1000, workdir)
    huge, _ = generated(4000, workdir)
    contenders = {
        "minimal Textual app": ([PYTHON, str(BENCH / "minimal_app.py")], "MINIMAL-00001"),
        "deck, generated 10 slides": ([deck, str(small)], "P00001"),
        "deck, `slides.yaml` (26 slides)": ([deck, str(ROOT / "slides.yaml")], "据数读社的一篇新闻分析浓缩而成"),
        "deck, generated 1,000 slides": ([deck, str(large)], "P00001"),
        "deck, generated 4,000 slides": ([deck, str(huge)], "P00001"),
    }
    samples: dict[str, list[int]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, (argv, marker) in contenders.items():
            samples[name].append(peak_rss(argv, marker))
    stats = {name: Stat.of([kib / 1024 for kib in values]) for name, values in samples.items()}
    base = stats["deck, generated 10 slides"].median
    rows = [[name, f"{stat.median:.1f}", f"{stat.low:.1f}-{stat.high:.1f}", f"{stat.median / base:.2f}"]
            for name, stat in stats.items()]
    ratio = stats["deck, generated 1,000 slides"].median / base
    lines = [
        "### Memory when presenting",
        "",
        f"`python bench/bench_memory.py --rounds {rounds}`: peak RSS (ru_maxrss from wait4) of a presenter "
        "that showed slide 1 on a 100x30 pty and was quit; median and min-max of "
        f"{rounds} runs, in MiB.",
        "",
        *table(["program", "peak MiB", "min-max", "x 10 slides"], rows),
    ]
    summary = [["Memory presenting 1,000 vs 10 slides", f"<= {TARGET}x", f"{ratio:.2f}x", verdict(ratio <= TARGET)]]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    print_report(lambda folder: run(arguments.rounds, folder))


if __name__ == "__main__":
    main()
