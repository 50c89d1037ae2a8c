"""Hostile decks, second round: bounded work for every input, through the real command line.

One group of cases per class of the second hostile review (docs/security.md lists the bounds):
work not bounded by the node limit (keys that are not names, text multiplied by aliases),
super-linear algorithms on deck data (quote search, base-60 numbers, "did you mean", NFKC),
accent colours `check` accepts but drawing cannot, files that are not files, invisible
characters, and what error lines quote. Each case runs `deck check` (and, where it says so,
`deck export`) in a subprocess under the 400 MB address-space limit (limited.py), with a 10 s
timeout that only catches hangs (5 times the 2 s bound for refusing a deck), and asserts one
line, its position and message, and a peak under 200 MB.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_support import MAX_RSS_KB, PRECIOUS, assert_refused, folder_snapshot, run_deck

from deck.format.errors import MAX_MESSAGE_CHARS
from deck.format.schema import MAX_NORMALISED_CHARS, MAX_TEXT_CHARS

MiB = 1024 * 1024
PARAGRAPH = ("Reality Labs lost money again this quarter. " * 23_000)[:MiB]


@dataclass(frozen=True)
class Case:
    """A hostile deck (and the files next to it) and how deck must refuse it."""

    name: str
    make: Callable[[Path], Path]
    line: int | None
    col: int | None
    message: str
    needs: str = ""  # a file that must exist on this machine


def deck(content: str, **files: str | bytes) -> Callable[[Path], Path]:
    """`deck.yaml` holding `content`, with `files` (name -> text or bytes) beside it."""
    def make(folder: Path) -> Path:
        for name, data in files.items():
            target = folder / name.replace("__", ".")
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        path = folder / "deck.yaml"
        path.write_text(content, encoding="utf-8")
        return path

    return make


def symlinked_article(target: str) -> Callable[[Path], Path]:
    """A deck whose article is a symbolic link to `target`."""
    def make(folder: Path) -> Path:
        (folder / "article.txt").symlink_to(target)
        return deck("title: x\nsource: {file: article.txt}\nslides:\n  - title: y\n")(folder)

    return make


def _nested_key(depth: int) -> str:
    return "[" * depth + "a" + "]" * depth


def _aliased_key_deck() -> str:
    # 300 bytes: a key that is lists of aliases of lists (10^5 leaves); formatted, it explodes
    levels = ["&a0 [" + ", ".join(["x"] * 10) + "]"]
    levels += [f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]" for level in range(1, 5)]
    return "title: x\nslides:\n  - title: {? [" + ", ".join(levels) + "] : y}\n"


def _aliased_paragraph(copies: int) -> str:
    return (f'title: x\nslides:\n  - title: a\n    text: &p "{PARAGRAPH}"\n'
            + "".join(f"  - title: b{number}\n    text: *p\n" for number in range(copies)))


def _aliased_bullets() -> str:
    # many texts: one list of 100 100-character bullets, aliased on 600 slides (60,000 nodes)
    items = ", ".join(f"item {number:05d} " + "x" * 89 for number in range(100))
    return (f"title: x\nslides:\n  - {{title: a, bullets: &b [{items}]}}\n"
            + "".join("  - {title: s, bullets: *b}\n" for _ in range(600)))


def _quotes_near_the_end() -> tuple[str, str]:
    # 1,000 quotes, each near the end of a 5 MB article: every search scans it all
    words = ["revenue", "loss", "quarter", "growth", "model", "users", "market", "cost", "share"]
    chooser = random.Random(22)
    body = " ".join(chooser.choice(words) for _ in range(700_000))[: 49 * MiB // 10]
    quotes = [f"Figure {number} was {number * 7} million." for number in range(1000)]
    lines = ["title: x", "source: {file: article.txt}", "slides:"]
    for number, quote in enumerate(quotes):
        lines += [f"  - title: s{number}", "    chart:", "      kind: bar", "      data:",
                  f'        - {{label: a, value: {number}, source: "{quote}"}}']
    return "\n".join(lines) + "\n", body + "\n" + "\n".join(quotes) + "\n"


QUOTES_DECK, QUOTES_ARTICLE = _quotes_near_the_end()
TWENTY_THOUSAND_SECTIONS = ("title: x\nsections:\n"
                            + "".join(f"  - {{id: s{number}{'x' * 60}, name: n, accent: red}}\n"
                                      for number in range(20_000))
                            + "slides:\n  - {title: y, section: s1" + "x" * 59 + "}\n")
BASE_60 = "1" + ":0" * 300_000  # 600 KB; PyYAML's conversion is quadratic in its length


def chart_deck(value: str, source: str = "") -> str:
    """A deck with one bar chart whose datum has `value` and (when given) the quote `source`."""
    quote = f", source: {source}" if source else ""
    return f"title: x\nslides:\n  - title: y\n    chart: {{kind: bar, data: [{{label: a, value: {value}{quote}}}]}}\n"


LANGUAGES = [a + b + c for a in "abc" for b in "abcdefghijklmnopqrstuvwxyz" for c in "abcdefghijklmnopqrstuvwxyz"][:1000]
ARTICLE_DECK = "title: x\nsource: {file: article.txt}\nslides:\n  - title: y\n"

CASES = [
    # 1. keys that are not names are never formatted; text counted after aliases
    Case("list as a language key", deck("title: {[en, zh]: x}\nslides:\n  - title: y\n"), 1, 9,
         "the language codes of 'title' must be plain text$"),
    Case("key nested 300 lists deep", deck("title: x\nslides:\n  - title: {" + _nested_key(300) + ": y}\n"), 3, 13,
         "must be plain text$"),
    Case("aliased list of lists as a key", deck(_aliased_key_deck()), 3, 15, "must be plain text$"),
    Case("mapping as a slide key", deck("title: x\nslides:\n  - title: y\n    {a: b}: c\n"), 4, 5,
         "^keys of a slide must be plain names$"),
    Case("1 MB paragraph aliased 100 times", deck(_aliased_paragraph(100)), None, None,
         f"more than {MAX_TEXT_CHARS} characters of text after expanding aliases"),
    Case("bullets aliased 600 times", deck(_aliased_bullets()), None, None,
         f"more than {MAX_TEXT_CHARS} characters of text after expanding aliases"),
    # 2. super-linear algorithms
    Case("1,000 quotes near the end of a 5 MB article", deck(QUOTES_DECK, article__txt=QUOTES_ARTICLE), None, None,
         "too many quotes to check against article.txt: their searches scanned more than 300000000 characters"),
    Case("600 KB base-60 number", deck(chart_deck(BASE_60)), 4, 49,
         "out of range .*written in at most 100 characters"),
    Case("base-60 float", deck(chart_deck("1" + ":0" * 300_000 + ".5")), 4, 49, "out of range"),
    Case("1 MB unknown key", deck("title: x\nslides:\n  - title: y\n    ? " + "titel" * 200_000 + "\n    : z\n"), 4, 7,
         "^unknown key 'titeltitel.{29}…' in a slide$"),
    Case("long section name among 20,000 sections", deck(TWENTY_THOUSAND_SECTIONS), 20_004, 25,
         "unknown section .* and 19992 more\\)$"),
    Case("article that NFKC grows 18-fold", deck(ARTICLE_DECK, article__txt="\ufdfa" * 1_700_000), 2, 16,
         f"more than {MAX_NORMALISED_CHARS} characters long after Unicode normalisation"),
    Case("quote that NFKC grows 18-fold", deck(chart_deck("1", '"' + "\ufdfa" * 1_000_000 + '"')
                                               .replace("title: x\n", "title: x\nsource: {file: article.txt}\n"),
                                               article__txt="An article.\n"), 5, None, "quote not found in article.txt"),
    # 3. colours: what check refuses, nothing draws
    Case("rgb with an empty part", deck("title: x\nsections:\n  - {id: a, name: n, accent: 'rgb(1,2,)'}\n"
                                        "slides:\n  - {title: y, section: a}\n"), 3, 30,
         "^'rgb\\(1,2,\\)' is not a colour"),
    Case("style words as a colour", deck("title: x\nsections:\n  - {id: a, name: n, accent: bold red}\n"
                                         "slides:\n  - {title: y, section: a}\n"), 3, 30, "is not a colour"),
    # 4. files that are not files
    Case("article in /proc", deck("title: x\nsource: {file: /proc/self/status}\nslides:\n  - title: y\n"), 2, 16,
         "not a regular file \\(it is in /proc\\)"),
    Case("article is /proc/kmsg", deck("title: x\nsource: {file: /proc/kmsg}\nslides:\n  - title: y\n"), 2, 16,
         "/proc/kmsg", needs="/proc/kmsg"),
    Case("article in /sys", deck("title: x\nsource: {file: /sys/kernel/uevent_seqnum}\nslides:\n  - title: y\n"), 2, 16,
         "/sys/kernel/uevent_seqnum", needs="/sys/kernel/uevent_seqnum"),
    Case("article is /dev/null", deck("title: x\nsource: {file: /dev/null}\nslides:\n  - title: y\n"), 2, 16,
         "not a regular file \\(it is in /dev\\)"),
    Case("article links into /proc", symlinked_article("/proc/self/status"), 2, 16, "it is in /proc"),
    # 7. what a user types: whole-value patterns, shortened quotes
    Case("slide id ending in a newline", deck('title: x\nslides:\n  - {title: y, id: "a\\n"}\n'), 3, 20,
         r"^slide id 'a\\n' must be letters"),
    Case("section id ending in a newline", deck('title: x\nsections:\n  - {id: "a\\n", name: n, accent: red}\n'
                                                "slides:\n  - {title: y, section: a}\n"), 3, 10, r"section id 'a\\n'"),
    Case("language code ending in a newline", deck('title: x\nlanguages: ["en\\n"]\nslides:\n  - title: y\n'), 2, 13,
         r"^'en\\n' is not a language code"),
    Case("1 MB slide id", deck("title: x\nslides:\n  - {title: y, id: '" + "é" * MiB + "'}\n"), 3, 20,
         "^slide id 'é{39}…' must be letters"),
    Case("1 MB tag", deck("title: !" + "x" * MiB + " t\nslides:\n  - title: y\n"), 1, 8, "^tag '!x{78}…' is not allowed"),
    Case("1 MB chart kind", deck("title: x\nslides:\n  - title: y\n    chart: {kind: " + "b" * MiB + ", data: [{label: a}]}\n"),
         4, 19, "^unknown chart kind 'b{39}…'"),
    Case("1,000 declared languages", deck("title: {zz: x}\nlanguages: [" + ", ".join(LANGUAGES) + "]\nslides:\n  - title: y\n"),
         1, 9, r"^language 'zz' is not declared in 'languages' \(aaa, aab, .*, aah and 992 more\)$"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_deck_is_refused_in_bounded_time_and_memory(case: Case, tmp_path: Path) -> None:
    if case.needs and not os.path.exists(case.needs):
        pytest.skip(f"{case.needs} does not exist here")
    folder = tmp_path / "decks"
    folder.mkdir()
    path = case.make(folder)
    check = run_deck("check", path, label=case.name, cwd=folder)
    said = assert_refused(check, path, line=case.line, col=case.col, message=case.message)
    assert len(said) <= MAX_MESSAGE_CHARS
    out = tmp_path / "slides.txt"
    out.write_bytes(PRECIOUS)
    before = folder_snapshot(tmp_path)
    export = run_deck("export", path, "-o", out, label=case.name, cwd=folder)
    assert assert_refused(export, path, line=case.line, col=case.col) == said
    assert folder_snapshot(tmp_path) == before


def test_every_case_has_a_distinct_name() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


# --- valid decks at the bounds: accepted, and exported in time and memory linear in their size


def _assert_ok(run_status: int, stderr: str, max_rss_kb: int) -> None:
    assert (run_status, stderr) == (0, "")
    assert 0 < max_rss_kb < MAX_RSS_KB, f"{max_rss_kb // 1024} MB"


def test_a_paragraph_aliased_within_the_text_bound_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 MB aliased twice more: 3 million characters, under the bound; check is quick, the
    # export writes every copy (the control for "1 MB paragraph aliased 100 times")
    path = tmp_path / "deck.yaml"
    path.write_text(_aliased_paragraph(2), encoding="utf-8")
    check = run_deck("check", path, label="3 MB of aliased text (valid)")
    _assert_ok(check.status, check.stderr, check.max_rss_kb)
    monkeypatch.setenv("DECK_LIMIT_ADDRESS_SPACE", "0")
    out = tmp_path / "out.txt"
    export = run_deck("export", path, "-o", out, label="3 MB of aliased text (valid)", timeout=60)
    _assert_ok(export.status, export.stderr, export.max_rss_kb)
    assert out.read_text(encoding="utf-8").count("Reality") == 3 * PARAGRAPH.count("Reality")


def test_the_same_quote_aliased_a_thousand_times_is_searched_once(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(QUOTES_ARTICLE, encoding="utf-8")
    lines = ["title: x", "source: {file: article.txt}", "slides:", "  - title: s", "    chart:", "      kind: bar",
             "      data:", '        - &d {label: a, value: 1, source: "Figure 999 was 6993 million."}']
    path = tmp_path / "deck.yaml"
    path.write_text("\n".join(lines + ["        - *d"] * 1000) + "\n", encoding="utf-8")
    check = run_deck("check", path, label="one quote aliased 1,000 times (valid)")
    _assert_ok(check.status, check.stderr, check.max_rss_kb)
    assert "1 chart" in check.stdout


def test_an_article_of_combining_marks_is_normalised_in_bounded_time(tmp_path: Path) -> None:
    # CPython sorts a run of combining marks in quadratic time: 2.4 million alternating marks
    # would take hours in one piece
    (tmp_path / "article.txt").write_text("a" + "\u0301\u0316" * 1_200_000 + " Figure 1 was 7 million.",
                                          encoding="utf-8")
    path = tmp_path / "deck.yaml"
    path.write_text(chart_deck("1", "Figure 1 was 7 million.").replace("title: x\n", "title: x\nsource: {file: article.txt}\n"),
                    encoding="utf-8")
    check = run_deck("check", path, label="article of 2.4 million combining marks (valid)")
    _assert_ok(check.status, check.stderr, check.max_rss_kb)


ACCENTS = ["rgb(1, 2, 3)", "RGB( 0,0 ,255 )", " Magenta ", "#FFAA00", "color(7)", "color( 200 )", "default",
           "grey50", "bright_white", "dark_sea_green4"]


@pytest.mark.parametrize("accent", ACCENTS)
def test_every_accent_check_accepts_exports_and_fits(accent: str, tmp_path: Path) -> None:
    # `rgb(1, 2, 3)` passed check, then export, check --size and present crashed (MissingStyle)
    path = tmp_path / "deck.yaml"
    path.write_text(f"title: x\nsections:\n  - {{id: a, name: Part, accent: '{accent}'}}\nslides:\n"
                    "  - {title: y, section: a, quote: words}\n"
                    "  - {title: z, section: a, chart: {kind: stat, data: [{label: l, value: 3}]}}\n", encoding="utf-8")
    for args in (("check", path), ("check", "--size", "80x24", path), ("export", path),
                 ("export", "--format", "markdown", path)):
        run = run_deck(*args, label=f"accent {accent}")
        assert (run.status, run.stderr) == (0, ""), (args, run.stderr)
        assert "Traceback" not in run.stdout


INVISIBLE = {
    "tag characters": "\U000e0001\U000e0068\U000e0069\U000e0064\U000e0065\U000e007f",
    "interlinear annotation": "\ufff9annotated\ufffaannotation\ufffb",  # the texts stay, shown plainly
    "invisible operators": "\u2061\u2062\u2063\u2064",
    "soft hyphen": "\u00ad",
    "Mongolian vowel separator": "\u180e",
    "Hangul fillers": "\u115f\u1160\u3164\uffa0",
    "combining grapheme joiner": "\u034f",
    "Khmer inherent vowels": "\u17b4\u17b5",
}
KEPT = "👨\u200d👩\u200d👧 ❤\ufe0f 葛\U000e0100 می\u200cخواهم"  # ZWJ, variation selectors, ZWNJ


@pytest.mark.parametrize("kind", list(INVISIBLE))
def test_invisible_characters_reach_no_export(kind: str, tmp_path: Path) -> None:
    hidden = INVISIBLE[kind]
    removed = {char for char in hidden if not char.isascii()}
    text = f"a{hidden}b"
    path = tmp_path / "deck.yaml"
    path.write_text(f'title: "T{hidden}"\nslides:\n  - title: "{text}"\n    text: "{text} {KEPT}"\n'
                    f'    bullets: ["{text}"]\n    quote: {{text: "{text}", by: "{text}"}}\n    notes: "{text}"\n'
                    f'    chart: {{kind: bar, data: [{{label: "{text}", value: 1, display: "{text}"}}]}}\n',
                    encoding="utf-8")
    for fmt in ("text", "markdown"):
        run = run_deck("export", "--notes", "--format", fmt, path, label=f"invisible: {kind}")
        assert (run.status, run.stderr) == (0, "")
        assert not removed & set(run.stdout), f"{kind} in the {fmt} export"
        assert "a" + "".join(char for char in hidden if char.isascii()) + "b" in run.stdout
        assert KEPT in run.stdout, "a character that languages or emoji need was removed"


def test_check_summary_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("title: x\nlanguages: [en, pt-BR]\nslides:\n  - {title: {en: y, pt-BR: z}, id: a.b-c_d}\n",
                    encoding="utf-8")
    run = run_deck("check", path, label="summary line")
    assert (run.status, run.stderr) == (0, "")
    assert run.stdout == f"{path}: ok: 1 slide, 0 sections, 0 charts, languages en, pt-BR\n"
