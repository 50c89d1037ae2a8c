"""Shared pieces of the benchmarks: a program in a pseudo-terminal, statistics, Markdown tables.

`Terminal` starts a program on a new pty of a given size (TIOCSWINSZ before exec, so the program
sees its size at once), reads everything it writes, and answers "when did this text appear on
screen?": escape sequences are removed from the output before searching, so a title drawn in
pieces (style changes between cells) is still found. `close` quits the program and returns its
resource usage from wait4 (ru_maxrss is the child's peak resident memory).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable

# CSI, OSC, DCS/APC/PM strings and two-character escapes: what a terminal does not print.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^][^\x1b]*\x1b\\"
    rb"|\x1b[()][0-9A-Za-z]"
    rb"|\x1b[@-Z\\-_=>78]"
)


def visible(data: bytes) -> str:
    """The printable text of terminal output: escape sequences removed, decoded as UTF-8."""
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")


def bench_env(**extra: str) -> dict[str, str]:
    """A clean environment for a program under test: a 256-colour UTF-8 terminal."""
    keep = ("PATH", "HOME", "USER", "VIRTUAL_ENV", "PYTHONPATH", "TMPDIR")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update({"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    env.update(extra)
    return env


class Timeout(Exception):
    """The awaited text did not appear in time."""


class Terminal:
    """A program running on its own pseudo-terminal, `cols` x `rows` cells."""

    def __init__(self, argv: Sequence[str], cols: int = 100, rows: int = 30,
                 env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: a session of its own with the pty as controlling terminal
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.chdir(cwd)
                os.execve(argv[0], list(argv), env if env is not None else bench_env())
            finally:
                os._exit(127)
        os.close(slave)
        self.pid = pid
        self.fd = master
        self.output = bytearray()
        self.mark = 0  # searches look at the output from here on
        self.last_output = self.started
        self.chunks: list[tuple[float, int]] = []  # (time read, output length after it)
        self.rusage: object = None
        self.status: int | None = None

    def _read(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout` s); False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not chunk:
            return False
        self.output += chunk
        self.last_output = time.perf_counter()
        self.chunks.append((self.last_output, len(self.output)))
        return True

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Seconds since the program started until `text` is on screen (searching from `mark`)."""
        deadline = time.perf_counter() + timeout
        # Keep a tail of the previous output: an escape sequence may be cut between reads.
        while True:
            if text in visible(bytes(self.output[self.mark:])):
                return self.last_output - self.started
            if time.perf_counter() > deadline:
                raise Timeout(f"{text!r} not on screen after {timeout} s; last output: "
                              f"{visible(bytes(self.output[-400:]))!r}")
            if not self._read(deadline - time.perf_counter()):
                raise Timeout(f"{text!r}: the program ended; last output: {visible(bytes(self.output[-400:]))!r}")

    def time_at(self, offset: int) -> float:
        """When the output byte at `offset` was read (seconds since the program started)."""
        for when, end in self.chunks:
            if end > offset:
                return when - self.started
        raise ValueError(f"no output at offset {offset}")

    def find_visible(self, text: str, start: int = 0) -> int:
        """The offset of the chunk end where `text` is first on screen, searching from `start`."""
        for _, end in self.chunks:
            if end > start and text in visible(bytes(self.output[start:end])):
                return end - 1
        return -1

    def settle(self, quiet: float = 0.08, limit: float = 2.0) -> None:
        """Read until the program has written nothing for `quiet` seconds (or `limit` passed)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            idle = time.perf_counter() - self.last_output
            if idle >= quiet:
                return
            if not self._read(quiet - idle):
                return

    def send(self, data: bytes) -> float:
        """Type `data`; later searches only look at output written after this; returns the time sent."""
        self.mark = len(self.output)
        sent = time.perf_counter()
        os.write(self.fd, data)
        return sent

    def answer(self, data: bytes, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Type `data`, wait until the program has written something, then until it is quiet."""
        self.send(data)
        deadline = time.perf_counter() + timeout
        while len(self.output) == self.mark and time.perf_counter() < deadline:
            if not self._read(deadline - time.perf_counter()):
                break
        self.settle(quiet, timeout)

    def press(self, data: bytes, text: str, timeout: float = 10.0) -> float:
        """Seconds from typing `data` until `text` appears on screen."""
        sent = self.send(data)
        self.wait_for(text, timeout)
        return self.last_output - sent

    def close(self, keys: bytes = b"q", timeout: float = 10.0) -> int:
        """Quit with `keys` (then SIGTERM, SIGKILL); reap the child; return its peak RSS in KiB."""
        if self.status is None:
            with contextlib.suppress(OSError):
                os.write(self.fd, keys)
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline and self._read(0.05):
                done, status, usage = os.wait4(self.pid, os.WNOHANG)
                if done:
                    self.status, self.rusage = status, usage
                    break
            if self.status is None:
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    try:
                        os.kill(self.pid, sig)
                    except ProcessLookupError:
                        break
                    time.sleep(0.2)
                    done, status, usage = os.wait4(self.pid, os.WNOHANG)
                    if done:
                        self.status, self.rusage = status, usage
                        break
                else:
                    _, self.status, self.rusage = os.wait4(self.pid, 0)
            while self._read(0):
                pass
            os.close(self.fd)
        return int(getattr(self.rusage, "ru_maxrss", 0))


