"""Writing exports: atomically, via a temporary file in the target's folder and a rename, so an
existing output is either wholly replaced or left as it was."""

from __future__ import annotations

import contextlib
import os
import stat

from deck.format.errors import DeckIOError


def write_atomic(path: str, document: str | bytes) -> None:
    """Write `document` (text as UTF-8, or bytes) to `path` via a temporary file and a rename;
    never leave it half written.

    A symbolic link is written through (the link stays, the file it points to is replaced);
    anything but a regular file -- a device such as /dev/null, a named pipe -- is refused, as
    the rename would put a plain file in its place.
    """
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
    data = document.encode("utf-8") if isinstance(document, str) else document  # before the temporary exists
    temporary = ""
    import tempfile  # here, not at the top: with shutil and the compressors it takes 4 ms to import

    try:  # one block: a Ctrl-C between creating the temporary and guarding it would leave it behind
        handle, temporary = tempfile.mkstemp(prefix=".deck-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except BaseException as error:
        if temporary:
            _remove_quietly(temporary)
        if isinstance(error, OSError):
            raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None
        raise


def _resolve(path: str) -> str:
    """`path` with symbolic links followed (to where a link points, even if nothing is there yet)."""
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)
    except OSError as error:  # a loop of links
        raise DeckIOError(path, f"cannot write: {error.strerror or error}") from None


def _keep_mode(path: str, temporary: str) -> None:
    """Give the new file the old one's permissions (mkstemp makes it 0600)."""
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
