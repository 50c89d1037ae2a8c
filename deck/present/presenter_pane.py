"""The presenter view's left column as one widget: "↑ more", the slide, "↓ more", the notes.

The slide takes the rows it needs, at most `deck.draw.layout.presenter_slide_area`'s (the notes
keep `NOTES_MIN_ROWS`), `PRESENTER_PAD_COLS` in from each side; the notes take the rows left,
with a one-column scrollbar when they do not fit. The pane places these parts itself, so a slide
of another height moves the split between them without a layout of the screen. As four widgets
(two hint rows, the slide, the notes) each such move laid the whole screen out before the frame:
Textual's reflow of every widget, then a compositor pass over every region that moved, about
3 ms of the key press (docs/performance.md).

The slide part is `SlideView`'s (drawing, cache, placement, search marks, scrolling with the
arrow keys); the notes scroll with `]`/`[` and the mouse wheel over them. The whole column is
kept drawn per (slide, notes, offsets), and the neighbours' columns are drawn ahead
(`warm_column`): a key press then hands finished lines to the compositor.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size, clamp
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from deck.draw.layout import NOTES_MIN_ROWS, PAD_ROWS, PRESENTER_PAD_COLS, text_width
from deck.format.model import Slide
from deck.present.widgets import DrawnWidget, RenderCache, SlideCache, SlideFactory, SlideView, drawn_lines, handed_over

NOTES_BAR = 1  # the notes' scrollbar, in columns (Textual's default vertical scrollbar size)
HINT_ROWS = 2 * PAD_ROWS  # "↑ more" above the slide, "↓ more" below it

ColumnKey = tuple[Hashable, ...]


class PresenterPane(SlideView):
    """The slide as tall as it is (at most what leaves the notes their rows), hints, the notes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"slide-view--match", "presenter-pane--hint"}
    announces_scrolls = False  # it draws its own "more" hints

    def __init__(self, cache: SlideCache, *, id: str | None = None) -> None:
        super().__init__(cache, id=id)
        self._notes_key: Hashable = None
        self._notes_factory: SlideFactory = Text
        self._notes_top = 0
        self._wrapped: RenderCache[list[Strip]] = RenderCache(DrawnWidget.KEPT)
        self._columns: RenderCache[list[Strip]] = RenderCache(DrawnWidget.KEPT)

    # --- geometry -------------------------------------------------------------------------------

    def _window(self) -> Size:
        """The slide's part: two columns in from each side, as tall as the slide up to the most."""
        return Size(max(self.size.width - 2 * PRESENTER_PAD_COLS, 0), self._slide_rows(len(self._lines)))

    def _slide_rows(self, lines: int) -> int:
        """Rows a slide of `lines` gets: all it needs, unless that leaves the notes too few."""
        most = self.size.height - HINT_ROWS - NOTES_MIN_ROWS
        return max(min(lines, most), 1)

    @property
    def slide_window(self) -> Size:
        """The cells the slide has now (what `deck check --size` promises it in the presenter view)."""
        return self._window()

    @property
    def slide_rows(self) -> int:
        """Rows the slide has now."""
        return self._window().height

    @property
    def notes_rows(self) -> int:
        """Rows the notes have now."""
        return max(self.size.height - self.slide_rows - HINT_ROWS, 0)

    @property
    def max_scroll_y(self) -> int:
        """How far the slide scrolls: it scrolls through its part, not the whole pane."""
        return max(0, self.virtual_size.height - self._window().height)

    # --- the notes ------------------------------------------------------------------------------

    def show_notes(self, key: Hashable, factory: SlideFactory) -> None:
        """Show the notes `factory` makes, from the top, unless `key` is what is on show."""
        if key != self._notes_key:
            self._notes_key, self._notes_factory, self._notes_top = key, factory, 0
            self.refresh()

    @property
    def notes_offset(self) -> int:
        """How many rows of the notes are scrolled off the top: as scrolled, or less where the
        pane has grown since (a resize), so that the notes' last row stays at the bottom."""
        return self._shown_top(len(self._notes_lines(self._notes_key, self._notes_factory, self.notes_rows,
                                                     self.rich_style)))

    def _shown_top(self, lines: int) -> int:
        return min(self._notes_top, max(lines - self.notes_rows, 0))

    @property
    def notes_text(self) -> str:
        """The notes as plain text, as wrapped now (for tests)."""
        return "\n".join(line.text.rstrip() for line in self._notes_lines(self._notes_key, self._notes_factory,
                                                                           self.notes_rows, self.rich_style))

    def scroll_notes(self, rows: int) -> None:
        """Scroll the notes by `rows` (down when positive), within their length."""
        lines = self._notes_lines(self._notes_key, self._notes_factory, self.notes_rows, self.rich_style)
        top = clamp(self.notes_offset + rows, 0, max(len(lines) - self.notes_rows, 0))
        if top != self._notes_top:
            self._notes_top = top
            self.refresh()

    def _notes_lines(self, key: Hashable, factory: SlideFactory, rows: int, style: Style) -> list[Strip]:
        """The notes wrapped for `rows` rows: one scrollbar narrower when they do not fit in them
        (as Textual's layout wraps a scrolling view's text)."""
        inner = max(self.size.width - 2 * PRESENTER_PAD_COLS, 0)

        def wrap() -> list[Strip]:
            lines = self._wrap(factory, inner, style)
            if len(lines) > rows:
                lines = self._wrap(factory, inner - NOTES_BAR, style)
            return lines

        return self._wrapped.get((key, inner, rows, style), wrap)

    def _wrap(self, factory: SlideFactory, width: int, style: Style) -> list[Strip]:
        if width <= 0:
            return []
        return [line.adjust_cell_length(width, style) for line in drawn_lines(self, factory(), width, style)]

    # --- drawing --------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The column's lines in `crop`, drawn once per slide, notes and offsets."""
        if self._built_for != (self._key, self.size, self.rich_style):
            self._rebuild()  # the first paint comes before the Resize event; a theme recolours
        return handed_over(self, self._column()[crop.y:crop.bottom], crop)

    def render_line(self, y: int) -> Strip:
        """Row `y` of the column (the Line API, when Textual's styles cache draws the pane)."""
        column = self._column()
        return column[y] if 0 <= y < len(column) else Strip.blank(self.size.width, self.rich_style)

    def _column(self) -> list[Strip]:
        style = self._built_for[2] if self._built_for else self.rich_style
        top = round(self.scroll_offset.y)
        notes = self._notes_lines(self._notes_key, self._notes_factory, self.notes_rows, style)
        notes_top = self._shown_top(len(notes))
        key = (self._key, self._query, self.size, style, top, self._notes_key, notes_top)
        return self._columns.get(key, lambda: self._draw_column(self._placed_lines(), top, notes, notes_top, style))

    def warm_column(self, key: Hashable, factory: SlideFactory, slide: Slide | None, middle: bool,
                    notes_key: Hashable, notes_factory: SlideFactory) -> None:
        """Draw the column a neighbouring step shows (its slide at the top, its notes from the top)
        and pass it through the app's filters: the key press that shows it only hands it over."""
        width, height = self.size
        inner = width - 2 * PRESENTER_PAD_COLS
        if inner <= 0 or height <= 0:
            return
        style, drawn = self.rich_style, text_width(inner, slide)
        rows = self._slide_rows(len(self._lines_for(key, drawn, style, factory)))
        column_key = (key, "", self.size, style, 0, notes_key, 0)
        column = self._columns.get(column_key, lambda: self._draw_column(
            self._placed(key, drawn, style, middle, factory, (inner, rows)), 0,
            self._notes_lines(notes_key, notes_factory, height - rows - HINT_ROWS, style), 0, style))
        _, background = self.background_colors
        for line_filter in self.get_line_filters():
            for line in column:
                line.apply_filter(line_filter, background)

    def _draw_column(self, placed: list[Strip], top: int, notes: list[Strip], notes_top: int,
                     style: Style) -> list[Strip]:
        """The whole column: hint, the slide's rows from `top`, hint, the notes' rows from `notes_top`."""
        width, height = self.size
        inner = width - 2 * PRESENTER_PAD_COLS
        if inner <= 0:  # narrower than its blank columns (the too-small message is on show then)
            return [Strip.blank(width, style)] * height
        rows = self._slide_rows(len(placed))
        # The blank columns in the background alone, as Textual paints margins and padding.
        side = Strip.blank(PRESENTER_PAD_COLS, Style(bgcolor=style.bgcolor))
        blank = Strip.blank(inner, style)
        slide = [Strip.join([side, line, side]) for line in placed[top:top + rows]]
        slide += [Strip.join([side, blank, side])] * (rows - len(slide))
        column = [self._hint("↑ more", top > 0, inner, side, style), *slide,
                  self._hint("↓ more", top + rows < len(placed), inner, side, style)]
        return column + self._notes_part(notes, notes_top, max(height - len(column), 0), side, style)

    def _hint(self, text: str, shown: bool, inner: int, side: Strip, style: Style) -> Strip:
        hint = Text(text if shown else "", style=self.get_component_rich_style("presenter-pane--hint"),
                    justify="right")
        line = (drawn_lines(self, hint, inner, style) or [Strip.blank(0)])[0].adjust_cell_length(inner, style)
        return Strip.join([side, line, side])

    def _notes_part(self, notes: list[Strip], top: int, rows: int, side: Strip, style: Style) -> list[Strip]:
        """`rows` rows of the notes from `top`, padded, with the scrollbar when they scroll."""
        width = max(self.size.width - 2 * PRESENTER_PAD_COLS, 0)
        scrolls = len(notes) > rows
        if scrolls:
            width -= NOTES_BAR
        blank = Strip.blank(width, style)
        shown = notes[top:top + rows]
        shown += [blank] * (rows - len(shown))
        if not scrolls:
            return [Strip.join([side, line, side]) for line in shown]
        # Where Textual puts a padded view's scrollbar: inside the padding, beside the text.
        bar = self._scrollbar(len(notes), rows, top, style)
        return [Strip.join([side, line, bar_row, side]) for line, bar_row in zip(shown, bar, strict=True)]

    def _scrollbar(self, lines: int, rows: int, top: int, style: Style) -> list[Strip]:
        """The notes' scrollbar as Textual's `ScrollBar` draws it (not hovered, not dragged), in
        the pane's colours, without its mouse actions (they would scroll the slide)."""
        styles = self.styles
        background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            base_background, _ = self.background_colors
            background = base_background + background
        color = background + color
        bar_style = Style.from_color(color.rich_color, background.rich_color)
        if self.screen.styles.scrollbar_color.a == 0:
            renderer = ScrollBarRender(vertical=True, style=bar_style)
        else:
            renderer = ScrollBarRender(virtual_size=lines, window_size=rows, position=top, thickness=NOTES_BAR,
                                       vertical=True, style=bar_style)
        options = self.app.console_options.update(width=NOTES_BAR, height=rows, highlight=False)
        segments = [Segment(text, style + (part or Style()).clear_meta_and_links(), control)
                    for text, part, control in self.app.console.render(renderer, options)]
        cut = Segment.split_and_crop_lines(segments, NOTES_BAR, include_new_lines=False)
        return [Strip(line) for line in cut][:rows]

    # --- the mouse wheel ------------------------------------------------------------------------

    def _over_notes(self, event: events.MouseEvent) -> bool:
        return event.y >= self.slide_rows + HINT_ROWS

    # Textual calls these handlers of every class in the pane's ancestry, Widget's (which scrolls
    # the slide) after these, unless the event's default is prevented.

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel over the notes scrolls them (elsewhere Widget's handler scrolls the slide)."""
        self._wheel_over_notes(event, round(self.app.scroll_sensitivity_y))

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """The wheel over the notes scrolls them (elsewhere Widget's handler scrolls the slide)."""
        self._wheel_over_notes(event, -round(self.app.scroll_sensitivity_y))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press on the notes' scrollbar scrolls the notes to that point of their length."""
        self._bar_to(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Dragging along the notes' scrollbar (the button held) scrolls them with the pointer."""
        if event.button:
            self._bar_to(event)

    def _bar_to(self, event: events.MouseEvent) -> None:
        first = self.slide_rows + HINT_ROWS
        bar_column = self.size.width - PRESENTER_PAD_COLS - NOTES_BAR
        lines = len(self._notes_lines(self._notes_key, self._notes_factory, self.notes_rows, self.rich_style))
        rows = self.notes_rows
        if lines > rows and event.x == bar_column and first <= event.y < first + rows:
            fraction = (event.y - first) / max(rows - 1, 1)
            self.scroll_notes(round(fraction * (lines - rows)) - self._notes_top)
            event.stop()

    def _wheel_over_notes(self, event: events.MouseEvent, rows: int) -> None:
        if event.y >= self.slide_rows + HINT_ROWS and not (event.ctrl or event.shift):
            self.scroll_notes(rows)
            event.prevent_default()
            event.stop()
