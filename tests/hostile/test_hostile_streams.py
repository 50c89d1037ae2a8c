"""Output that cannot be written, and signals while an export is written, through the real CLI.

A broken pipe (`deck export big.yaml | head -c1`), a full disk (`> /dev/full`), a closed
stdout (`>&-`) and an ASCII-only stdout (`PYTHONIOENCODING=ascii`) each end in at most one line
on stderr and a stated exit status, never a traceback; SIGTERM and SIGHUP while an export writes
its temporary leave no `.deck-*.tmp` and the old file whole. Every run has a generous timeout
that only catches hangs, and runs under the 400 MB limit of limited.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest
from hostile_support import LIMITED, MAX_RSS_KB, PRECIOUS, TIMEOUT, deck_environment, run_deck


def _start(args: list[str], report: Path, stdout: int | IO[bytes] = subprocess.PIPE,
           env: dict[str, str] | None = None, shell_prefix: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*shell_prefix, sys.executable, str(LIMITED), str(report), *args],
                            stdout=stdout, stderr=subprocess.PIPE, env=deck_environment(env))


def _peak_kb(report: Path) -> int:
    return int(json.loads(report.read_text())["max_rss_kb"])


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "markdown"], ["check"], ["schema"]])
def test_a_reader_that_stops_early_gets_no_traceback(command: list[str], big_deck: Path, tmp_path: Path) -> None:
    # `deck export big.yaml | head -c1`, the reader gone before deck writes (a pipe takes a
    # megabyte here, so a reader that read one byte first would let a smaller export through)
    report = tmp_path / "report.json"
    args = [*command, str(big_deck)] if command != ["schema"] else command
    process = _start(args, report)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=TIMEOUT * 3) == 141  # 128 + SIGPIPE, what a shell reports for it
    assert stderr == b"", stderr
    assert 0 < _peak_kb(report) < MAX_RSS_KB


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "markdown"], ["check"], ["schema"]])
def test_a_full_disk_is_one_line(command: list[str], big_deck: Path, tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    report = tmp_path / "report.json"
    args = [*command, str(big_deck)] if command != ["schema"] else command
    with open("/dev/full", "wb") as full:
        process = _start(args, report, stdout=full)
        _, stderr = process.communicate(timeout=TIMEOUT * 3)
    assert process.returncode == 1, stderr
    assert stderr == b"deck: cannot write to standard output: No space left on device\n"
    assert 0 < _peak_kb(report) < MAX_RSS_KB


@pytest.mark.parametrize("command", [["export"], ["check"], ["--help"]])
def test_a_closed_stdout_is_one_line(command: list[str], big_deck: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    args = [*command, str(big_deck)] if command != ["--help"] else command
    # `deck export big.yaml >&-`: file descriptor 1 closed before Python starts
    process = _start(args, report, stdout=subprocess.DEVNULL,
                     shell_prefix=("sh", "-c", 'exec "$@" >&-', "sh"))
    _, stderr = process.communicate(timeout=TIMEOUT * 3)
    assert process.returncode == 1, stderr
    assert stderr == b"deck: cannot write to standard output: it is closed\n"


def test_an_ascii_stdout_gets_the_export_as_utf8(big_deck: Path, tmp_path: Path) -> None:
    # PYTHONIOENCODING=ascii: stdout carries the same UTF-8 bytes as the file -o writes
    out = tmp_path / "slides.txt"
    assert run_deck("export", big_deck, "-o", out).status == 0
    run = subprocess.run([sys.executable, "-m", "deck", "export", str(big_deck)], capture_output=True,
                         timeout=TIMEOUT * 3, env=deck_environment({"PYTHONIOENCODING": "ascii"}), check=False)
    assert (run.returncode, run.stderr) == (0, b"")
    assert run.stdout == out.read_bytes()
    assert "累计亏损".encode() in run.stdout


def test_an_ascii_stderr_gets_escaped_messages(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("title: x\n标题: 1\nslides:\n  - title: y\n", encoding="utf-8")
    run = run_deck("check", path, env={"PYTHONIOENCODING": "ascii"})
    assert run.status == 2
    assert run.stderr == f"{path}:2:1: unknown key '\\u6807\\u9898' in the deck\n"


def _temporaries(folder: Path) -> list[str]:
    return [entry.name for entry in os.scandir(folder) if entry.name.startswith(".deck-")]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_writing_leaves_no_temporary(name: str, big_deck: Path, tmp_path: Path) -> None:
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    number = getattr(signal, name)
    out = tmp_path / "slides.txt"
    caught = 0
    for _ in range(10):  # the temporary lives for tens of milliseconds: catch it at least once
        out.write_bytes(PRECIOUS)
        process = _start(["export", str(big_deck), "-o", str(out), "--width", "300"], tmp_path / "report.json")
        deadline = time.monotonic() + TIMEOUT * 3
        sent = False
        while process.poll() is None and time.monotonic() < deadline:
            if _temporaries(tmp_path):
                process.send_signal(number)
                sent = True
                break
            time.sleep(0.0005)
        _, stderr = process.communicate(timeout=TIMEOUT * 3)
        assert _temporaries(tmp_path) == []
        if process.returncode == 0:  # the signal came after the rename: the new export is whole
            assert out.read_bytes().startswith(b"big\n")
            continue
        assert process.returncode == 128 + number, stderr
        assert stderr == b"deck: terminated\n"
        assert out.read_bytes() == PRECIOUS
        caught += sent
        if caught:
            break
    assert caught, f"never sent {name} while the temporary existed"


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_rendering_keeps_the_old_export(name: str, big_deck: Path, tmp_path: Path) -> None:
    # before the temporary exists the signal ends deck as usual: nothing to clean up
    number = getattr(signal, name, None)
    if number is None:
        pytest.skip(f"no {name} here")
    out = tmp_path / "slides.txt"
    out.write_bytes(PRECIOUS)
    process = _start(["export", str(big_deck), "-o", str(out), "--width", "300"], tmp_path / "report.json")
    time.sleep(0.3)
    process.send_signal(number)
    process.communicate(timeout=TIMEOUT * 3)
    assert _temporaries(tmp_path) == []
    assert process.returncode in (0, -number, 128 + number)
    if process.returncode != 0:
        assert out.read_bytes() == PRECIOUS
