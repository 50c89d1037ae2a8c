"""Start-up to first slide, in a real pseudo-terminal (100x30), against a minimal Textual app.

    python bench/bench_startup.py [--rounds N]

Each contender is started on a fresh pty; the clock runs from the fork until the first slide's
distinctive text is in the program's output (escape sequences removed, so a line drawn in pieces
still counts). Contenders run interleaved, round after round, so that a noisy neighbour slows
them alike. Besides the total, each run is split at the moment the program enters the alternate
screen (Textual's driver starting: imports and deck loading are done) and at its first full
frame.

The early-paint prototype (`bench/prototype_early_paint.py`) is measured the same way: when its
Rich drawing of slide 1 is on screen, when Textual enters the alternate screen again (a terminal
that clears on that, as xterm does, shows a blank screen from then on) and when Textual's own frame
with slide 1 is there.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from common import BENCH, PYTHON, ROOT, Stat, Terminal, deck_command, generated, print_report, table, verdict

ALT_SCREEN = b"\x1b[?1049h"
SLIDES_YAML_MARKER = "据数读社的一篇新闻分析浓缩而成"  # slide 1's paragraph (the title is also in the header)
TARGET = 1.15  # deck at most this many times the minimal app


@dataclass
class Contender:
    name: str
    argv: list[str]
    marker: str
    totals: list[float] = field(default_factory=list)
    driver: list[float] = field(default_factory=list)  # until the alternate screen is entered
    first_frame: list[float] = field(default_factory=list)  # first chunk of a frame after it
    rss: list[int] = field(default_factory=list)


@dataclass
class Prototype:
    argv: list[str]
    marker: str
    early: list[float] = field(default_factory=list)
    textual_enter: list[float] = field(default_factory=list)
    textual_slide: list[float] = field(default_factory=list)


def measure(contender: Contender) -> None:
    term = Terminal(contender.argv)
    try:
        total = term.wait_for(contender.marker)
        out = bytes(term.output)
        enter = out.find(ALT_SCREEN)
        contender.totals.append(total)
        if enter >= 0:
            contender.driver.append(term.time_at(enter))
            # The first frame: the first read after the driver's set-up sequences that carries a
            # cursor move to the top left corner (Textual paints from row 1).
            frame = out.find(b"\x1b[1;1H", enter)
            contender.first_frame.append(term.time_at(frame) if frame >= 0 else total)
        term.settle(0.05, 1.0)
    finally:
        contender.rss.append(term.close())


def measure_prototype(proto: Prototype) -> None:
    term = Terminal(proto.argv)
    try:
        proto.early.append(term.wait_for(proto.marker))
        painted = len(term.output)
        term.mark = painted
        proto.textual_slide.append(term.wait_for(proto.marker))
        enter = bytes(term.output).find(ALT_SCREEN, painted)
        proto.textual_enter.append(term.time_at(enter) if enter >= 0 else float("nan"))
        term.settle(0.05, 1.0)
    finally:
        term.close()


def run(rounds: int, workdir: Path) -> tuple[list[str], list[list[str]]]:
    """Measure; return the Markdown lines of the section and summary rows (target, result, verdict)."""
    deck = deck_command()
    small, _ = generated(10, workdir)
    large, _ = generated(1000, workdir)
    bundled = ROOT / "slides.yaml"
    if SLIDES_YAML_MARKER not in bundled.read_text(encoding="utf-8"):
        raise SystemExit(f"update SLIDES_YAML_MARKER: {SLIDES_YAML_MARKER!r} is no longer in slides.yaml")
    reference = Contender("minimal Textual app (`bench/minimal_app.py`)",
                          [PYTHON, str(BENCH / "minimal_app.py")], "MINIMAL-00001")
    contenders = [
        reference,
        Contender("deck, `slides.yaml` (26 slides)", [deck, str(bundled)], SLIDES_YAML_MARKER),
        Contender("deck, generated 10 slides", [deck, str(small)], "P00001"),
        Contender("deck, generated 1,000 slides", [deck, str(large)], "P00001"),
        Contender("`python -c print(...)` (no Textual)", [PYTHON, "-c", "print('READY-' + 'NOW')"], "READY-NOW"),
    ]
    proto = Prototype([PYTHON, str(BENCH / "prototype_early_paint.py"), str(bundled)], SLIDES_YAML_MARKER)
    for contender in contenders:  # warm the file cache and bytecode once, unmeasured
        measure(contender)
        contender.totals.clear()
        contender.driver.clear()
        contender.first_frame.clear()
        contender.rss.clear()
    for _ in range(rounds):
        for contender in contenders:
            measure(contender)
        measure_prototype(proto)

    ref = Stat.of(reference.totals)
    rows = []
    for contender in contenders:
        total = Stat.of(contender.totals)
        phases = ["-", "-"]
        if contender.driver:
            driver, frame = Stat.of(contender.driver), Stat.of(contender.first_frame)
            phases = [f"{driver.median * 1000:.0f}", f"{frame.median * 1000:.0f}"]
        rows.append([contender.name, total.ms(), f"{total.low * 1000:.0f}-{total.high * 1000:.0f}", *phases,
                     f"{total.median / ref.median:.2f}"])
    early, enter, final = Stat.of(proto.early), Stat.of(proto.textual_enter), Stat.of(proto.textual_slide)
    rows.append(["prototype: slide 1 drawn by Rich before Textual loads", early.ms(),
                 f"{early.low * 1000:.0f}-{early.high * 1000:.0f}", "-", "-", f"{early.median / ref.median:.2f}"])
    rows.append(["prototype: Textual's own frame with slide 1", final.ms(),
                 f"{final.low * 1000:.0f}-{final.high * 1000:.0f}", f"{enter.median * 1000:.0f}", "-",
                 f"{final.median / ref.median:.2f}"])
    bundled_ratio = Stat.of(contenders[1].totals).median / ref.median
    large_ratio = Stat.of(contenders[3].totals).median / ref.median
    blank = Stat.of([b - a for a, b in zip(proto.textual_enter, proto.textual_slide, strict=True)])
    lines = [
        "### Start-up to first slide",
        "",
        f"`python bench/bench_startup.py --rounds {rounds}`: {rounds} interleaved rounds on a 100x30 pty; "
        "milliseconds from fork until slide 1's text is in the output, median (IQR), and min-max. "
        "\"alt screen\" is when the program entered the alternate screen (imports and loading done, "
        "Textual's driver starting), \"first frame\" when its first full-screen paint began.",
        "",
        *table(["program", "ms to slide 1", "min-max", "alt screen", "first frame", "x minimal"], rows),
        "",
        f"Early paint: slide 1 is on screen after {early.median * 1000:.0f} ms "
        f"({early.median / ref.median:.2f}x the minimal app). Textual enters the alternate screen again at "
        f"{enter.median * 1000:.0f} ms and has its own frame with the slide at {final.median * 1000:.0f} ms: "
        f"a terminal that clears on a second alternate-screen enter (xterm) shows no slide for "
        f"{blank.median * 1000:.0f} ms (IQR {blank.q1 * 1000:.0f}-{blank.q3 * 1000:.0f}).",
    ]
    summary = [
        ["Start-up, `slides.yaml`", f"<= {TARGET:.2f}x minimal app", f"{bundled_ratio:.2f}x",
         verdict(bundled_ratio <= TARGET)],
        ["Start-up, 1,000 slides", f"<= {TARGET:.2f}x minimal app", f"{large_ratio:.2f}x",
         verdict(large_ratio <= TARGET)],
        ["Start-up, stretch (early paint prototype)", "faster than lookatme (~0.86x minimal)",
         f"{early.median / ref.median:.2f}x", verdict(early.median / ref.median <= 295 / 345)],
    ]
    return lines, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15)
    arguments = parser.parse_args()
    print_report(lambda folder: run(arguments.rounds, folder))


if __name__ == "__main__":
    main()
