"""Writing exports: atomically, via a temporary file in the target's folder and a rename, so an
existing output is either wholly replaced or left as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import IO

from deck.format.errors import DeckIOError, Terminated

# Signals that end a command politely: while a temporary exists they raise `Terminated`, so the
# temporary is removed (SIGINT already raises KeyboardInterrupt).
COPY_CHUNK = 1 << 20  # bytes per read when a part is a file
_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def write_atomic(path: str, document: str | bytes) -> None:
    """Write `document` (text as UTF-8, or bytes) to `path` via a temporary file and a rename;
    never leave it half written.

    A symbolic link is written through (the link stays, the file it points to is replaced);
    anything but a regular file -- a device such as /dev/null, a named pipe -- is refused, as
    the rename would put a plain file in its place.
    """
    data = document.encode("utf-8") if isinstance(document, str) else document  # before the temporary exists
    write_atomic_parts(path, [data])


def write_atomic_parts(path: str, parts: Sequence[bytes | IO[bytes]]) -> None:
    """`write_atomic` of the parts one after the other: bytes, or binary files read from where they
    stand (a document too big to hold twice in memory, such as a long deck's HTML page)."""
    target = _resolve(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise DeckIOError(path, "is a directory; give a file name to write to")
    if not os.path.isdir(folder):
        raise DeckIOError(path, f"cannot write: folder {folder} does not exist")
    if os.path.lexists(target):
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            raise DeckIOError(path, "cannot write: not a regular file (leave out -o to write to standard output)")
        if not mode & 0o222:
            raise DeckIOError(path, "cannot write: the file is read-only")
    created: list[str] = []  # the temporary's name, known before the file exists
    try:  # one block: a Ctrl-C between creating the temporary and guarding it would leave it behind
        with _signals_raise():
            handle = _create_temporary(folder, created)
            temporary = created[0]
            with os.fdopen(handle, "wb") as out:
                for part in parts:
                    if isinstance(part, bytes):
                        out.write(part)
                    else:
                        shutil.copyfileobj(part, out, COPY_CHUNK)
                out.flush()
                os.fsync(out.fileno())
            _keep_mode(target, temporary)
            os.replace(temporary, target)
    except BaseException as error:
        for name in created:
            _remove_quietly(name)
        if isinstance(error, OSError):
            raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None
        raise


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise `Terminated` instead of killing the process
    where it stands (which would leave the temporary behind). Only the main thread can do this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    previous = [(number, signal.signal(number, stop)) for number in _ENDING_SIGNALS]
    try:
        yield
    finally:
        for number, handler in previous:
            signal.signal(number, handler)


def _create_temporary(folder: str, created: list[str]) -> int:
    """Create a new `.deck-*.tmp` in `folder` (mode 0600) and return it open for writing; its
    name is put in `created` before the file exists.

    With `tempfile.mkstemp` an interrupt arriving the moment the file was created (inside
    mkstemp, before it returned) left the temporary behind: the caller did not know its name.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        created.append(os.path.join(folder, f".deck-{os.urandom(6).hex()}.tmp"))
        try:
            return os.open(created[-1], flags, 0o600)
        except FileExistsError:  # someone else's file: not ours to remove
            created.pop()
    raise FileExistsError(17, "no free temporary file name")


def _resolve(path: str) -> str:
    """`path` with symbolic links followed (to where a link points, even if nothing is there yet)."""
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)
    except OSError as error:  # a loop of links
        raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None


def _keep_mode(path: str, temporary: str) -> None:
    """Give the new file the old one's permissions (the temporary is made 0600)."""
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
