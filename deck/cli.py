"""The `deck` command: argument parsing and wiring only; each command imports what it needs.

`main(argv, stdout, stderr) -> int` never raises for bad input: a `DeckError` becomes one line
``FILE:LINE:COL: message`` on stderr and exit status 2 (1 for I/O). Textual is imported only by
`present`, so `check`, `export` and `schema` start fast.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TextIO, cast

from deck import __version__
from deck.format.errors import DeckError, Terminated, UsageError, printable

if TYPE_CHECKING:
    from pathlib import Path

    from deck.draw.render import RenderOptions
    from deck.export.grid import Palette
    from deck.format.loader import Preview
    from deck.format.model import Deck
    from deck.present.early_paint import EarlyKeys

COMMANDS = ("present", "follow", "check", "export", "serve", "schema")
IMAGE_MODES = ("auto", "blocks", "ascii")  # deck present --images


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line `argv` (default: `sys.argv[1:]`); return the exit status."""
    out = _Output(stdout if stdout is not None else sys.stdout)
    err = _Messages(stderr if stderr is not None else sys.stderr)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            options = parse_args(args, out.stream(), err.stream())
        except _ParserExit as stop:
            return stop.status
        return _run(options, out, err)
    except OutputError as error:
        out.silence()
        if not error.broken_pipe:  # a reader that stopped reading (`| head`) wants no message
            print(f"deck: cannot write to standard output: {error}", file=err.stream())
        return 141 if error.broken_pipe else 1


def _run(options: argparse.Namespace, out: _Output, err: _Messages) -> int:
    try:
        status: int = options.run(options, out.stream(), err.stream())
        out.flush()
    except DeckError as error:
        print(str(error), file=err.stream())
        return error.exit_status
    except UsageError as error:
        print(f"deck: {printable(str(error))}", file=err.stream())
        return 2
    except KeyboardInterrupt:
        print("deck: interrupted", file=err.stream())
        return 130
    except Terminated as stop:
        print("deck: terminated", file=err.stream())
        return 128 + stop.signum
    return status


# --- standard output and error: failures end in one line, never in a traceback ---------------
#
# stdout carries data (an export, the schema, check's summaries): it is written as UTF-8 whatever
# the stream's encoding (PYTHONIOENCODING=ascii, LANG=C), as an export written with -o is.
# stderr carries messages: what its encoding cannot show is escaped (\u4e2d). A broken pipe
# (`deck export ... | head -c1`) ends the command quietly with status 141 (128 + SIGPIPE, as if
# the signal had ended it); any other failure to write stdout (a full disk, a closed stream)
# with one line on stderr and status 1. A failure to write stderr is ignored: nowhere is left
# to say it.


class OutputError(Exception):
    """Standard output cannot be written."""

    def __init__(self, reason: str, broken_pipe: bool = False) -> None:
        super().__init__(reason)
        self.broken_pipe = broken_pipe


class _Output:
    """Standard output, whose write failures become `OutputError` and whose text is UTF-8."""

    def __init__(self, target: TextIO | None) -> None:
        self.target = target  # None: Python found file descriptor 1 closed at start-up

    def stream(self) -> TextIO:
        """This object as the `TextIO` the commands write to."""
        return cast(TextIO, self)

    def write(self, text: str) -> int:
        """Write `text`; UTF-8 bytes when the stream would encode it otherwise."""
        target = self._target()
        try:
            buffer = getattr(target, "buffer", None)
            encoding = getattr(target, "encoding", None) or "utf-8"
            if buffer is None or codecs.lookup(encoding).name == "utf-8":
                return target.write(text)
            target.flush()
            buffer.write(text.encode("utf-8"))
            return len(text)
        except OSError as error:
            raise _output_error(error) from None
        except ValueError:  # "I/O operation on closed file"
            raise OutputError("it is closed") from None

    def flush(self) -> None:
        """Flush, turning a failure (a full disk shows only now) into `OutputError`."""
        target = self._target()
        try:
            target.flush()
        except OSError as error:
            raise _output_error(error) from None
        except ValueError:
            raise OutputError("it is closed") from None

    def _target(self) -> TextIO:
        if self.target is None:
            raise OutputError("it is closed")
        return self.target

    def silence(self) -> None:
        """After a failure: point file descriptor 1 at /dev/null, so that the interpreter's
        last flush of what is still buffered cannot fail again (and print a traceback)."""
        if self.target is not sys.stdout or self.target is None:
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.target.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


