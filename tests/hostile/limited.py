"""Run `deck ARGS...` under a 400 MB address-space limit and report what it cost.

Usage: ``python limited.py REPORT ARGS...``. The child is the real command line (`python -m
deck`), run in this process after `setrlimit`, so a runaway allocation fails with MemoryError
(a traceback the tests would see) instead of swapping the machine. On exit, however it exits,
it writes ``{"seconds": ..., "max_rss_kb": ...}`` to REPORT (never to stdout or stderr, which
the tests compare byte for byte).

With ``DECK_LIMIT_FILE_BYTES=N`` in the environment, files cannot grow past N bytes (RLIMIT_FSIZE,
with SIGXFSZ ignored so that the write fails with EFBIG): a disk that fills up mid-write.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import signal
import sys
import time

LIMIT_BYTES = 400 * 1024 * 1024


def main() -> None:
    """Limit memory, run deck as `python -m deck` would, and report time and peak memory."""
    report, *args = sys.argv[1:]
    if os.environ.get("DECK_LIMIT_ADDRESS_SPACE") != "0":  # "0": measure a known hog without killing it
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    if "DECK_LIMIT_FILE_BYTES" in os.environ:
        size = int(os.environ["DECK_LIMIT_FILE_BYTES"])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    sys.argv = ["deck", *args]
    start = time.perf_counter()
    try:
        runpy.run_module("deck", run_name="__main__", alter_sys=True)
    finally:
        with open(report, "w", encoding="utf-8") as out:
            json.dump({"seconds": time.perf_counter() - start, "max_rss_kb": peak_rss_kb()}, out)


def peak_rss_kb() -> int:
    """This program's peak resident memory in KB.

    Linux's VmHWM belongs to the address space made by exec; `ru_maxrss` would also count the
    parent's memory at fork time (pytest's, about 100 MB), which Linux carries across exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
