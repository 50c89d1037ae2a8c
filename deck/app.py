"""Placeholder presenter; the Textual app replaces it."""

from __future__ import annotations

from deck.model import Deck


def present(deck: Deck, *, lang: str, theme: str | None, start: int, duration: float | None) -> int:
    """Present `deck` full-screen; return the exit status."""
    import textual  # noqa: F401  # the real app is built on Textual

    print(deck.title.get(lang))
    return 0