# --- statistics and tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """A median with its spread, from repeated runs."""

    median: float
    low: float
    high: float
    q1: float
    q3: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stat:
        ordered = sorted(samples)
        if len(ordered) >= 2:
            q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        else:
            q1 = q3 = ordered[0]
        return cls(statistics.median(ordered), ordered[0], ordered[-1], q1, q3, len(ordered))

    def ms(self, digits: int = 0) -> str:
        """``345 (IQR 340-351)`` in milliseconds."""
        return f"{self.median * 1000:.{digits}f} ({self.q1 * 1000:.{digits}f}-{self.q3 * 1000:.{digits}f})"

    def seconds(self, digits: int = 2) -> str:
        return f"{self.median:.{digits}f} ({self.q1:.{digits}f}-{self.q3:.{digits}f})"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    align = ["---"] + ["---:"] * (len(header) - 1)
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|",
            *("| " + " | ".join(row) + " |" for row in rows)]


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def machine() -> str:
    """One line saying where the figures were measured."""
    import platform

    cpus = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.system()} {platform.release()}, {cpus} cores, Python {platform.python_version()}, "
            f"load average {load:.1f} at the start")


def write_section(heading: str, lines: Sequence[str], doc: Path = DOC) -> None:
    """Replace the section `heading` of docs/performance.md (or append it); others untouched."""
    section = "\n".join(lines).rstrip() + "\n"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(heading))
        rest = text[following + 1:] if following >= 0 else ""
        text = text[:start] + section + ("\n" + rest if rest else "")
    doc.write_text(text, encoding="utf-8")


def deck_command() -> str:
    """The `deck` console script next to this Python (how a user starts deck), its bytecode fresh."""
    script = Path(PYTHON).parent / "deck"
    if not script.exists():
        raise SystemExit(f"{script} not found: install deck in this environment (pip install -e .)")
    fresh_bytecode(ROOT)
    return str(script)


def fresh_bytecode(checkout: Path) -> None:
    """Write the bytecode of `checkout`'s deck package now, as an install does.

    With PYTHONDONTWRITEBYTECODE set (or a cache that cannot be written), a module edited since
    its .pyc was written is compiled from source at every start: measured that way, the loader
    alone added 14 ms to the first frame.
    """
    import compileall

    compileall.compile_dir(str(checkout / "deck"), quiet=1)


def generated(slides: int, folder: Path) -> tuple[Path, Path]:
    """The generated deck of `slides` slides and its Markdown twin (made once per folder)."""
    deck = folder / f"deck-{slides}.yaml"
    markdown = folder / f"deck-{slides}.md"
    if not deck.exists() or not markdown.exists():
        subprocess.run([PYTHON, str(BENCH / "gen_deck.py"), str(slides), str(deck), "--markdown", str(markdown)],
                       check=True)
    return deck, markdown


@dataclass(frozen=True)
class Run:
    """One run of a command: wall time from spawn to exit, peak RSS of the child, exit status."""

    seconds: float
    max_rss_kib: int
    status: int


def run_measured(argv: Sequence[str], stdout: str = os.devnull, cwd: Path = ROOT) -> Run:
    """Run `argv` (no terminal; output to `stdout`), timing it and reading its rusage from wait4."""
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    executable = argv[0] if os.sep in argv[0] else _which(argv[0])
    here = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(executable, list(argv), bench_env(), file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
    finally:
        os.chdir(here)
    return Run(seconds, int(usage.ru_maxrss), os.waitstatus_to_exitcode(status))


def _which(name: str) -> str:
    import shutil

    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found on PATH")
    return found


Report = tuple[list[str], list[list[str]]]


def print_report(measure: Callable[[Path], Report]) -> None:
    """Run `measure` in a scratch folder and print its table and its summary (each bench's `main`)."""
    print(machine())
    with tempfile.TemporaryDirectory(prefix="deck-bench-") as folder:
        lines, summary = measure(Path(folder))
    print("\n".join(lines))
    print("\n".join(table(["benchmark", "target", "result", ""], summary)))
