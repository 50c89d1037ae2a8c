"""Every wrong type in every field of the format, generated from `deck.format.schema.OBJECTS`.

For each object and each of its fields, a minimal valid deck is built with that field present,
then the field's value is replaced by each of `CANDIDATES` (null, numbers, strings, lists,
mappings, NaN, tags, escape sequences...). A candidate the field's kind accepts (`ACCEPTS`) must
load and export cleanly; any other must be refused with exit 2 and one line pointing at the
field's line, and `export -o` must leave the earlier output as it was. A field added to the
schema is covered without touching this file, unless it has a new kind or lives in a new object:
then `ACCEPTS` or `_base` raises and the test says what to teach it.

Most runs are in-process (`deck.cli.main` with its own streams, about 2 ms each); one field
per object also goes through the real command line in a subprocess.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import PRECIOUS, RAW_CONTROL, assert_refused, folder_snapshot, run_deck

from deck.cli import main
from deck.format.schema import OBJECTS, Field

SENTINEL = "__FIELD_UNDER_TEST__"

# name -> YAML source put in place of the field's value
CANDIDATES: dict[str, str] = {
    "null": "~",
    "boolean": "true",
    "integer": "12",
    "float": "1.5",
    "negative zero": "-0.0",
    "string": "'two words'",
    "date": "2024-01-01",
    "NaN": ".nan",
    "minus infinity": "-.inf",
    "1.0e+308": "1.0e+308",
    "escape sequences": '"\\e]52;c;SGk=\\a\\e[2J\\u202e"',
    "list": "[a, b]",
    "empty list": "[]",
    "list of lists": "[[a]]",
    "mapping": "{zz: 1}",
    "empty mapping": "{}",
    "!!binary": "!!binary aGk=",
    "!!python": "!!python/name:os.system",
}

# Every scalar YAML can read as text (numbers and dates are taken as written).
_SCALARS = frozenset({"boolean", "integer", "float", "negative zero", "string", "date", "NaN", "minus infinity",
                      "1.0e+308", "escape sequences"})
# Which candidates each kind of field accepts; every other candidate must be refused.
ACCEPTS: dict[str, frozenset[str]] = {
    "text": _SCALARS,
    "string": _SCALARS,
    "quote": _SCALARS,
    "texts": frozenset({"list"}),
    "bullets": frozenset({"list"}),
    "id": frozenset({"boolean", "integer", "float", "date"}),  # "12", "1.5", "true", "2024-01-01" are names
    "number": frozenset({"integer", "float", "negative zero"}),
    "bool": frozenset({"boolean"}),
    "color": frozenset(),
    "languages": frozenset(),
    "kind": frozenset(),
    "blocks": frozenset(),  # items are one-key mappings naming a block kind: no candidate is one
    "code": _SCALARS,  # the code itself, any scalar taken as written
    "table": frozenset(),  # a list form needs a header row and a row: no candidate has both
    "rows": frozenset({"list of lists"}),
    "integer": frozenset({"integer"}),  # tab stops, 1 to 16
    "align": frozenset(),  # the base table has two columns; 'a' is no placement
    "columns": frozenset(),  # two or more lists of blocks: no candidate is
    "inline": frozenset(),  # markdown or plain only
    "scale": frozenset({"integer", "float"}),  # a positive factor (or one per language)
    "numbers": frozenset(),  # `values` needs the chart's `series`, which the base chart has not
    "points": frozenset(),  # a list of numbers: no candidate is
}
# Fields whose value must also mean something elsewhere in the deck.
OVERRIDES: dict[tuple[str, str], frozenset[str]] = {
    ("slide", "section"): frozenset(),  # no section is declared: any name is unknown
    ("source", "file"): frozenset(),  # no such article file
    ("chart", "total"): frozenset({"integer", "float"}),  # a share chart's total must be positive
    ("code", "lang"): frozenset(),  # no candidate names a Pygments lexer
    ("code", "highlight"): frozenset({"integer"}),  # line 12 of the base code's 20
    ("image", "file"): frozenset(),  # no such picture
    ("image", "width"): frozenset({"integer"}),  # a whole number of cells
    ("column", "width"): frozenset({"integer"}),  # a whole number, relative to the other columns
    ("chart", "series"): frozenset(),  # with series, the base chart's `value` data are refused
    ("chart", "stacked"): frozenset(),  # `true` needs series
    ("chart", "format"): frozenset(),  # a pattern needs `{}`, which no candidate has
}


def accepted(obj: str, field: Field) -> frozenset[str]:
    """The candidates that field `obj.field` must accept."""
    if (obj, field.name) in OVERRIDES:
        return OVERRIDES[obj, field.name]
    if field.kind.startswith(("object:", "list:")):
        return frozenset()
    if field.kind not in ACCEPTS:
        raise AssertionError(f"new kind {field.kind!r} ({obj}.{field.name}): add it to ACCEPTS")
    return ACCEPTS[field.kind]


def _base(obj: str, field: str) -> dict[str, Any]:
    """A minimal valid deck in which `obj.field` is present, holding SENTINEL."""
    slide: dict[str, Any] = {"title": "S"}
    deck: dict[str, Any] = {"title": "T"}
    if obj == "deck":
        deck[field] = SENTINEL
    elif obj == "source":
        deck["source"] = {"file": "article.txt", field: SENTINEL}
    elif obj == "section":
        deck["sections"] = [{"id": "s1", "name": "N", "accent": "red", field: SENTINEL}]
        slide["section"] = SENTINEL if field == "id" else "s1"  # the reference follows the id
    elif obj == "slide":
        slide[field] = SENTINEL
    elif obj == "bullet":
        slide["bullets"] = [{"text": "T", "items": ["i"], field: SENTINEL}]
    elif obj == "block":
        slide["blocks"] = [{field: SENTINEL}]
    elif obj == "quote":
        slide["quote"] = {"text": "Q", "by": "B", field: SENTINEL}
    elif obj == "chart":
        kind = "share" if field in ("total", "rest") else "bar"
        slide["chart"] = {"kind": kind, "data": [{"label": "L", "value": 1}], field: SENTINEL}
    elif obj == "datum":
        datum: dict[str, Any] = {"label": "L", "date": "2020"} if field == "date" else {"label": "L", "value": 1}
        datum[field] = SENTINEL
        slide["chart"] = {"kind": "timeline" if field == "date" else "bar", "data": [datum]}
    elif obj == "code":
        slide["code"] = {"text": "\n".join(f"line {n}" for n in range(1, 21)), field: SENTINEL}
    elif obj == "table":
        slide["table"] = {"rows": [["1", "2"]], field: SENTINEL}
    elif obj == "column":
        column = {"blocks": [{"text": "A"}], field: SENTINEL}
        slide["blocks"] = [{"columns": [[{"text": "B"}], column]}]
    elif obj == "cell":
        slide["table"] = {"rows": [["1", {field: SENTINEL}]]}
    elif obj == "image":
        slide["image"] = {"file": "pic.png", "alt": "A", field: SENTINEL}
    else:
        raise AssertionError(f"new object {obj!r}: teach _base where it goes in a deck")
    deck.setdefault("slides", [slide])  # after sections and source, as a deck is read
    return deck


def _dump(deck: dict[str, Any]) -> str:
    return yaml.safe_dump(deck, sort_keys=False, allow_unicode=True, width=4096)


def deck_source(obj: str, field: str, value: str) -> tuple[str, int]:
    """The deck's YAML with `obj.field` set to `value` (YAML source), and the field's line."""
    dumped = _dump(_base(obj, field))
    line = next(number for number, text in enumerate(dumped.split("\n"), 1) if SENTINEL in text)
    return dumped.replace(SENTINEL, value), line


def _without(tree: Any, field: str) -> bool:
    """Delete the first `field: SENTINEL` entry in `tree`; True if one was found."""
    if isinstance(tree, dict):
        if tree.get(field) == SENTINEL:
            del tree[field]
            return True
        return any(_without(value, field) for value in tree.values())
    return isinstance(tree, list) and any(_without(item, field) for item in tree)


FIELDS = [(obj, field) for obj, fields in OBJECTS.items() for field in fields]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


# The smallest PNG: one white pixel (what an `image:` block names in the base decks).
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8ffff3f0005fe02fea7d6a4f70000000049454e44ae426082")


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text("An article that the deck quotes.\n", encoding="utf-8")
    (tmp_path / "slides.txt").write_bytes(PRECIOUS)
    (tmp_path / "pic.png").write_bytes(PNG_1X1)
    return tmp_path


def _problems(obj: str, field: Field, name: str, folder: Path) -> list[str]:
    """What is wrong with how deck treats `obj.field` set to candidate `name` (empty: all right)."""
    text, line = deck_source(obj, field.name, CANDIDATES[name])
    path = folder / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    out = folder / "slides.txt"
    out.write_bytes(PRECIOUS)
    status, _, stderr = _run("check", str(path))
    export_status, export_stdout, export_stderr = _run("export", str(path), "-o", str(out), "--notes")
    where = f"{obj}.{field.name} = {name}"
    problems: list[str] = []
    if name in accepted(obj, field):
        if status != 0 or export_status != 0:
            problems.append(f"{where}: refused but should load: {stderr or export_stderr}")
        elif RAW_CONTROL.search(out.read_text(encoding="utf-8").replace("\n", "")):
            problems.append(f"{where}: the export holds a control character")
        return problems
    expected = f"{path}:{line}:"
    if status != 2 or not stderr.startswith(expected) or stderr.count("\n") != 1:
        problems.append(f"{where}: check gave {status} {stderr!r}, wanted 2 and {expected}")
    if (export_status, export_stdout, export_stderr) != (2, "", stderr):
        problems.append(f"{where}: export gave {export_status} {export_stderr!r}")
    if out.read_bytes() != PRECIOUS:
        problems.append(f"{where}: export touched the existing output")
    if RAW_CONTROL.search(stderr.rstrip("\n")):
        problems.append(f"{where}: raw control character in {stderr!r}")
    return problems


@pytest.mark.parametrize(("obj", "field"), FIELDS, ids=[f"{obj}.{field.name}" for obj, field in FIELDS])
def test_every_candidate_value_of_every_field(obj: str, field: Field, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    problems = [problem for name in CANDIDATES for problem in _problems(obj, field, name, folder)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("obj", list(OBJECTS))
def test_base_decks_are_valid(obj: str, tmp_path: Path) -> None:
    # the control for the test above: with an accepted value in every field, each base deck loads
    folder = _folder(tmp_path)
    for field in OBJECTS[obj]:
        good = next(iter(sorted(accepted(obj, field))), None)
        if good is None:
            continue
        text, _ = deck_source(obj, field.name, CANDIDATES[good])
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
        status, _, err = _run("check", str(folder / "deck.yaml"))
        assert status == 0, f"{obj}.{field.name} = {good}: {err}"


@pytest.mark.parametrize(("obj", "field"), [(obj, field) for obj, field in FIELDS if field.required],
                         ids=[f"{obj}.{field.name}" for obj, field in FIELDS if field.required])
def test_every_required_field_when_missing(obj: str, field: Field, tmp_path: Path) -> None:
    deck = _base(obj, field.name)
    assert _without(deck, field.name)
    text = _dump(deck).replace(SENTINEL, "s1")  # a section's id gone: slides still name s1
    path = _folder(tmp_path) / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    status, _, err = _run("check", str(path))
    assert status == 2, text
    # A cell without its one key is an empty mapping, which reads as a text missing its languages.
    missing = "missing language 'en'" if obj == "cell" else f"missing required key '{field.name}'"
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: .*{missing}.*\n", err), err


@pytest.mark.parametrize("obj", list(OBJECTS))
def test_unknown_key_in_every_object(obj: str, tmp_path: Path) -> None:
    first = OBJECTS[obj][0].name
    text, line = deck_source(obj, first, CANDIDATES[next(iter(sorted(accepted(obj, OBJECTS[obj][0]))), "string")])
    lines = text.split("\n")
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip("- "))]
    lines.insert(line, " " * len(indent) + "zz_unknown: 1")
    path = _folder(tmp_path) / "deck.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    status, _, err = _run("check", str(path))
    assert status == 2
    assert err.startswith(f"{path}:{line + 1}:{len(indent) + 1}: unknown key 'zz_unknown'"), err


@pytest.mark.parametrize("obj", list(OBJECTS))
def test_one_field_per_object_through_the_real_command_line(obj: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    field = OBJECTS[obj][0]
    text, line = deck_source(obj, field.name, CANDIDATES["list of lists"])
    path = folder / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    before = folder_snapshot(folder)
    said = assert_refused(run_deck("check", path, label=f"{obj}.{field.name} = [[a]]"), path, line=line)
    export = run_deck("export", path, "-o", folder / "slides.txt", label=f"{obj}.{field.name} = [[a]]")
    assert assert_refused(export, path, line=line) == said
    assert folder_snapshot(folder) == before
