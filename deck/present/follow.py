"""Follow mode's protocol and transport, without Textual: messages, sockets, the peer check.

One talk is shared by its leader (`deck present --share`) with any number of followers
(`deck follow`). The leader sends its *state* (slide, reveal step, language, timers, which
version of the deck file) whenever it changes, never keys, so every key that moves the leader
(today's and those added later) is followed without a change here.

Messages are newline-delimited JSON objects with a version field ``"v"`` and a ``"type"``; each
line is at most `MAX_LINE` bytes, every field is checked for type and range, unknown fields are
ignored (so a newer peer may add some) and a message of an unknown type is skipped.

Transport: a Unix domain socket per talk, named from the deck file's real path, in a private
directory (``$XDG_RUNTIME_DIR/deck`` or ``<tmp>/deck-<uid>``, mode 0700, owned by the user), the
socket itself 0600, and the peer's uid (SO_PEERCRED) compared with ours on both ends. TCP only
when asked (`--listen`), only on a loopback address, and then a random token is required.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import json
import math
import os
import secrets
import socket
import stat
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deck.format.errors import UsageError

VERSION = 1
MAX_LINE = 16 * 1024  # bytes of one message, newline included: a state is about 250
MAX_ID = 200  # characters of a slide id, a language code, a token
MAX_PATH = 4096
MAX_INDEX = 1_000_000
MAX_COUNT = 2**53  # request numbers
MAX_SECONDS = 1e7  # timers: about 115 days
SOCKET_PREFIX = "talk-"
SOCKET_SUFFIX = ".sock"


class ProtocolError(ValueError):
    """A message that is not valid JSON of this protocol; the connection that sent it is dropped."""


# --- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimerState:
    """The talk's clock, independent of any view: seconds elapsed, running, paused or waiting,
    planned length."""

    elapsed: float
    running: bool = True
    duration: float | None = None
    waiting: bool = False  # not started yet: `deck present --timer-on-key` before the first key


@dataclass(frozen=True)
class State:
    """Where the talk is: sent by the leader ("state") and by a driving follower ("go")."""

    index: int
    slide_id: str | None
    step: int
    lang: str
    timer: TimerState
    digest: str = ""  # sha256 of the deck file the sender shows ("" when unknown)
    ack: int = 0  # in the leader's answer to a follower's request: that request's `Go.ref`


@dataclass(frozen=True)
class Go:
    """A driving follower's request: move the talk to `state` (the leader decides, then tells all)."""

    state: State
    ref: int = 0  # numbers the follower's requests; the leader's answer carries it as `State.ack`


@dataclass(frozen=True)
class Hello:
    """A follower's first message: whether it wants to drive, the TCP token, its deck's digest."""

    drive: bool = False
    token: str | None = None
    digest: str = ""


@dataclass(frozen=True)
class Welcome:
    """The leader's answer to a hello: the deck it presents and whether the follower may drive."""

    path: str
    digest: str
    drive: bool


@dataclass(frozen=True)
class Refused:
    """The leader will not serve this follower (bad token, too many followers, bad message)."""

    message: str


@dataclass(frozen=True)
class Bye:
    """The leader is quitting (it may come back: followers keep trying)."""


Message = State | Go | Hello | Welcome | Refused | Bye


def encode(message: Message) -> bytes:
    """One line of JSON for `message`, newline included."""
    data: dict[str, Any]
    if isinstance(message, Go):
        data = {**_state_fields(message.state), "type": "go", "ref": message.ref}
    elif isinstance(message, State):
        data = _state_fields(message)
    elif isinstance(message, Hello):
        data = {"type": "hello", "drive": message.drive, "digest": message.digest}
        if message.token is not None:
            data["token"] = message.token
    elif isinstance(message, Welcome):
        data = {"type": "welcome", "path": message.path, "digest": message.digest, "drive": message.drive}
    elif isinstance(message, Refused):
        data = {"type": "error", "message": message.message[:MAX_ID]}
    else:
        data = {"type": "bye"}
    line = json.dumps({"v": VERSION, **data}, separators=(",", ":"), ensure_ascii=True) + "\n"
    return line.encode("ascii")


