"""deck beside the other terminal presenters, measured by the peers harness in one interleaved run.

    python bench/bench_peers.py [--runs N] [--harness DIR] [--no-write]

The harness (`../shared/peers/ttff.py`, installed by `sh ../shared/peers/setup_peers.sh`) runs
each program in a fresh 100x30 tmux pane and reports: first frame (ms from respawn until slide 1's
marker is on screen), next slide (ms from the first key press after start-up until slide 2's
marker), and peak RSS (VmHWM summed over the pane's processes). This script adds deck on the
bundled deck, on the harness's own 12-slide deck and on a generated 1,000-slide deck to the
harness's peer list, runs them interleaved with the peers, and writes the section
"## Against the other presenters" of docs/performance.md. Each run reports its own ratios against
the minimal Textual app (`textual-baseline`) measured in the same rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import ROOT, deck_command, generated, machine, table, verdict, write_section

HEADING = "## Against the other presenters"
PEERS = ["textual-baseline", "rich-baseline", "patat", "lookatme", "spiel-notrans"]
BASELINE = "textual-baseline"


def find_harness() -> Path:
    """`shared/peers` beside the repository (or beside one of its parents: worktrees nest)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "peers" / "ttff.py"
        if candidate.exists():
            return candidate.parent
    raise SystemExit("the peers harness (shared/peers/ttff.py) was not found; pass --harness DIR")


