"""The format: YAML text -> a frozen `Deck` model, or a located `DeckError`.

`schema` is the one definition of the format (the loader, `deck schema` and the reference docs
follow from it); `loader` composes YAML with the safe composer only; `sanitize` removes what must
never reach a terminal. Imports only the standard library and PyYAML.

The loader (`deck.format.loader.load_deck`) is not imported here: drawing needs the model's
types, not PyYAML.
"""

from __future__ import annotations

from deck.format.errors import DeckError, DeckIOError, UsageError
from deck.format.model import Deck, Slide

__all__ = ["Deck", "DeckError", "DeckIOError", "Slide", "UsageError"]
