"""Work for the app's idle time, done one part per timer callback.

Not with `call_later`: a chain of those runs before a key that Textual's input thread hands to the
event loop meanwhile, so the key waited for all of it. Between two timer callbacks the loop runs,
so a key typed during a part is answered before the next part (tests/test_redraw.py and
tests/test_preload.py type one). Used by the warm-up of the neighbouring slides
(`deck.present.screens`) and the preload of the deck's drawing modules (`deck.present.app`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from textual.message_pump import MessagePump

GAP = 0.002  # seconds between two parts: the event loop runs in between

Part = Callable[[], object]


class IdleWork:
    """Parts queued on `owner`'s timers, run one at a time in the order they were added."""

    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._parts: deque[Iterator[Part]] = deque()  # taken lazily: a generator may scan as it goes
        self._timer_set = False

    def add(self, parts: Iterable[Part], delay: float = GAP) -> None:
        """Queue `parts` after what is queued (`delay`: before the first part, if none is due)."""
        self._parts.append(iter(parts))
        if not self._timer_set:
            self._timer_set = True
            self._owner.set_timer(delay, self._next)

    def clear(self) -> None:
        """Drop what is queued and not done yet."""
        self._parts.clear()

    def _next(self) -> None:
        self._timer_set = False
        while self._parts:
            part = next(self._parts[0], None)
            if part is None:
                self._parts.popleft()
                continue
            part()
            break
        if self._parts:
            self._timer_set = True
            self._owner.set_timer(GAP, self._next)