class _Messages:
    """Standard error: what its encoding cannot show is escaped; failures are ignored."""

    def __init__(self, target: TextIO | None) -> None:
        self.target = target

    def stream(self) -> TextIO:
        """This object as the `TextIO` the commands write to."""
        return cast(TextIO, self)

    def write(self, text: str) -> int:
        """Write `text`, escaping what the stream cannot encode; drop it if writing fails."""
        if self.target is None:
            return len(text)
        try:
            try:
                return self.target.write(text)
            except UnicodeEncodeError:
                encoding = getattr(self.target, "encoding", None) or "ascii"
                return self.target.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except (OSError, ValueError, UnicodeError):
            return len(text)

    def flush(self) -> None:
        """Flush, ignoring failures."""
        try:
            if self.target is not None:
                self.target.flush()
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


def _output_error(error: OSError) -> OutputError:
    broken = isinstance(error, BrokenPipeError)
    return OutputError(error.strerror or str(error), broken_pipe=broken)


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width: left to find it, argparse imports
    shutil (and with it bz2, lzma and zlib) for every parser, 2 ms of `deck present`'s first frame."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it: $COLUMNS, stdout's terminal, 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports through our streams and returns instead of exiting."""

    out: TextIO = sys.stdout
    err: TextIO = sys.stderr

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            (self.err if file is sys.stderr else self.out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            self.err.write(message)
        raise _ParserExit(status)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def parse_args(args: list[str], out: TextIO, err: TextIO) -> argparse.Namespace:
    """Parse `args`; `deck FILE` is short for `deck present FILE`."""
    _Parser.out, _Parser.err = out, err
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args = ["present", *args]
    plain = _plain_present(args)
    if plain is not None:
        return plain
    # Only the sub-command that runs is built: the others' 30 options cost `deck present` 3-5 ms
    # before its first frame (argparse makes a help formatter and a translation lookup per
    # option). `deck --help` and `--version` build them all.
    return build_parser(args[0] if args[0] in COMMANDS else None).parse_args(_join_negative_durations(args))


def _plain_present(args: list[str]) -> argparse.Namespace | None:
    """`deck present ...` read without building its parser, or None: then argparse reads it.

    Only the plain forms: at most one FILE (not starting with `-`), options spelled out in full
    (`--start 3`, `--start=3`), values that convert; anything else (help, an abbreviation, a
    mistake) is argparse's, which explains it. Building the parser took 2 ms of the first frame;
    tests/test_cli.py checks that both read every argument list this accepts alike.
    """
    if args[:1] != ["present"]:
        return None
    values: dict[str, Any] = {"file": None, "lang": None, "theme": None, "start": 1, "duration": None,
                              "timer_on_key": False, "share": False, "listen": None, "images": "auto"}
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        name, equals, value = arg.partition("=")
        if not arg.startswith("-"):
            if values["file"] is not None:
                return None
            values["file"] = arg
        elif name in ("--timer-on-key", "--share") and not equals:
            values[name[2:].replace("-", "_")] = True
        elif name in _PRESENT_VALUES and (equals or (rest and not rest[0].startswith("-"))):
            try:
                values[name[2:]] = _PRESENT_VALUES[name](value if equals else rest.pop(0))
            except argparse.ArgumentTypeError:
                return None
        else:
            return None
    return argparse.Namespace(command="present", **values, run=run_present)


def _image_mode(value: str) -> str:
    if value not in IMAGE_MODES:
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r}")
    return value


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, one sub-command per job (with `only`, that sub-command alone)."""
    parser = _Parser(prog="deck", description="Present a YAML slide deck in the terminal, or export it.")
    parser.add_argument("--version", action="version", version=f"deck {__version__}")
    # The metavar lists every command in usage lines also when only one is built.
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                     metavar="{" + ",".join(COMMANDS) + "}")
    for name, add in _COMMAND_PARSERS.items():
        if only is None or name == only:
            add(commands)
    return parser


