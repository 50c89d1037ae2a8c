"""Exports survive interruptions: Ctrl-C and a full disk leave the old file whole and no temporary.

A real `deck export` subprocess of a large generated deck is sent SIGINT while it renders and
again the moment its temporary file appears (while it writes); and a real subprocess whose
files may not grow past 64 KB (RLIMIT_FSIZE: a disk filling up mid-write) is made to fail
half-way through writing. (tests/test_export.py simulates the same failures in-process.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import PRECIOUS, ROOT, assert_refused, folder_snapshot, run_deck


def _start_export(deck: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "deck", "export", str(deck), "-o", str(out), "--width", "300"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _temporaries(folder: Path) -> list[str]:
    return [entry.name for entry in os.scandir(folder) if entry.name.startswith(".deck-")]


def _interrupt_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Send SIGINT as soon as `ready()` is true; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            process.send_signal(signal.SIGINT)
            return True
        time.sleep(0.0005)
    return False


def _assert_interrupted_cleanly(process: subprocess.Popen[bytes], folder: Path, out: Path) -> None:
    _, stderr = process.communicate(timeout=20)
    assert _temporaries(folder) == []
    if process.returncode == 0:  # the signal came after the rename: the new export is whole
        assert out.read_bytes().startswith(b"big\n") and out.read_bytes().endswith(b"\n")
        return
    assert process.returncode == 130, stderr
    assert stderr == b"deck: interrupted\n"
    assert out.read_bytes() == PRECIOUS


def test_ctrl_c_while_rendering_keeps_the_old_export(big_deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "slides.txt"
    out.write_bytes(PRECIOUS)
    process = _start_export(big_deck, out)
    started = time.monotonic()
    assert _interrupt_when(process, lambda: time.monotonic() - started > 0.6)
    _assert_interrupted_cleanly(process, tmp_path, out)
    assert process.returncode == 130


def test_ctrl_c_while_writing_leaves_no_temporary(big_deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "slides.txt"
    interrupted_while_writing = 0
    for _ in range(5):  # the temporary lives for tens of milliseconds: catch it at least once
        out.write_bytes(PRECIOUS)
        process = _start_export(big_deck, out)
        caught = _interrupt_when(process, lambda: bool(_temporaries(tmp_path)))
        _assert_interrupted_cleanly(process, tmp_path, out)
        if caught and process.returncode == 130:
            interrupted_while_writing += 1
            break
    assert interrupted_while_writing, "never interrupted an export while its temporary file existed"


def test_a_disk_filling_up_mid_write_keeps_the_old_export(big_deck: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "slides.txt"
    out.write_bytes(PRECIOUS)
    before = folder_snapshot(tmp_path)
    monkeypatch.setenv("DECK_LIMIT_FILE_BYTES", str(64 * 1024))
    run = run_deck("export", big_deck, "-o", out, label="disk full mid-write", timeout=30)
    assert_refused(run, out, status=1, message="^cannot write: File too large$")
    assert folder_snapshot(tmp_path) == before
    assert _temporaries(tmp_path) == []


def test_the_big_deck_exports_whole_when_left_alone(big_deck: Path, tmp_path: Path) -> None:
    # the control: uninterrupted, the same command replaces the old export completely
    out = tmp_path / "slides.txt"
    out.write_bytes(PRECIOUS)
    process = _start_export(big_deck, out)
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (0, b"")
    document = out.read_text(encoding="utf-8")
    assert document.startswith("big\n") and document.count("slide 299") == 1
    assert _temporaries(tmp_path) == []
