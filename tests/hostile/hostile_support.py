"""Running the real `deck` command on hostile input, and what every such run must look like.

`run_deck` starts `python limited.py REPORT ARGS...` (the real command line under a 400 MB
address-space limit) and returns its exit status, output, wall time and peak memory.
`assert_refused` states the contract of the issue for a refused input: the given exit status,
nothing on stdout, exactly one line on stderr naming the file (with ``:LINE:COL`` when there is a
position), no traceback, no raw control character, and less than 200 MB.

Set ``DECK_HOSTILE_REPORT=FILE`` to have the measured time and memory of every subprocess
written to FILE as a Markdown table when the tests end (docs/security.md quotes one).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMITED = Path(__file__).resolve().parent / "limited.py"
ARTICLE = ROOT / "seeds" / "meta-ai.zh.txt"
TIMEOUT = 10.0  # catches hangs; the "two seconds" is measured and recorded, not asserted
MAX_RSS_KB = 200 * 1024
PRECIOUS = b"precious \xff\x00 bytes: an export from yesterday\n"
# What must never reach a terminal from deck: C0 controls but newline, DEL, C1 controls.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Run:
    """One finished `deck` subprocess."""

    args: tuple[str, ...]
    status: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int


_MEASURED: list[tuple[str, Run]] = []

# Root reads every file; without these two capabilities (util-linux `setpriv`) it cannot.
UNPRIVILEGED: tuple[str, ...] = ()
CAN_BE_UNPRIVILEGED = os.geteuid() != 0
if os.geteuid() == 0 and shutil.which("setpriv"):
    UNPRIVILEGED = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    CAN_BE_UNPRIVILEGED = True


def run_deck(*args: str | os.PathLike[str], label: str = "", cwd: Path | None = None,
             unprivileged: bool = False, timeout: float = TIMEOUT, pass_fds: tuple[int, ...] = (),
             env: dict[str, str] | None = None) -> Run:
    """Run the real CLI (`python -m deck ARGS`) in a subprocess under the memory limit.

    `unprivileged`: when we are root, drop the capabilities that let root read any file.
    `env`: variables set (or, with the value "", left out) on top of the test's environment.
    """
    argv = tuple(os.fspath(arg) for arg in args)
    with tempfile.TemporaryDirectory(prefix="deck-report-") as folder:
        report = Path(folder) / "report.json"
        start = time.perf_counter()
        completed = subprocess.run(
            [*(UNPRIVILEGED if unprivileged else ()), sys.executable, str(LIMITED), str(report), *argv],
            capture_output=True, timeout=timeout, cwd=cwd, check=False,
            env=deck_environment(env),
            pass_fds=pass_fds,
        )
        seconds = time.perf_counter() - start
        measured = json.loads(report.read_text()) if report.exists() else {"max_rss_kb": -1}
    run = Run(argv, completed.returncode, completed.stdout.decode("utf-8", "replace"),
              completed.stderr.decode("utf-8", "replace"), seconds, int(measured["max_rss_kb"]))
    _MEASURED.append((label or " ".join(argv[:1]), run))
    return run


def deck_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment `deck` runs in: this one, deck importable, no colour, UTF-8 (then `extra`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **(extra or {})}
    return {name: value for name, value in env.items() if value != ""}


def assert_refused(run: Run, path: str | os.PathLike[str], *, status: int = 2,
                   line: int | None = None, col: int | None = None, message: str | None = None) -> str:
    """Assert the one-line refusal the issue asks for; return the message after the location."""
    shown = os.fspath(path)
    assert run.status == status, f"exit {run.status}, wanted {status}; stderr: {run.stderr!r}"
    assert run.stdout == "", f"stdout: {run.stdout!r}"
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, f"not one line: {run.stderr!r}"
    assert not RAW_CONTROL.search(run.stderr.rstrip("\n")), f"raw control character: {run.stderr!r}"
    assert run.stderr.startswith(f"{shown}:"), f"does not name {shown}: {run.stderr!r}"
    rest = run.stderr[len(shown) + 1 : -1]
    located = re.match(r"(\d+):(\d+): ", rest)
    if line is not None:
        assert located is not None, f"no line and column: {run.stderr!r}"
        assert int(located[1]) == line, f"line {located[1]}, wanted {line}: {run.stderr!r}"
        if col is not None:
            assert int(located[2]) == col, f"column {located[2]}, wanted {col}: {run.stderr!r}"
    text = rest[located.end():] if located else rest.removeprefix(" ")
    if message is not None:
        assert re.search(message, text), f"{text!r} does not match {message!r}"
    assert 0 < run.max_rss_kb < MAX_RSS_KB, f"peak memory {run.max_rss_kb} KB"
    return text


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` (not recursive) with its bytes: to prove nothing changed or appeared."""
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir()) if entry.is_file()}


def _write_report() -> None:
    target = os.environ.get("DECK_HOSTILE_REPORT")
    if not target or not _MEASURED:
        return
    rows = ["| case | command | exit | wall time (s) | peak memory (MB) |", "|---|---|---|---|---|"]
    for label, run in _MEASURED:
        rows.append(f"| {label} | {run.args[0]} | {run.status} | {run.seconds:.2f} | {run.max_rss_kb / 1024:.0f} |")
    worst_time = max(run.seconds for _, run in _MEASURED)
    worst_memory = max(run.max_rss_kb for _, run in _MEASURED) / 1024
    rows.append(f"\n{len(_MEASURED)} runs; slowest {worst_time:.2f} s, largest {worst_memory:.0f} MB.")
    Path(target).write_text("\n".join(rows) + "\n", encoding="utf-8")


atexit.register(_write_report)