def _state_fields(state: State) -> dict[str, Any]:
    timer = state.timer
    return {"type": "state", "index": state.index, "id": state.slide_id, "step": state.step,
            "lang": state.lang, "digest": state.digest, "ack": state.ack,
            "timer": {"elapsed": round(timer.elapsed, 3), "running": timer.running,
                      "duration": timer.duration, "waiting": timer.waiting}}


def decode(line: bytes) -> Message | None:
    """The message on `line`, None for a message type this version does not know.

    Raises `ProtocolError` for anything else: too long, not JSON (NaN and Infinity included),
    nesting too deep, another protocol version, a field of the wrong type or out of range.
    """
    if len(line) > MAX_LINE:
        raise ProtocolError(f"message longer than {MAX_LINE} bytes")
    try:
        data = json.loads(line, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"not JSON: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise ProtocolError("a message must be a JSON object")
    version = data.get("v")
    if type(version) is not int or version != VERSION:
        raise ProtocolError(f"protocol version {_show(version)}: this deck speaks version {VERSION}")
    kind = data.get("type")
    if kind == "state":
        return _state(data)
    if kind == "go":
        return Go(_state(data), _int(data, "ref", MAX_COUNT))
    if kind == "hello":
        return Hello(_bool(data, "drive"), _text(data, "token", MAX_ID, optional=True), _digest(data))
    if kind == "welcome":
        return Welcome(_text(data, "path", MAX_PATH) or "", _digest(data), _bool(data, "drive"))
    if kind == "error":
        return Refused(_text(data, "message", MAX_ID) or "")
    if kind == "bye":
        return Bye()
    if not isinstance(kind, str):
        raise ProtocolError("a message needs a \"type\"")
    return None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def _show(value: object) -> str:
    return repr(value)[:40]


def _state(data: dict[str, Any]) -> State:
    timer = data.get("timer")
    if not isinstance(timer, dict):
        raise ProtocolError("\"timer\" must be an object")
    duration = timer.get("duration")
    return State(index=_int(data, "index", MAX_INDEX), slide_id=_text(data, "id", MAX_ID, optional=True),
                 step=_int(data, "step", MAX_INDEX), lang=_text(data, "lang", MAX_ID) or "",
                 timer=TimerState(_seconds(timer, "elapsed"), _bool(timer, "running", True),
                                  None if duration is None else _seconds(timer, "duration"),
                                  _bool(timer, "waiting")),
                 digest=_digest(data), ack=_int({"ack": data.get("ack", 0)}, "ack", MAX_COUNT))


def _int(data: dict[str, Any], key: str, high: int) -> int:
    value = data.get(key)
    if type(value) is not int or not 0 <= value <= high:
        raise ProtocolError(f"\"{key}\" must be a whole number from 0 to {high}")
    return value


def _seconds(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) \
            or not 0 <= value <= MAX_SECONDS:
        raise ProtocolError(f"\"{key}\" must be a number of seconds from 0 to {MAX_SECONDS:.0f}")
    return float(value)


def _bool(data: dict[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if type(value) is not bool:
        raise ProtocolError(f"\"{key}\" must be true or false")
    return value


def _text(data: dict[str, Any], key: str, limit: int, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        raise ProtocolError(f"\"{key}\" must be printable text of at most {limit} characters")
    return value


def _digest(data: dict[str, Any]) -> str:
    value = data.get("digest", "")
    if not isinstance(value, str) or len(value) > 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise ProtocolError("\"digest\" must be a sha256 in hexadecimal")
    return value


# --- the deck file --------------------------------------------------------------------------


def file_digest(path: str) -> str:
    """The sha256 of the deck file (what "the same version of the deck" means); "" if unreadable."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return ""


def token() -> str:
    """A fresh random token for `--listen` (128 bits)."""
    return secrets.token_urlsafe(16)


def token_matches(given: str | None, expected: str | None) -> bool:
    """Whether a follower's token is the leader's (always true without TCP: no token is asked)."""
    if expected is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


# --- where the socket lives -----------------------------------------------------------------


def runtime_dir(environ: dict[str, str] | None = None) -> Path:
    """The private directory of the talks' sockets, created 0700 if missing.

    ``$XDG_RUNTIME_DIR/deck`` when that is set (it is per user and private), else
    ``<tmp>/deck-<uid>``. Raises `UsageError` when the directory is not ours or not private.
    """
    env = os.environ if environ is None else environ
    base = env.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isabs(base) and os.path.isdir(base):
        folder = Path(base) / "deck"
    else:
        folder = Path(tempfile.gettempdir()) / f"deck-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    check_private_dir(folder)
    return folder


def check_private_dir(folder: Path) -> None:
    """Raise `UsageError` unless `folder` is a real directory of ours that no one else can enter."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UsageError(f"{folder}: not a directory of this user; remove it or set XDG_RUNTIME_DIR")
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)  # ours, but too open (made by hand?): close it


def socket_path(deck_path: str, folder: Path | None = None) -> Path:
    """The socket of the talk presenting `deck_path` (one per deck file)."""
    real = os.path.realpath(deck_path)
    name = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return (folder if folder is not None else runtime_dir()) / f"{SOCKET_PREFIX}{name}{SOCKET_SUFFIX}"


def talk_sockets(folder: Path | None = None) -> list[Path]:
    """Every talk socket in the runtime directory (some may be left over by a crash)."""
    where = folder if folder is not None else runtime_dir()
    return sorted(path for path in where.glob(f"{SOCKET_PREFIX}*{SOCKET_SUFFIX}") if path.is_socket())


# --- the peer check -------------------------------------------------------------------------


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end of a Unix socket (SO_PEERCRED, from the kernel)."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def peer_allowed(sock: socket.socket, uid: int) -> bool:
    """Whether the peer on `sock` may join: on a Unix socket its uid must be `uid` (ours).

    A TCP peer has no uid: it is checked by its token instead.
    """
    if sock.family != socket.AF_UNIX:
        return True
    try:
        return peer_uid(sock) == uid
    except OSError:
        return False


# --- binding and connecting -----------------------------------------------------------------


def bind_unix(path: Path) -> socket.socket:
    """A listening socket at `path`, mode 0600; a socket left by a crashed leader is replaced.

    Raises `UsageError` when a leader is already presenting this deck.
    """
    if path.exists() or path.is_symlink():
        if not path.is_socket():
            raise UsageError(f"{path}: exists and is not a socket; remove it")
        if probe(path):
            raise UsageError(f"this deck is already shared by another `deck present` ({path}); "
                             "follow it with `deck follow`")
        path.unlink()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket is created 0600: there is no moment it is open to others
    try:
        server.bind(str(path))
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    server.listen(64)
    server.setblocking(False)
    return server


def probe(path: Path) -> bool:
    """Whether a leader answers on the socket `path`."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


def parse_address(value: str) -> tuple[str, int]:
    """``127.0.0.1:7000`` or ``[::1]:7000`` -> (host, port); only loopback addresses.

    TCP is for a follower in a container or behind ``ssh -L``: the token travels in clear, so
    the leader never listens beyond this machine.
    """
    host, _, port_text = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise UsageError(f"{value}: expected HOST:PORT, e.g. 127.0.0.1:7000")
    if host == "localhost":
        host = "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise UsageError(f"{value}: only a loopback address (127.0.0.1, ::1) is allowed; "
                         "from another machine, forward a port with ssh -L")
    return host, int(port_text)


def bind_tcp(host: str, port: int) -> socket.socket:
    """A listening TCP socket on a loopback `host`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = socket.socket(family, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind((host, port))
    except OSError as error:
        server.close()
        raise UsageError(f"--listen {host}:{port}: {error.strerror or error}") from None
    server.listen(64)
    server.setblocking(False)
    return server