def _add_present(commands: argparse._SubParsersAction[_Parser]) -> None:
    present = commands.add_parser("present", help="present a deck full-screen (the default)")
    present.add_argument("file", nargs="?", help="the deck (default: ./slides.yaml, else the bundled deck)")
    present.add_argument("--lang", help="language of a bilingual deck (default: its first)")
    present.add_argument("--theme", help="colour theme (t cycles themes while presenting)")
    present.add_argument("--start", type=_positive_int, default=1, metavar="N", help="open at slide N")
    present.add_argument("--duration", type=parse_duration, metavar="TIME",
                         help="talk length, e.g. 20m, 1h30m or 90s (1s to 24h): the footer counts down")
    present.add_argument("--timer-on-key", action="store_true",
                         help="start the timer at the first key press instead of at launch")
    present.add_argument("--share", action="store_true",
                         help="let `deck follow` join this talk from other terminals (same user)")
    present.add_argument("--listen", metavar="127.0.0.1:PORT",
                         help="also share over TCP on a loopback address (a printed token is required)")
    present.add_argument("--images", choices=IMAGE_MODES, default="auto",
                         help="draw pictures in coloured half blocks or 7-bit characters (auto: the "
                              "kitty protocol in kitty and Ghostty outside tmux, else blocks; ascii "
                              "on a terminal without colour)")
    present.set_defaults(run=run_present)


def _add_check(commands: argparse._SubParsersAction[_Parser]) -> None:
    check = commands.add_parser("check", help="validate decks; exit 2 on any error")
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="the decks (default: ./slides.yaml, else the bundled deck)")
    check.add_argument("--size", type=parse_size, metavar="WxH",
                       help="also check that every slide fits a terminal of this size: its rows, "
                            "the columns its charts and tables need, and no code line cut")
    check.add_argument("--presenter", action="store_true",
                       help="with --size: check the presenter view's slide pane too")
    check.set_defaults(run=run_check)


def _add_export(commands: argparse._SubParsersAction[_Parser]) -> None:
    export = commands.add_parser("export", help="write the slides as plain text or Markdown")
    export.add_argument("file", nargs="?", metavar="FILE",
                        help="the deck (default: ./slides.yaml, else the bundled deck)")
    export.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    export.add_argument("--width", type=_width, default=80, metavar="N", help="columns (default 80)")
    export.add_argument("--lang", help="language of a bilingual deck (default: its first)")
    export.add_argument("--ascii", action="store_true", help="draw only 7-bit ASCII glyphs")
    export.add_argument("--notes", action="store_true", help="include speaker notes")
    export.add_argument("--format", choices=("text", "markdown", "html", "pdf"), default="text")
    _page_options(export)
    export.set_defaults(run=run_export)


def _add_schema(commands: argparse._SubParsersAction[_Parser]) -> None:
    schema = commands.add_parser("schema", help="print the deck format as a JSON Schema")
    schema.set_defaults(run=run_schema)


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _width(value: str) -> int:
    width = _positive_int(value)
    if not 10 <= width <= 1000:
        raise argparse.ArgumentTypeError(f"width must be between 10 and 1000, got {width}")
    return width


def parse_size(value: str) -> tuple[int, int]:
    """`80x24` -> (80, 24)."""
    match = re.fullmatch(r"(\d{1,4})[xX](\d{1,4})", value)
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise argparse.ArgumentTypeError(f"expected a size like 80x24, got {value!r}")
    return int(match[1]), int(match[2])


MAX_DURATION = 24 * 3600  # seconds: a talk planned to last more than a day is a typo


