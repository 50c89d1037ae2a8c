"""Run every end-to-end benchmark and write the results into docs/performance.md.

    python bench/run_all.py            # about ten minutes on 2 cores
    python bench/run_all.py --quick    # fewer rounds, for a first look
    python bench/run_all.py --no-write # print only
    python bench/run_all.py --no-pages --no-peers   # without the HTML/PDF exports and the peers

"## End-to-end benchmarks" holds start-up, key presses (a walk, and the first press per slide
kind: bench_kinds.py), exports and check, and memory. Besides it, it rewrites the sections of
bench_pages.py (HTML and PDF exports) and bench_peers.py (deck beside the other presenters, through
the peers harness in shared/peers: run `sh shared/peers/setup_peers.sh` once, or pass --no-peers).

Needs deck installed in this Python (``pip install -e .``), Linux (a pty), and pandoc on PATH for
the export comparison (``apt-get install -y pandoc``; without it that column is empty). Replaces
the section "## End-to-end benchmarks" of docs/performance.md and leaves the rest alone (the
rendering micro-benchmarks have their own script, `bench/bench_render.py --write`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import bench_export
import bench_keys
import bench_kinds
import bench_memory
import bench_pages
import bench_peers
import bench_startup
from common import ROOT, machine, table, write_section

HEADING = "## End-to-end benchmarks"


def commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def versions() -> str:
    import importlib.metadata

    found = [f"{name} {importlib.metadata.version(name)}" for name in ("textual", "rich", "pyyaml")]
    pandoc = shutil.which("pandoc")
    if pandoc is not None:
        first = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()
        found.append(first[0] if first else "pandoc")
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--no-pages", action="store_true", help="skip the HTML and PDF exports (minutes)")
    parser.add_argument("--no-peers", action="store_true",
                        help="skip the other presenters (shared/peers; needs setup_peers.sh run once)")
    arguments = parser.parse_args()
    quick = arguments.quick
    started = time.perf_counter()
    where = machine()
    print(where, file=sys.stderr)
    sections: list[str] = []
    own: dict[str, list[str]] = {}
    summary: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="deck-bench-") as folder:
        workdir = Path(folder)
        steps: list[tuple[str, Callable[[], tuple[list[str], list[list[str]]]]]] = [
            ("start-up", lambda: bench_startup.run(5 if quick else 15, workdir)),
            ("keys", lambda: bench_keys.run(2 if quick else 5, 12 if quick else 24, workdir)),
            ("kinds", lambda: bench_kinds.run(1 if quick else 5, workdir)),
            ("export", lambda: bench_export.run(3 if quick else 7, workdir)),
            ("memory", lambda: bench_memory.run(2 if quick else 5, workdir)),
        ]
        if not arguments.no_pages:
            steps.append(("pages", lambda: bench_pages.run(1 if quick else 3, workdir)))
        if not arguments.no_peers:
            steps.append(("peers", lambda: bench_peers.run(3 if quick else 7, workdir)))
        for name, step in steps:
            print(f"{name} ...", file=sys.stderr, flush=True)
            lines, rows = step()
            if name in ("peers", "pages"):  # their own sections, which their scripts alone rewrite too
                own[name] = lines
            else:
                sections += ["", *lines]
            summary += rows
    minutes = (time.perf_counter() - started) / 60
    out = [
        HEADING,
        "",
        f"`python bench/run_all.py{' --quick' if quick else ''}` ({minutes:.1f} min) at commit {commit()}; "
        f"{where}; {versions()}. Every figure is a median of repeated runs with its spread, measured in the "
        "same run as its reference; the machine is shared and noisy, so compare ratios, not absolute times.",
        "",
        *table(["benchmark", "target", "result", ""], summary),
        *sections,
    ]
    print("\n".join(out))
    for lines in own.values():
        print("\n".join(["", *lines]))
    if not arguments.no_write:
        write_section(HEADING, out)
        for lines in own.values():
            write_section(lines[0], lines)
        print(f"\nwrote {HEADING!r} in {ROOT / 'docs' / 'performance.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
