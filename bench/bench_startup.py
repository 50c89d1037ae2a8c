"""Start-up to first slide, in a real pseudo-terminal (100x30), against a minimal Textual app.

    python bench/bench_startup.py [--rounds N] [--other CHECKOUT]

Each contender is started on a fresh pty; the clock runs from the fork until the first slide's
distinctive text is in the program's output (escape sequences removed, so a line drawn in pieces
still counts). Contenders run interleaved, round after round, so that a noisy neighbour slows
them alike. Besides the total, each run is split at the moment the program enters the alternate
screen (Textual's driver starting: imports and deck loading are done) and at its first full
frame.

deck paints slide 1 with Rich before it imports Textual (`deck.present.early_paint`); it is measured with
that early paint and without it (`DECK_NO_EARLY_PAINT=1`). For the early-painted runs the table also
gives when Textual's own frame with slide 1 follows, and counts alternate-screen entries after the
early paint (xterm clears the screen on one; there should be none).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BENCH,
    PYTHON,
    ROOT,
    Stat,
    Terminal,
    bench_env,
    deck_command,
    fresh_bytecode,
    generated,
    print_report,
    table,
    verdict,
)

ALT_SCREEN = b"\x1b[?1049h"
SLIDES_YAML_MARKER = "据数读社的一篇新闻分析浓缩而成"  # slide 1's paragraph (the title is also in the header)
TARGET = 1.15  # deck at most this many times the minimal app


@dataclass
class Contender:
    name: str
    argv: list[str]
    marker: str
    early: bool = False  # deck's early paint: the marker appears twice (Rich, then Textual)
    env: dict[str, str] | None = None
    totals: list[float] = field(default_factory=list)
    driver: list[float] = field(default_factory=list)  # until the alternate screen is entered
    first_frame: list[float] = field(default_factory=list)  # first chunk of a frame after it
    rss: list[int] = field(default_factory=list)
    textual_slide: list[float] = field(default_factory=list)  # early paint: Textual's own frame
    second_enters: int = 0  # early paint: alternate-screen entries after it


def measure(contender: Contender) -> None:
    term = Terminal(contender.argv, env=contender.env)
    try:
        total = term.wait_for(contender.marker)
        contender.totals.append(total)
        if contender.early:
            painted = term.mark = len(term.output)
            contender.textual_slide.append(term.wait_for(contender.marker))
            contender.second_enters += bytes(term.output).count(ALT_SCREEN, painted)
            term.settle(0.05, 1.0)
            return
        out = bytes(term.output)
        enter = out.find(ALT_SCREEN)
        if enter >= 0:
            contender.driver.append(term.time_at(enter))
            # The first frame: the first read after the driver's set-up sequences that carries a
            # cursor move to the top left corner (Textual paints from row 1).
            frame = out.find(b"\x1b[1;1H", enter)
            contender.first_frame.append(term.time_at(frame) if frame >= 0 else total)
        term.settle(0.05, 1.0)
    finally:
        contender.rss.append(term.close())


def run(rounds: int, workdir: Path, other: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """Measure; return the Markdown lines of the section and summary rows (target, result, verdict).

    `other`: a checkout of deck (another commit) that also presents the bundled and the 1,000-slide
    deck, with its package first on PYTHONPATH, in the same rounds: an A/B of two commits.
    """
    deck = deck_command()
    small, _ = generated(10, workdir)
    large, _ = generated(1000, workdir)
    bundled = ROOT / "slides.yaml"
    if SLIDES_YAML_MARKER not in bundled.read_text(encoding="utf-8"):
        raise SystemExit(f"update SLIDES_YAML_MARKER: {SLIDES_YAML_MARKER!r} is no longer in slides.yaml")
    reference = Contender("minimal Textual app (`bench/minimal_app.py`)",
                          [PYTHON, str(BENCH / "minimal_app.py")], "MINIMAL-00001")
    off = bench_env(DECK_NO_EARLY_PAINT="1")
    contenders = [
        reference,
        Contender("deck, `slides.yaml` (26 slides)", [deck, str(bundled)], SLIDES_YAML_MARKER, early=True),
        Contender("deck, `slides.yaml`, `DECK_NO_EARLY_PAINT=1`", [deck, str(bundled)], SLIDES_YAML_MARKER, env=off),
        Contender("deck, generated 10 slides", [deck, str(small)], "P00001", early=True),
        Contender("deck, generated 1,000 slides", [deck, str(large)], "P00001", early=True),
        Contender("deck, generated 1,000 slides, `DECK_NO_EARLY_PAINT=1`", [deck, str(large)], "P00001", env=off),
        Contender("`python -c print(...)` (no Textual)", [PYTHON, "-c", "print('READY-' + 'NOW')"], "READY-NOW"),
    ]
    if other is not None:
        fresh_bytecode(other)
        env = bench_env(PYTHONPATH=str(other.resolve()))
        contenders += [
            Contender(f"other checkout ({other.name}), `slides.yaml`", [deck, str(bundled)], SLIDES_YAML_MARKER,
                      early=True, env=env),
            Contender(f"other checkout ({other.name}), generated 1,000 slides", [deck, str(large)], "P00001",
                      early=True, env=env),
        ]
    for contender in contenders:  # warm the file cache and bytecode once, unmeasured
        measure(contender)
        for kept in (contender.totals, contender.driver, contender.first_frame, contender.rss,
                     contender.textual_slide):
            kept.clear()
        contender.second_enters = 0
    for _ in range(rounds):
        for contender in contenders:
            measure(contender)

    ref = Stat.of(reference.totals)
    rows = []
    for contender in contenders:
        total = Stat.of(contender.totals)
        phases = ["-", "-", "-"]
        if contender.early:
            textual = Stat.of(contender.textual_slide)
            phases = ["-", "-", f"{textual.median * 1000:.0f} ({textual.median / ref.median:.2f}x)"]
        elif contender.driver:
            driver, frame = Stat.of(contender.driver), Stat.of(contender.first_frame)
            phases = [f"{driver.median * 1000:.0f}", f"{frame.median * 1000:.0f}", "-"]
        rows.append([contender.name, total.ms(), f"{total.low * 1000:.0f}-{total.high * 1000:.0f}", *phases,
                     f"{total.median / ref.median:.2f}"])
    shipped, shipped_off = contenders[1], contenders[2]
    bundled_ratio = Stat.of(shipped.totals).median / ref.median
    off_ratio = Stat.of(shipped_off.totals).median / ref.median
    large_ratio = Stat.of(contenders[4].totals).median / ref.median
    enters = sum(contender.second_enters for contender in contenders if contender.early)
    runs = sum(len(contender.totals) for contender in contenders if contender.early)
    lines = [
        "### Start-up to first slide",
        "",
        f"`python bench/bench_startup.py --rounds {rounds}`: {rounds} interleaved rounds on a 100x30 pty; "
        "milliseconds from fork until slide 1's text is in the output, median (IQR), and min-max. "
        "\"alt screen\" is when the program entered the alternate screen (imports and loading done, "
        "Textual's driver starting), \"first frame\" when its first full-screen paint began; for deck with "
        "its early paint (the default) slide 1 is first drawn by Rich before Textual loads, and "
        "\"Textual's frame\" is when Textual's own frame with slide 1 followed.",
        "",
        *table(["program", "ms to slide 1", "min-max", "alt screen", "first frame", "Textual's frame",
                "x minimal"], rows),
        "",
        f"Early paint: alternate-screen entries after it in {runs} runs: {enters} (a terminal that clears on "
        "entering it again, as xterm does, would show a blank screen until Textual's frame). Without the "
        f"early paint deck's slide 1 takes {off_ratio:.2f}x the minimal app.",
    ]
    summary = [
        ["Start-up, `slides.yaml`", f"<= {TARGET:.2f}x minimal app", f"{bundled_ratio:.2f}x",
         verdict(bundled_ratio <= TARGET)],
        ["Start-up, 1,000 slides", f"<= {TARGET:.2f}x minimal app", f"{large_ratio:.2f}x",
         verdict(large_ratio <= TARGET)],
        ["Start-up, stretch (`slides.yaml`)", "faster than lookatme (~0.86x minimal)",
         f"{bundled_ratio:.2f}x", verdict(bundled_ratio <= 295 / 345)],
    ]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--other", type=Path, default=None,
                        help="another checkout of deck: present the bundled and the 1,000-slide deck with it too (A/B)")
    arguments = parser.parse_args()
    print_report(lambda folder: run(arguments.rounds, folder, arguments.other))


if __name__ == "__main__":
    main()