def parse_duration(value: str) -> float:
    """`20m`, `1h30m`, `90s` or a bare number of minutes -> whole seconds, from 1s to 24h.

    Anything else (zero, negative, longer than a day, a 400-digit number, `inf`, `nan`) is an
    `ArgumentTypeError` that says what is wrong: argparse turns it into one line and exit 2.
    Numbers are read as `Decimal`, which neither overflows nor turns into infinity.
    """
    shown = value if len(value) <= 24 else value[:20] + "..."
    if value.startswith("-") and _duration_seconds(value[1:]) is not None:
        raise argparse.ArgumentTypeError(f"a duration cannot be negative, got {shown!r}")
    seconds = _duration_seconds(value)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"expected a duration like 20m, 1h30m or 90s, got {shown!r}")
    if seconds > MAX_DURATION:
        raise argparse.ArgumentTypeError(f"a duration must be at most 24h, got {shown!r}")
    whole = int(seconds.to_integral_value(rounding=ROUND_HALF_UP))
    if whole < 1:
        raise argparse.ArgumentTypeError(f"a duration must be at least 1s, got {shown!r}")
    return float(whole)


def _duration_seconds(value: str) -> Decimal | None:
    """The seconds `value` stands for (unbounded, exact), or None when it is not a duration."""
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return Decimal(value) * 60
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if not value or not match:
        return None
    hours, minutes, seconds = (Decimal(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _join_negative_durations(args: list[str]) -> list[str]:
    """`--duration -5m` -> `--duration=-5m`: argparse takes `-5m` for an option and would say
    only "expected one argument"; joined, `parse_duration` explains that it is negative."""
    joined: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        following = args[index + 1] if index + 1 < len(args) else ""
        if arg == "--duration" and re.match(r"-[^-]", following):
            joined.append(f"--duration={following}")
            index += 2
            continue
        joined.append(arg)
        index += 1
    return joined


def bundled_deck() -> Path:
    """The deck shipped with deck: inside the package when installed, else the repository's."""
    from pathlib import Path

    package = Path(__file__).resolve().parent
    installed = package / "bundled" / "slides.yaml"
    return installed if installed.exists() else package.parent / "slides.yaml"


def default_deck() -> str:
    """`./slides.yaml` if there is one, else the bundled deck."""
    return "slides.yaml" if os.path.isfile("slides.yaml") else str(bundled_deck())


def chosen_deck(given: str | None, err: TextIO, verb: str) -> str:
    """`given`, else the default deck, named on `err` (stdout may be the exported document)."""
    if given is not None:
        return given
    path = default_deck()
    print(f"deck: {verb} {printable(path)} (no FILE given)", file=err)
    return path


def run_present(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Present a deck full-screen (imports Textual)."""
    from deck.format.loader import Preview
    from deck.present.state import file_signature

    path = options.file or default_deck()
    # The file's state before it is read: a save from now on (during the early paint, before
    # Textual runs) differs from it, so live reload picks it up.
    signature = file_signature(path)
    # Slide 1 is painted as soon as the loader has built it (`_early_paint`); the rest of the
    # deck is read after that, so a long deck's first frame does not wait for all of it.
    answering: list[EarlyKeys] = []  # next and previous keys typed meanwhile (`_early_paint`)
    preview = Preview(options.start - 1, lambda first: _early_paint(first, options, preview, answering))
    try:
        deck, load_error = _load_for_talk(path, preview)
        from deck.present.early_paint import paint, repaint

        start = answering[0].index if answering else options.start - 1  # where those keys went
        lang = _language(deck.languages, options.lang)
        if options.start > len(deck.slides):
            raise UsageError(f"--start {options.start}: the deck has {len(deck.slides)} slides")
        companion = _share(deck, options, err)
        if preview.shown:
            repaint(deck, lang, start, options.duration)  # the full deck's count, title page
            painted = True
        else:
            painted = paint(deck, lang, start, options.duration, options.theme)
        if answering:
            answering[0].go_on(deck)  # and while Textual is imported and starts (`app.present`)
        return _present(deck, lang, options, start, painted, companion, signature, load_error)
    except BaseException:
        from deck.present.early_paint import painted_now, restore

        if painted_now():
            restore()
        raise


def _load_for_talk(path: str, preview: Preview) -> tuple[Deck, DeckError | None]:
    """The deck, or, when slide 1 is already painted and a later slide is invalid, the slides
    before the error and the error (the talk starts; the error is shown as a notification)."""
    from deck.format.loader import load_deck_preview

    try:
        deck = load_deck_preview(path, preview)
        preview.partial = None  # not needed: the whole deck loaded
        return deck, None
    except DeckError as error:
        if preview.partial is None or not preview.in_rest(error):
            raise
        return preview.partial, error


def _early_paint(first: Deck, options: argparse.Namespace, preview: Preview, answering: list[EarlyKeys]) -> bool:
    """Paint the frame of the slide `options.start` from the loader's preview (`Preview`), and
    answer next and previous keys while the rest is read (`early_paint.EarlyKeys`)."""
    if options.share or options.listen is not None:
        return False  # the sockets are bound first, so that their errors come before the screen is taken
    try:
        lang = _language(first.languages, options.lang)
    except UsageError:
        return False  # reported after the load
    from deck.present.early_paint import EarlyKeys, paint

    if not paint(first, lang, options.start - 1, options.duration, options.theme):
        return False
    if not options.timer_on_key:  # there the first key starts the timer: Textual's to see
        answering.append(EarlyKeys(lang, options.start - 1, options.duration))
        preview.progress = answering[0].poll
    return True


def _add_follow(commands: argparse._SubParsersAction[_Parser]) -> None:
    follow = commands.add_parser("follow", help="show a talk shared by `deck present --share`")
    follow.add_argument("file", nargs="?", help="the deck being presented (default: the only shared talk)")
    follow.add_argument("--view", choices=("slide", "presenter"), default="slide",
                        help="slide: the audience's slide (default); presenter: slide, notes, next, timers")
    follow.add_argument("--drive", action="store_true", help="keys pressed here move the talk everywhere")
    follow.add_argument("--connect", metavar="127.0.0.1:PORT", help="join a leader started with --listen")
    follow.add_argument("--token", help="the leader's token for --connect (or set DECK_FOLLOW_TOKEN)")
    follow.add_argument("--theme", help="colour theme (high-contrast suits projectors)")
    follow.add_argument("--images", choices=("auto", "blocks", "ascii"), default="auto",
                        help="draw pictures as `deck present --images` does (auto: kitty protocol or half blocks)")
    follow.set_defaults(run=run_follow)


def run_follow(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Join a shared talk and show it (imports Textual)."""
    from deck.present.follower import follow

    if options.connect is None and options.token is not None:
        raise UsageError("--token goes with --connect")
    # The variable is read only for TCP, so one left set does not stop a plain `deck follow`.
    token = (options.token or os.environ.get("DECK_FOLLOW_TOKEN") or None) if options.connect else None
    return follow(options.file, view=options.view, drive=options.drive, connect=options.connect,
                  token=token, theme=options.theme, images=options.images)


def _share(deck: Deck, options: argparse.Namespace, err: TextIO) -> Callable[[Any], Any] | None:
    """With --share or --listen: bind the sockets now (errors before the screen is taken) and
    return what makes the talk's leader."""
    if not options.share and options.listen is None:
        return None
    from deck.present import follow

    path = follow.socket_path(deck.path)
    sockets = [follow.bind_unix(path)]
    token = None
    if options.listen is not None:
        try:
            host, port = follow.parse_address(options.listen)
            sockets.append(follow.bind_tcp(host, port))
        except BaseException:
            sockets[0].close()
            path.unlink()
            raise
        token = follow.token()
        print(f"deck: sharing on {host}:{port}; follow with "
              f"deck follow --connect {host}:{port} --token {token}", file=err, flush=True)

    def leader(app: Any) -> Any:
        from deck.present.follow_leader import Leader, open_log

        made = Leader(app, sockets, token=token, log=open_log(path.with_suffix(".log")), socket_file=path)
        if token is not None:
            app.notify(f"followers over TCP need the token {token}", title="sharing", timeout=30)
        return made

    return leader


def _present(deck: Deck, lang: str, options: argparse.Namespace, start: int, painted: bool,
             companion: Callable[[Any], Any] | None = None, signature: tuple[int, int, int] | None = None,
             load_error: DeckError | None = None) -> int:
    from deck.present.app import present

    # Everything allocated so far (Textual's modules, the deck) lives as long as the talk: keep
    # it out of the cyclic collector's scans. Measured on a pty with a 1,000-slide deck, the
    # first key press otherwise waited for a full collection over all of it (57 ms instead of
    # 17; later presses 8 ms). The deck has no reference cycles, so a reload still frees it.
    gc.freeze()
    return present(deck, lang=lang, theme=options.theme, start=start,
                   duration=options.duration, painted=painted, images=image_mode(options.images, bool(deck.images)),
                   companion=companion, timer_on_key=options.timer_on_key, signature=signature,
                   load_error=load_error)


def image_mode(choice: str, pictures: bool) -> str:
    """The mode `--images choice` draws pictures in here (`deck.present.graphics.choose`)."""
    from deck.present.graphics import choose

    return choose(choice, os.environ, pictures)


def _language(languages: tuple[str, ...], wanted: str | None) -> str:
    if wanted is None:
        return languages[0]
    if wanted not in languages:
        raise UsageError(f"--lang {wanted}: the deck is written in {', '.join(languages)}")
    return wanted


# check and export run with the cyclic garbage collector off (`deck.format.loader.gc_paused`):
# reference counting frees everything a one-shot command drops, and the collector only rescanned
# the growing deck model. Measured on generated decks (median of 7 and 4 runs): export of 1,000
# slides 0.42 -> 0.41 s, of 4,000 slides 1.50 -> 1.40 s, peak memory the same.


def run_check(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Validate each file; print a summary per valid deck and every error."""
    from deck.format.loader import gc_paused

    with gc_paused():
        return _check(options, out, err)


def _check(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = 0
    if options.presenter and not options.size:
        raise UsageError("--presenter needs --size WxH (the terminal to check the presenter view in)")
    for path in options.files or [chosen_deck(None, err, "checking")]:
        try:
            deck, lost = _load_checked(path)
            problems = _image_problems(deck)
            problems += _layout_problems(deck, options.size, options.presenter) if options.size else []
        except DeckError as error:
            print(str(error), file=err)
            status = max(status, error.exit_status)
            continue
        for problem in problems:
            print(printable(problem), file=err)
        if problems:
            status = 2
            continue
        for warning in lost:
            print(printable(warning), file=err)
        counts = ", ".join(_count(len(items), noun) for items, noun in
                           ((deck.slides, "slide"), (deck.sections, "section"), (deck.charts, "chart")))
        counts += _block_counts(deck)
        print(f"{printable(path)}: ok: {counts}, languages {', '.join(deck.languages)}", file=out)
    return status


def _load_checked(path: str) -> tuple[Deck, list[str]]:
    """The deck at `path`, and the warnings (exit 0) for its text that YAML silently cut at a ` #`
    comment or joined to an item indented too far (`deck.format.warnings`)."""
    from deck.format.loader import deck_folder, decode, load_deck_text, read_limited
    from deck.format.warnings import LostText

    text = decode(read_limited(path), path)
    lost = LostText(text, path)
    deck = load_deck_text(text, path, base_dir=deck_folder(path), watch=lost)
    return deck, lost.warnings


def _block_counts(deck: Deck) -> str:
    """`, 2 code blocks, 1 table, 1 picture` for the kinds a deck has (nothing for those it has not)."""
    from deck.format import model

    blocks = [block for slide in deck.slides for block in model.flat_blocks(slide.blocks)]
    found = ((sum(isinstance(block, model.Code) for block in blocks), "code block"),
             (sum(isinstance(block, model.Table) for block in blocks), "table"),
             (sum(isinstance(block, model.Image) for block in blocks), "picture"),
             (sum(_layouts(slide.blocks) for slide in deck.slides), "column layout"))
    return "".join(f", {_count(number, noun)}" for number, noun in found if number)


def _layouts(blocks: tuple[Any, ...]) -> int:
    """How many `columns:` blocks `blocks` holds, nested ones included (`flat_blocks` has none)."""
    from deck.format import model

    return sum(1 + sum(_layouts(column.blocks) for column in block.columns)
               for block in blocks if isinstance(block, model.Columns))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _image_problems(deck: Deck) -> list[str]:
    """`FILE:LINE:COL: ...` for each picture that cannot be decoded (only decks with pictures pay)."""
    if not deck.images:
        return []
    from deck.draw.image import image_problems

    return [f"{deck.path}:{image.span.line}:{image.span.col}: cannot decode image '{image.file}': {reason}"
            for image, reason in image_problems(deck)]


def _layout_problems(deck: object, size: tuple[int, int], presenter: bool = False) -> list[str]:
    from deck.draw.layout import fit_problems

    problems = fit_problems(deck, size)  # type: ignore[arg-type]
    if presenter:
        problems += fit_problems(deck, size, presenter=True)  # type: ignore[arg-type]
    return problems


def run_export(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Export a deck as text or Markdown to stdout or, atomically, to a file."""
    from deck.format.loader import gc_paused

    with gc_paused():
        return _export(options, out, err)


def _export(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from deck.export import export_deck, write_atomic
    from deck.format.loader import load_deck

    deck = load_deck(chosen_deck(options.file, err, "exporting"))
    lang = _language(deck.languages, options.lang)
    if options.output:
        _refuse_overwriting_inputs(options.output, deck)
    if options.theme is not None and options.format != "html":
        raise UsageError(f"--theme: only --format html is drawn in a theme (--format {options.format} "
                         "is not; a PDF handout is dark ink on white paper)")
    if options.format in ("html", "pdf"):
        return _export_page(deck, lang, options, out)
    out_dir = os.path.dirname(os.path.abspath(options.output)) if options.output else None
    document = export_deck(deck, fmt=options.format, width=options.width, lang=lang,
                           ascii_only=options.ascii, notes=options.notes, out_dir=out_dir)
    if options.output:
        write_atomic(options.output, document)
    else:
        out.write(document)
        out.flush()
    return 0


def _page_options(export: argparse.ArgumentParser) -> None:
    """The options of the HTML and PDF exports."""
    export.add_argument("--size", type=parse_size, default=(100, 30), metavar="WxH",
                        help="html, pdf: the terminal size each slide is drawn at (default 100x30)")
    export.add_argument("--reveal", action="store_true", help="html: one step per revealed bullet")
    export.add_argument("--font", metavar="FILE", help="pdf: a TrueType/OpenType font with the deck's characters "
                        "(default: a CJK font found with fontconfig)")
    export.add_argument("--theme", metavar="NAME", help="html: the presenter's colour theme the slides are drawn "
                        "in (default textual-dark; printing is always dark on white)")


def _export_page(deck: Deck, lang: str, options: argparse.Namespace, out: TextIO) -> int:
    """`export --format html|pdf`: the presenter's slides as a page per slide."""
    from deck.draw.render import RenderOptions
    from deck.export import write_atomic

    columns, rows = options.size
    if not 40 <= columns <= 400 or not 12 <= rows <= 200:
        raise UsageError(f"--size {columns}x{rows}: between 40x12 and 400x200")
    render = RenderOptions(lang=lang, ascii_only=options.ascii)
    document: str | bytes
    if options.format == "html":
        from deck.export.html import HtmlOptions, export_html, write_html

        html_options = HtmlOptions(size=options.size, reveal=options.reveal, notes=options.notes,
                                   palette=theme_palette(options.theme))
        if options.output:  # streamed to the file: a long deck's page is never whole in memory
            write_html(options.output, deck, render, html_options)
            return 0
        document = export_html(deck, render, html_options)
    else:
        if not options.output:
            raise UsageError("--format pdf writes a binary file: give it with -o FILE")
        document = _pdf(deck, render, options)
    if options.output:
        write_atomic(options.output, document)
    else:
        out.write(document if isinstance(document, str) else document.decode())
        out.flush()
    return 0


def theme_palette(theme: str | None) -> Palette:
    """The screen colours of `--theme` (Textual is imported only when one is named)."""
    from deck.export.grid import DARK

    if theme is None:
        return DARK
    from deck.export.grid import Palette
    from deck.present.themes import theme_colors

    colors = theme_colors(theme)
    return Palette(foreground=colors.foreground, background=colors.background, panel=colors.panel,
                   ansi=colors.ansi, dim=colors.dim, key=colors.key, dark=colors.dark)


def _pdf(deck: Deck, render: RenderOptions, options: argparse.Namespace) -> bytes:
    try:
        from deck.export.pdf import PdfOptions, export_pdf
    except ModuleNotFoundError as missing:
        raise UsageError(f"--format pdf needs fpdf2 ({missing.name} is missing): pip install 'deck[pdf]'") from None
    return export_pdf(deck, render, PdfOptions(size=options.size, notes=options.notes, font=options.font))


def _refuse_overwriting_inputs(output: str, deck: Deck) -> None:
    """`-o` must not name the deck being exported or its source article: that would lose it."""
    from deck.format.errors import DeckIOError

    inputs = [deck.path]
    if deck.source is not None:
        inputs.append(os.path.join(os.path.dirname(deck.path), deck.source.file))
    for source in inputs:
        try:
            same = os.path.samefile(output, source)
        except OSError:
            continue
        if same:
            raise DeckIOError(output, f"cannot write: that is {source}, an input of this export; choose another file")


def _serve_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    serve = commands.add_parser("serve", help="present a deck in a web browser (needs deck[web])")
    serve.add_argument("file", nargs="?", help="the deck (default: ./slides.yaml, else the bundled deck)")
    serve.add_argument("--port", type=_port, default=8000, metavar="N", help="port to listen on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", metavar="H",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--lang", help="language of a bilingual deck (default: its first)")
    serve.add_argument("--theme", help="colour theme")
    serve.add_argument("--follow", action="store_true",
                       help="each browser follows the talk `deck present FILE --share` leads (an audience screen)")
    serve.set_defaults(run=run_serve)


def _port(value: str) -> int:
    port = _positive_int(value)
    if port > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {port}")
    return port


def run_serve(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Serve the presenter to web browsers through textual-serve (checks the deck first)."""
    from deck.format.loader import load_deck

    path = _shared_deck(options) if options.follow else options.file or default_deck()
    deck = load_deck(path)
    lang = _language(deck.languages, options.lang)
    from deck.present.serve import serve

    if options.theme is not None:
        from deck.present.app import check_theme

        check_theme(options.theme)

    return serve(path, printable(deck.title.get(lang)), lang, options.theme, options.host, options.port, out, err,
                 follow=options.follow)


def _shared_deck(options: argparse.Namespace) -> str:
    """`serve --follow`: the deck named, else the one talk shared on this machine."""
    if options.lang is not None:
        raise UsageError("--lang: a follower shows the leader's language; leave --lang out with --follow")
    if options.file is not None:
        return str(options.file)
    from deck.present.follower import choose_target, discover

    found = discover(choose_target(None, None, None))
    if found is None:
        raise UsageError("no talk is shared here: start one with `deck present FILE --share`")
    path = found[0].path
    if not os.path.isabs(path) and not os.path.exists(path):
        # The leader names its deck as it was given, relative to where it was started.
        raise UsageError(f"the shared talk's deck is {printable(path)}, relative to where it was started: "
                         "name it, `deck serve FILE --follow`")
    return path


def run_schema(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the JSON Schema of the deck format."""
    from deck.format.schema import json_schema_text

    out.write(json_schema_text())
    return 0


# The value options of `deck present` as `_plain_present` reads them (as `_add_present` defines them).
_PRESENT_VALUES: dict[str, Callable[[str], Any]] = {
    "--lang": str, "--theme": str, "--start": _positive_int, "--duration": parse_duration, "--listen": str,
    "--images": _image_mode,
}

# In `deck --help`'s order; `build_parser` adds one or all of them.
_COMMAND_PARSERS: dict[str, Callable[[argparse._SubParsersAction[_Parser]], None]] = {
    "present": _add_present, "follow": _add_follow, "check": _add_check, "export": _add_export,
    "serve": _serve_parser, "schema": _add_schema,
}