def harness_deck(harness: Path, folder: Path) -> Path:
    """The harness's deck.yaml in deck's format: its draft predates `title:` and the block kinds."""
    import yaml

    draft = yaml.safe_load((harness / "decks" / "deck.yaml").read_text(encoding="utf-8"))
    slides = [{"title": slide["title"], "blocks": [_block(block) for block in slide.get("blocks", [])]}
              for slide in draft["slides"]]
    path = folder / "peers-deck.yaml"
    path.write_text(yaml.safe_dump({"title": draft.get("title", slides[0]["title"]), "slides": slides},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _block(block: dict[str, Any]) -> dict[str, Any]:
    """One block of the draft (`p`, `ul`, `table` as rows, `code` as lines) as deck writes it."""
    kind, value = next(iter(block.items()))
    if kind == "p":
        return {"text": value}
    if kind == "ul":
        return {"bullets": value}
    if kind == "table":
        return {"table": {"header": value[0], "rows": value[1:]}}
    if kind == "code":
        return {"code": {"text": "\n".join(value) if isinstance(value, list) else value}}
    return block


def deck_entries(folder: Path, harness: Path, other: Path | None) -> list[dict[str, Any]]:
    """The deck runs added to the harness's peers: command, markers of slides 1 and 2.

    `other`: a checkout of deck (another commit) to present the bundled deck with as well, with its
    package first on PYTHONPATH in this environment: an A/B of two commits in the same rounds.
    """
    deck = deck_command()
    big = generated(1000, folder)[0]
    common: dict[str, Any] = {"kind": "custom", "cwd": str(ROOT), "next_key": "Right", "slides": 2,
                              "paragraph": None, "version": ("cmd", [deck, "--version"])}
    ab = [] if other is None else [
        {**common, "name": "deck-bundled-other", "cmd": f"{deck} present slides.yaml",
         "env": {"PYTHONPATH": str(other.resolve())},
         "marker1": "据数读社的一篇新闻分析浓缩而成", "marker2": "体量仍在", "checks": ["体量仍在"]}]
    return [*ab,
        {**common, "name": "deck-bundled", "cmd": f"{deck} present slides.yaml",
         "marker1": "据数读社的一篇新闻分析浓缩而成", "marker2": "体量仍在", "checks": ["体量仍在"]},
        {**common, "name": "deck-peers-yaml", "cmd": f"{deck} present {harness_deck(harness, folder)}",
         "marker1": "Strategy review deck", "marker2": "Agenda: five shifts", "checks": ["Agenda: five shifts"]},
        {**common, "name": "deck-1000", "cmd": f"{deck} present {big}",
         "marker1": "P00001", "marker2": "P00002", "checks": ["P00002"]},
    ]


def run_harness(harness: Path, runs: int, folder: Path, peers: list[str],
                other: Path | None = None) -> list[dict[str, Any]]:
    """Run the harness in this process on the peers and deck's entries; its raw results."""
    sys.path.insert(0, str(harness))
    os.environ.setdefault("PEERS_RESULTS", str(folder / "results"))
    import ttff  # the harness, not a dependency: imported from its folder

    entries = deck_entries(folder, harness, other)
    ttff.PEERS.extend(entries)
    out = folder / "results" / "ttff.json"
    names = ",".join([*peers, *(entry["name"] for entry in entries)])
    status = _call_main(ttff, names, runs, out)
    if status:
        raise SystemExit(f"the harness failed ({status})")
    results: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["results"]
    return results


def _call_main(ttff: Any, names: str, runs: int, out: Path) -> int:
    """The harness's command line, run in this process (so deck's entries are in its list)."""
    saved = sys.argv
    sys.argv = ["ttff.py", "--only", names, "--runs", str(runs), "--interleave", "--no-dump",
                "--json", str(out)]
    try:
        return int(ttff.main())
    finally:
        sys.argv = saved


def medians(result: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    """Median first frame ms, next slide ms and peak RSS MiB of one program's runs."""
    def median(key: str) -> float | None:
        values = [run[key] for run in result["runs"] if run.get(key) is not None]
        return statistics.median(values) if values else None
    rss = median("rss_kb")
    return median("ttff_ms"), median("nav_ms"), rss / 1024 if rss is not None else None


def spread(result: dict[str, Any], key: str) -> str:
    values = [run[key] for run in result["runs"] if run.get(key) is not None]
    return f"{min(values):.0f}-{max(values):.0f}" if values else "-"


def report(results: list[dict[str, Any]], runs: int) -> tuple[list[str], list[list[str]]]:
    """The section's table, and the summary rows (targets of the performance issue)."""
    by_name = {result["name"]: result for result in results}
    base_ttff, base_nav, base_rss = medians(by_name[BASELINE])
    rows = []
    for result in sorted(results, key=lambda r: medians(r)[0] or 1e9):
        ttff, nav, rss = medians(result)
        name = f"**{result['name']}**" if result["name"].startswith("deck") else result["name"]
        error = f" ({result['error']})" if result.get("error") else ""
        rows.append([name + error,
                     f"{ttff:.0f} ({spread(result, 'ttff_ms')})" if ttff is not None else "-",
                     f"{ttff / base_ttff:.2f}" if ttff and base_ttff else "-",
                     f"{nav:.0f} ({spread(result, 'nav_ms')})" if nav is not None else "-",
                     f"{nav - base_nav:+.0f}" if nav is not None and base_nav is not None else "-",
                     f"{rss:.1f}" if rss else "-",
                     f"{rss / base_rss:.2f}" if rss and base_rss else "-",
                     result.get("version", "")])
    lines = table(["program", "first frame ms (min-max)", "x minimal", "next slide ms (min-max)",
                   "vs minimal ms", "peak RSS MB", "x minimal", "version"], rows)
    summary: list[list[str]] = []
    bundled, big = by_name.get("deck-bundled"), by_name.get("deck-1000")
    if bundled and base_ttff and base_nav is not None and base_rss:
        b_ttff, b_nav, b_rss = medians(bundled)
        if b_ttff and b_nav is not None and b_rss:
            summary += [
                ["Next slide, first key press, bundled deck (peers harness)", "<= minimal + 3 ms",
                 f"{b_nav - base_nav:+.0f} ms", verdict(b_nav - base_nav <= 3)],
                ["First frame, bundled deck (peers harness)", "<= 0.5x minimal", f"{b_ttff / base_ttff:.2f}x",
                 verdict(b_ttff / base_ttff <= 0.5)],
                ["Peak RSS, bundled deck (peers harness)", "<= 1.15x minimal", f"{b_rss / base_rss:.2f}x",
                 verdict(b_rss / base_rss <= 1.15)],
            ]
            if big:
                g_ttff, _, g_rss = medians(big)
                if g_ttff and g_rss:
                    # A run below the floor of any Textual app was read while the early paint, not
                    # Textual, had the terminal (it answered the key first): not the presenter's peak.
                    early = any(run.get("rss_kb") and run["rss_kb"] / 1024 < base_rss for run in big["runs"])
                    summary += [
                        ["First frame, 1,000 slides (peers harness)", "<= 0.7x minimal",
                         f"{g_ttff / base_ttff:.2f}x", verdict(g_ttff / base_ttff <= 0.7)],
                        ["Peak RSS, 1,000 slides vs bundled (peers harness)", "<= 1.3x",
                         f"{g_rss / b_rss:.2f}x" + (" (read before Textual started: see bench_memory.py)"
                                                     if early else ""),
                         "-" if early else verdict(g_rss / b_rss <= 1.3)],
                    ]
    intro = (f"`python bench/bench_peers.py --runs {runs}`: the peers harness (`shared/peers/ttff.py`), "
             f"1 warm-up + {runs} interleaved rounds (order reversed each round), a fresh 100x30 tmux pane per "
             "run, medians; {machine}. First frame: ms from respawning the pane until slide 1's marker is on "
             "screen. Next slide: ms from the first key press after start-up (screen still for 300 ms) until "
             "slide 2's marker is on screen. Peak RSS: VmHWM summed over the pane's processes after slide 2. "
             "`x minimal` and `vs minimal` compare with `textual-baseline` (one `Static`, the floor of any "
             "Textual app) from the same rounds. deck-bundled is `slides.yaml`, deck-peers-yaml the "
             "harness's 12-slide `deck.yaml` (given a title), deck-1000 `bench/gen_deck.py 1000`. deck's early "
             "paint answers a next-slide key typed while the rest of a long deck is read, before Textual runs: "
             "deck-1000's next slide is then that, and its peak RSS, read at slide 2, is the process before "
             "Textual's import (`bench_memory.py` has the presenter's peak).")
    return [HEADING, "", intro.replace("{machine}", machine()), "", *lines], summary


def run(runs: int, folder: Path, harness: Path | None = None, peers: list[str] | None = None,
        other: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """Measure and return the section's lines and summary rows (what run_all.py calls)."""
    results = run_harness(harness or find_harness(), runs, folder, peers or PEERS, other)
    return report(results, runs)


def main() -> int:
    """Measure, print, and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--harness", type=Path, default=None, help="the folder of ttff.py")
    parser.add_argument("--peers", default=",".join(PEERS), help="the harness's peers to run beside deck")
    parser.add_argument("--other", type=Path, default=None,
                        help="another checkout of deck: also present the bundled deck with it (A/B)")
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    peers = [name for name in options.peers.split(",") if name]
    if BASELINE not in peers:
        peers.insert(0, BASELINE)
    with tempfile.TemporaryDirectory(prefix="deck-peers-") as folder:
        lines, summary = run(options.runs, Path(folder), options.harness, peers, options.other)
    lines += ["", *table(["target", "goal", "result", ""], summary)]
    print("\n".join(lines))
    if not options.no_write:
        write_section(HEADING, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
