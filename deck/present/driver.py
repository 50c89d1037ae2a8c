"""Textual's Linux driver, minus its second entry into the alternate screen after the early paint.

`deck.present.early_paint` has entered the alternate screen and drawn the first frame (and read the
keys typed before Textual ran: those it did not answer are sent to the app first); the driver's own
``ESC[?1049h`` would make xterm clear that screen (tmux ignores it) and leave it blank until
Textual's first frame. The terminal modes Textual restores on exit are the ones from before the early paint (which
turned echo off). Everything else, leaving the alternate screen on exit included, is Textual's.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.driver import Driver

ENTER_ALTERNATE_SCREEN = "\x1b[?1049h"


def early_painted_driver(start_on: Callable[[int], None]) -> type[Driver]:
    """The driver class to run the app with once the early paint is on screen; `start_on` is told
    the slide that keys answered by the early paint moved to (before the app composes its screen)."""
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    from deck.present.early_paint import saved_attributes, stop_answering, typed_for_textual

    class EarlyPaintedDriver(LinuxDriver):
        """Skips the first ``ESC[?1049h``: deck is already on the alternate screen."""

        _entered = False

        def start_application_mode(self) -> None:
            """Textual's, then: on exit restore the modes from before the early paint (echo on).

            Before it, the keys the early paint read and did not answer are sent to the app (its
            input thread, started by Textual's method, reads only what is typed after them).
            """
            moved = stop_answering()  # from now on Textual reads the terminal
            if moved is not None:
                start_on(moved)
            typed = typed_for_textual()
            if typed:
                parser = XTermParser()
                for event in (*parser.feed(typed.decode("utf-8", "replace")), *parser.tick()):
                    self.process_message(event)
            super().start_application_mode()  # type: ignore[no-untyped-call]
            saved = saved_attributes()
            if saved is not None:
                self.attrs_before = saved

        def write(self, data: str) -> None:
            """Write `data`, minus the alternate-screen entry the first time it comes."""
            if not self._entered and ENTER_ALTERNATE_SCREEN in data:
                self._entered = True
                data = data.replace(ENTER_ALTERNATE_SCREEN, "", 1)
                if not data:
                    return
            super().write(data)

    return EarlyPaintedDriver
