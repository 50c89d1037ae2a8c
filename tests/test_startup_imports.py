"""What `deck present` imports before its first frame: every module there is time the frame waits for.

docs/performance.md ("Issue 20") has the measurements; these tests keep the import set from
growing back, and check that the one pattern PyYAML compiles at import, deferred, still works.
"""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from deck.format import lazy_pattern
from tests.test_tmux import ROOT

# Imported by Textual, the exports or other commands, not needed to draw the bundled deck's slide 1.
NOT_BEFORE_THE_PAINT = ("textual", "pathlib", "shutil", "json", "markdown_it", "pygments", "deck.draw.charts",
                        "deck.present.app", "deck.present.screens", "deck.export",
                        "deck.format.images")

AT_THE_PAINT = """
import sys
import deck.present.early_paint as early_paint
from deck.cli import main

def paint(*args, **kwargs):
    import yaml
    print(type(yaml.reader.Reader.NON_PRINTABLE).__name__)
    print("\\n".join(sorted(sys.modules)))
    raise SystemExit(0)

early_paint.paint = paint
main(["present", sys.argv[1]])
"""


def test_the_first_frame_waits_for_no_module_it_does_not_draw_with() -> None:
    result = subprocess.run([sys.executable, "-c", AT_THE_PAINT, str(ROOT / "slides.yaml")], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    reader_pattern, *modules = result.stdout.split()
    assert "deck.format.loader" in modules and "rich.console" in modules  # it did get to the paint
    assert [name for name in modules if name.split(".")[0] in NOT_BEFORE_THE_PAINT
            or name.startswith(NOT_BEFORE_THE_PAINT)] == []
    assert reader_pattern == "CompiledOnUse"  # PyYAML's pure-Python reader's pattern, not compiled


def test_the_deferred_pattern_is_pyyamls_and_works_when_used() -> None:
    import deck.format.loader  # noqa: F401  (imports yaml, deferring the pattern, unless a test did first)

    assert re.compile.__qualname__ == "compile" and re.compile.__module__ == "re"  # put back after the import
    deferred = lazy_pattern.CompiledOnUse(lazy_pattern.PYYAML_NON_PRINTABLE)
    assert deferred.search("ok\x07").start() == 2
    assert deferred.search("中文 ok \U0001f600") is None
    assert yaml.reader.Reader.NON_PRINTABLE.pattern == lazy_pattern.PYYAML_NON_PRINTABLE
    try:
        yaml.load("key: \x07", Loader=yaml.SafeLoader)  # the pure-Python reader checks with it
    except yaml.reader.ReaderError as error:
        assert "#x0007" in str(error)
    else:
        raise AssertionError("the pure-Python reader accepted a control character")
