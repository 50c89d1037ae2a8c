"""A regular expression that one library compiles at import, compiled on first use instead.

PyYAML's pure-Python reader compiles `yaml.reader.Reader.NON_PRINTABLE`, a character class over
most of Unicode, when `yaml` is imported: 4-5 ms of `deck present`'s first frame (the regex
compiler fills a table entry per character of its ranges), for a reader deck does not use when
libyaml reads the file. `compiled_on_use` makes `re.compile` hand out a stand-in for exactly
that pattern while the import runs; the stand-in compiles it the first time it is used (the
pure-Python loader, when libyaml is missing), so nothing changes but when it is compiled.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

# yaml/reader.py (PyYAML 5.1 to 6.0): any other text is compiled at once, as before.
PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


class CompiledOnUse:
    """Stands for `re.compile(pattern)`, which it calls on its first use."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


@contextlib.contextmanager
def compiled_on_use(pattern: str) -> Iterator[None]:
    """While this runs, `re.compile(pattern)` (no flags) returns a `CompiledOnUse`."""
    real = re.compile

    def compile_or_defer(given: Any, flags: Any = 0) -> Any:
        if flags == 0 and type(given) is str and given == pattern:
            return CompiledOnUse(pattern)
        return real(given, flags)

    re.compile = compile_or_defer  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = real
