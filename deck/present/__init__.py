"""Presenting: the Textual app (screens, widgets, dialogs), its Textual-free state, the early
paint that draws slide 1 before Textual loads, and the driver that hands over to Textual.

The only package that imports Textual. `present` (the app) and `paint` (the early paint) are
loaded on first use, so importing this package costs nothing and the early paint can run before
Textual is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deck.present.app import present
    from deck.present.early_paint import paint, restore

__all__ = ["paint", "present", "restore"]

_HOMES = {"present": "deck.present.app", "paint": "deck.present.early_paint", "restore": "deck.present.early_paint"}


def __getattr__(name: str) -> Any:
    """Import `present` or `paint` from its module when it is first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
