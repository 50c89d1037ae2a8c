"""Drawing: a slide of the model -> one Rich renderable, for the screen and every export alike.

`text` breaks lines by script (cells, never `len()`); `render` is the only mapping from the
model to renderables; `layout` is the geometry the presenter and `deck check --size` share;
`charts` holds one module per chart kind. Imports the format and Rich, never Textual.
"""

from __future__ import annotations

from deck.draw.render import RenderOptions, render_notes, render_slide, reveal_steps

__all__ = ["RenderOptions", "render_notes", "render_slide", "reveal_steps"]
