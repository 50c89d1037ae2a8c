"""`deck serve`: the real presenter in a browser, through textual-serve (the extra `deck[web]`).

textual-serve runs a web server whose page holds a terminal emulator; each browser that opens it
gets its own `deck present` process under Textual's web driver, so the browser shows exactly
what the terminal shows, keys and all. deck binds it to 127.0.0.1 unless told otherwise (a
talk's notes are in it), and serves textual-serve's page without the one thing it fetches from
elsewhere (a web font from Google): the page needs nothing but this server.

With `follow` (`deck serve --follow`) each tab runs `deck follow FILE --view slide` instead: a
browser joins the talk that `deck present FILE --share` leads on this machine, as an audience
screen that keeps up with the speaker's keys (its own keys do not move the talk). Follow mode
(`deck.present.follower`) does the rest: the socket, the peer check, waiting for a leader that
has gone away.

Bounds: one `deck present` (or `deck follow`) process per open browser tab, ended when the tab closes.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import socket
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from deck.format.errors import UsageError

DEFAULT_PORT = 8000
_REMOTE_FONT = re.compile(r"<link\b[^>]*fonts\.googleapis\.com[^>]*>", re.S)


def command(path: str, lang: str, theme: str | None, follow: bool = False) -> str:
    """The shell command each browser's presenter runs (textual-serve starts it with a shell);
    with `follow`, a follower of the talk shared for `path` (it shows the leader's language)."""
    if follow:
        parts = [sys.executable, "-m", "deck", "follow", str(Path(path).resolve()), "--view", "slide"]
    else:
        parts = [sys.executable, "-m", "deck", "present", str(Path(path).resolve()), "--lang", lang]
    if theme:
        parts += ["--theme", theme]
    return " ".join(shlex.quote(part) for part in parts)


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address a browser uses: a wildcard bind is reached through this machine's name."""
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def check_port(host: str, port: int) -> None:
    """Raise UsageError, one line, when `port` on `host` cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"--port {port}: cannot listen on {host}: {error.strerror or error}") from None


def serve(path: str, title: str, lang: str, theme: str | None, host: str, port: int, out: TextIO,
          err: TextIO, follow: bool = False) -> int:
    """Serve the deck at `path` (with `follow`, a follower of its shared talk) until Ctrl+C;
    print where, and warn when it is not loopback only."""
    try:
        import textual_serve
        from textual_serve.server import Server
    except ModuleNotFoundError as missing:
        raise UsageError(f"deck serve needs textual-serve ({missing.name} is missing): "
                         "pip install 'deck[web]'") from None
    check_port(host, port)
    url = public_url(host, port)
    if not is_loopback(host):
        print(f"deck: warning: serving on {host}: anyone who can reach this machine on port {port} "
              "can open the talk, notes included", file=err)
    with tempfile.TemporaryDirectory(prefix="deck-serve-") as folder:
        page = Path(textual_serve.__file__).with_name("templates") / "app_index.html"
        (Path(folder) / "app_index.html").write_text(_REMOTE_FONT.sub("", page.read_text(encoding="utf-8")),
                                                     encoding="utf-8")
        server = Server(command(path, lang, theme, follow), host=host, port=port, title=title, public_url=url,
                        templates_path=folder)
        what = f"a follower of the talk sharing {path}" if follow else path
        print(f"deck: serving {what} at {url} (port {port}); Ctrl+C stops", file=out, flush=True)
        server.serve()
    return 0
