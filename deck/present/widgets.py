"""The presenter's widgets: header bar, slide view, 'more' hints, status bar with progress and timers.

`SlideView` shows exactly the renderable that `deck.draw.render.render_slide` returns: it renders it
into lines once per (slide, options, width, theme) through a small LRU cache, at most
`deck.draw.layout.MAX_TEXT_WIDTH` wide, places it as `deck.draw.layout.placement` says (centred
across, title on the top row, the title slide in the middle), and scrolls it when it is taller
than the view. Its scrollbar is hidden because a scrollbar would
take columns from the slide and break the geometry `deck.draw.layout` promises to `deck check --size`;
the `Hint` rows above and below (the layout's padding rows) say "↑ more" / "↓ more" instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from deck.draw.layout import placement, text_width
from deck.draw.render import DeckProgress, header_grid, status_grid
from deck.format.model import Slide
from deck.present.state import match_spans

if TYPE_CHECKING:
    from textual.screen import Screen


Drawn = TypeVar("Drawn")


class RenderCache(Generic[Drawn]):
    """The most recently drawn things (slides as lines of cells, by default), least recently
    used dropped first."""

    def __init__(self, capacity: int = 96) -> None:  # 48 slides, each drawn and placed
        self.capacity = capacity
        self._lines: OrderedDict[Hashable, Drawn] = OrderedDict()
        self.misses = 0

    def get(self, key: Hashable, render: Callable[[], Drawn]) -> Drawn:
        """The lines cached under `key`, rendering (and caching) them on a miss."""
        lines = self._lines.get(key)
        if lines is None:
            self.misses += 1
            lines = self._lines[key] = render()
            if len(self._lines) > self.capacity:
                self._lines.popitem(last=False)
        else:
            self._lines.move_to_end(key)
        return lines

    def clear(self) -> None:
        """Forget everything (after a reload the same keys may mean other slides)."""
        self._lines.clear()


SlideCache = RenderCache[list[Strip]]
"""The app's cache of slides drawn and placed, shared by its slide views."""

SlideFactory = Callable[[], RenderableType]


def drawn_lines(widget: Widget, renderable: RenderableType, width: int, style: Style) -> list[Strip]:
    """`renderable` drawn `width` cells wide in the widget's colours, as lines (not padded)."""
    options = widget.app.console_options.update(width=width, height=None, highlight=False)
    segments = widget.app.console.render(Styled(renderable, style), options)
    return [Strip(line) for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)]


def pads_only(widget: Widget) -> bool:
    """Whether Textual's styles cache would do no more to the widget's lines than pad them left
    and right: no border, outline, padding above or below, tint, opacity or hatch. Such a widget
    can hand its own lines to the compositor (`handed_over`)."""
    styles = widget.styles
    padding = styles.padding
    return (styles.gutter == padding and not padding.top and not padding.bottom
            and not any(edge for edge, _ in styles.outline) and not styles.tint.a and styles.opacity == 1.0
            and styles.text_opacity == 1.0 and not styles.has_rule("hatch"))


def set_scroll_size(view: ScrollView, size: Size) -> None:
    """`view.virtual_size = size`, without the layout of the whole screen that Textual asks for
    whenever a virtual size changes. A slide of another length changed it on most key presses;
    for a view that draws no scrollbar (`SlideView`), nothing on the screen moves then.
    """
    if size == view.virtual_size:
        return
    view.set_reactive(Widget.virtual_size, size)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()


def handed_over(widget: Widget, lines: list[Strip], crop: Region) -> list[Strip]:
    """The widget's finished lines in `crop` through the app's filters (Textual caches each
    filtered line on the line itself: lines kept from frame to frame are filtered once)."""
    _, background = widget.background_colors
    for line_filter in widget.get_line_filters():
        lines = [line.apply_filter(line_filter, background) for line in lines]
    x1, x2 = crop.column_span
    if (x1, x2) != (0, widget.outer_size.width):
        lines = [line.crop(x1, x2) for line in lines]
    return lines


class SlideView(ScrollView, can_focus=False):
    """One slide, centred in the view, scrolling vertically when it does not fit."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"slide-view--match"}
    announces_scrolls = True  # the screen draws this view's "more" hints

    class Scrolled(Message):
        """The view scrolled or got new content: the 'more' hints need a look."""

    def __init__(self, cache: SlideCache, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cache = cache
        self._key: Hashable = None
        self._factory: SlideFactory | None = None
        self._query = ""
        self._middle = False
        self._slide: Slide | None = None
        self._lines: list[Strip] = []
        self._strips: list[Strip] | None = []  # None: not placed yet (see `_rebuild`)
        self._drawn = 0
        self._built_for: tuple[Hashable, Size, Style] | None = None
        self._blank = Strip.blank(0)

    def show(self, key: Hashable, factory: SlideFactory, *, query: str = "", top: bool = True,
             middle: bool = False, slide: Slide | None = None) -> None:
        """Show the renderable `factory` makes (rendered only if `key` is not cached).

        `query` is highlighted wherever it occurs in a line; `top` scrolls back to the top;
        `middle` centres it vertically when it fits (the title slide); `slide` decides the width
        it is drawn at (`deck.draw.layout.text_width`).
        """
        self._key, self._factory, self._query, self._middle = key, factory, query, middle
        self._slide = slide
        self._rebuild()
        if top:
            self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def text(self) -> str:
        """The lines on show as plain text (for tests and search), without the centring."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    @property
    def content_height(self) -> int:
        """Rows the slide takes at the view's present width."""
        return len(self._lines)

    @property
    def allow_vertical_scroll(self) -> bool:
        """Whether the slide is taller than the view. Textual decides it from a scrollbar, which
        this view never draws, and whose state only a layout of the screen updates."""
        return self.virtual_size.height > self._window().height

    def _window(self) -> Size:
        """The cells the slide is placed in and scrolls through: the whole view (a view that
        draws more than the slide gives it a part, `deck.present.presenter_pane`)."""
        return self.size

    @property
    def more_above(self) -> bool:
        """Whether part of the slide is scrolled off the top."""
        return self.scroll_offset.y > 0

    @property
    def more_below(self) -> bool:
        """Whether part of the slide is below the bottom of the view."""
        return self.scroll_offset.y < self.max_scroll_y

    def first_match_row(self) -> int | None:
        """The first line (of the slide) where the query occurs, to scroll it into view."""
        for row, line in enumerate(self._lines):
            if match_spans(line.text, self._query):
                return row
        return None

    def on_resize(self) -> None:
        """Render again at the new width (cached per width)."""
        self._rebuild()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Repaint, and let the screen update its 'more' hints."""
        super().watch_scroll_y(old_value, new_value)
        if self.announces_scrolls:
            self.post_message(self.Scrolled())

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines of the view, built first if the view's size or colours changed."""
        # Checked once per frame, not per line: `rich_style` walks the ancestors' styles.
        if self._built_for != (self._key, self.size, self.rich_style):
            # First paint: the view is laid out now but its Resize event has not come yet.
            # Building here puts the slide in the very first frame instead of the next one.
            self._rebuild()
        if not self._drawn_as_is():
            return super().render_lines(crop)
        # The placed lines are already what Textual's styles cache would make of them: hand
        # them over. They are cached with the slide, so their filtered copies are too, and a
        # slide drawn ahead costs nothing here (this was half of a key press's redraw).
        top, strips = self.scroll_offset.y, self._placed_lines()
        return handed_over(self, [strips[row] if 0 <= row < len(strips) else self._blank
                                  for row in range(top + crop.y, top + crop.bottom)], crop)

    def _drawn_as_is(self) -> bool:
        """Whether the view's own styles leave its lines as they are (no padding either)."""
        return pads_only(self) and not any(self.styles.padding)

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view (the Line API, when Textual's styles cache draws the view)."""
        row, strips = y + self.scroll_offset.y, self._placed_lines()
        if 0 <= row < len(strips):
            return strips[row]
        return self._blank

    def _rebuild(self) -> None:
        width = self._window().width
        if self._factory is None or width <= 0 or self.size.height <= 0:
            self._lines, self._strips = [], []
            set_scroll_size(self, Size(0, 0))
            return
        style = self.rich_style
        self._built_for = (self._key, self.size, style)
        self._blank = Strip.blank(width, style)
        self._drawn = text_width(width, self._slide)
        self._lines = self._lines_for(self._key, self._drawn, style)
        self._strips = None  # placed when first drawn (`_placed_lines`)
        height = self._window().height  # after the lines: a part's height may follow them
        _, top = placement((self._drawn, len(self._lines)), (width, height), self._middle)
        set_scroll_size(self, Size(width, max(height, top + len(self._lines))))
        self.refresh()
        if self.announces_scrolls:
            self.post_message(self.Scrolled())

    def _placed_lines(self) -> list[Strip]:
        """The slide's lines placed in the view (see `_rebuild`)."""
        if self._strips is None:
            width, height = self._window()
            style = self._built_for[2] if self._built_for else self.rich_style
            if self._query:
                self._strips = self._place(self._highlight(self._lines), self._drawn, (width, height), style,
                                           self._middle)
            else:
                self._strips = self._placed(self._key, self._drawn, style, self._middle)
        return self._strips

    def _lines_for(self, key: Hashable, drawn: int, style: Style, factory: SlideFactory | None = None) -> list[Strip]:
        """The slide's lines drawn `drawn` cells wide (cached)."""
        return self._cache.get((key, drawn, style), lambda: self._render_lines(drawn, style, factory))

    def _placed(self, key: Hashable, drawn: int, style: Style, middle: bool,
                factory: SlideFactory | None = None, size: tuple[int, int] | None = None) -> list[Strip]:
        """The slide's lines placed in a view of `size` (its present one by default), cached:
        the same strip objects each time, so what Textual caches on them is kept too."""
        size = size or (self._window().width, self._window().height)
        return self._cache.get(("placed", key, drawn, style, size, middle), lambda: self._place(
            self._lines_for(key, drawn, style, factory), drawn, size, style, middle))

    def warm(self, key: Hashable, factory: SlideFactory, slide: Slide | None = None, middle: bool = False) -> None:
        """Draw what `factory` makes into the cache, placed at this view's size and through the
        app's filters, without showing it (`slide` decides the width drawn, `middle` the
        placement, as in `show`): a key press that shows it then only hands the lines over."""
        width, height = self.size
        if width > 0 and height > 0:
            style = self.rich_style
            placed = self._placed(key, text_width(width, slide), style, middle, factory)
            _, background = self.background_colors
            for line_filter in self.get_line_filters():
                for line in placed:
                    line.apply_filter(line_filter, background)

    def _render_lines(self, width: int, style: Style, factory: SlideFactory | None = None) -> list[Strip]:
        factory = factory or self._factory
        assert factory is not None
        return drawn_lines(self, factory(), width, style)

    def _highlight(self, lines: list[Strip]) -> list[Strip]:
        if not self._query:
            return lines
        mark = self.get_component_rich_style("slide-view--match")
        return [highlight(line, self._query, mark) for line in lines]

    @staticmethod
    def _place(lines: list[Strip], drawn: int, size: tuple[int, int], style: Style, middle: bool) -> list[Strip]:
        """Place the block of lines, drawn `drawn` cells wide, as `deck.draw.layout.placement` says."""
        width, height = size
        left, top = placement((drawn, len(lines)), size, middle)
        placed = [Strip.join([Strip.blank(left, style), line]).adjust_cell_length(width, style)
                  for line in lines]
        blank = Strip.blank(width, style)
        return [blank] * top + placed + [blank] * max(height - top - len(placed), 0)


def highlight(line: Strip, query: str, mark: Style) -> Strip:
    """`line` with every occurrence of `query` (ignoring case) drawn in `mark`."""
    text = line.text
    spans = match_spans(text, query)
    if not spans:
        return line
    # Strip cuts are in cells: a Chinese character is two cells, so convert character offsets.
    cuts = sorted({cell_len(text[:i]) for span in spans for i in span} | {line.cell_length})
    starts = {cell_len(text[:start]) for start, _ in spans}
    pieces = line.divide(cuts)
    out: list[Strip] = []
    position = 0
    for piece in pieces:
        if position in starts:
            piece = Strip(Segment.apply_style(iter(piece), post_style=mark), piece.cell_length)
        out.append(piece)
        position += piece.cell_length
    return Strip.join(out)


class Hint(Widget):
    """One row above or below the slide (its padding) that says when there is more to scroll."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self.shown = False

    def show(self, shown: bool) -> None:
        """Show the hint or leave the row blank."""
        if shown != self.shown:
            self.shown = shown
            self.refresh()

    def render(self) -> Text:
        """The hint, right-aligned, or nothing."""
        return Text(self._text if self.shown else "", justify="right")


class DrawnWidget(Widget):
    """A widget drawn from one Rich renderable with the Line API, drawn again only when what it
    shows (`draw_key`), its size or its colours change; it never asks for a layout.

    Textual would render the renderable through its visual pipeline and styles cache on every
    refresh, and a `Static` whose text changes asks for a layout of the whole screen. The header,
    status row and the presenter's side panel change on every key press; those costs were more
    than half of the press.
    """

    KEPT = 8  # drawings kept: the one on show and the neighbours' (see `warm`)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawings: RenderCache[list[Strip]] = RenderCache(self.KEPT)

    def draw_key(self) -> Hashable:
        """What the widget shows, as a value: equal keys draw equal lines."""
        raise NotImplementedError

    def draw_renderable(self) -> RenderableType:
        """What the widget shows, to draw."""
        raise NotImplementedError

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`, through the app's filters."""
        return handed_over(self, self._drawing(self.draw_key(), self.draw_renderable)[crop.y:crop.bottom], crop)

    def render_line(self, y: int) -> Strip:
        """Line `y` (for callers other than the compositor)."""
        return self.render_lines(Region(0, y, self.size.width, 1))[0]

    def warm(self, key: Hashable, renderable: SlideFactory) -> None:
        """Draw what `renderable` makes under `key` now, at the present size and colours, so that
        showing it later (a key press) costs nothing here."""
        if self.size.width > 0 and self.size.height > 0:
            self._drawing(key, renderable)

    def _drawing(self, key: Hashable, renderable: SlideFactory) -> list[Strip]:
        size, style = self.size, self.rich_style
        return self._drawings.get((key, size, style), lambda: self._draw(size, style, renderable()))

    def _draw(self, size: Size, style: Style, renderable: RenderableType) -> list[Strip]:
        width, height = size
        lines = drawn_lines(self, renderable, width, style)[:height]
        strips = [line.adjust_cell_length(width, style) for line in lines]
        return strips + [Strip.blank(width, style)] * (height - len(strips))


class SidePanel(DrawnWidget):
    """A panel of the presenter view that shows what the screen gives it (NEXT, the timers)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Hashable = None
        self._factory: SlideFactory = Text

    def show(self, key: Hashable, factory: SlideFactory) -> None:
        """Show what `factory` makes, drawn again only if `key` differs from the last one."""
        if key != self._key:
            self._key, self._factory = key, factory
            self.refresh()

    def draw_key(self) -> Hashable:
        """The key given with the panel's content."""
        return self._key

    def draw_renderable(self) -> RenderableType:
        """The panel's content."""
        return self._factory()


@dataclass(frozen=True)
class HeaderInfo:
    """What the header says: deck title, section (in its accent colour), language, n/N."""

    title: str
    section: str
    accent: str
    counter: str


class HeaderBar(DrawnWidget):
    """The top row: deck title on the left, the section in the middle, n/N on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = HeaderInfo("", "", "", "")

    def update(self, info: HeaderInfo) -> None:
        """Show new header texts."""
        if info != self.info:
            self.info = info
            self.refresh()

    def draw_key(self) -> Hashable:
        """The header's texts."""
        return self.info

    def draw_renderable(self) -> RenderableType:
        """A one-row grid; long titles are cut with an ellipsis, never wrapped."""
        return self._grid(self.info)

    def warm_info(self, info: HeaderInfo) -> None:
        """Draw the header `info` would show (a neighbour's), for the key press that shows it."""
        self.warm(info, lambda: self._grid(info))

    @staticmethod
    def _grid(info: HeaderInfo) -> RenderableType:
        return header_grid(info.title, info.section, info.accent, info.counter)


@dataclass(frozen=True)
class StatusInfo:
    """What the status row says besides the bar: a typed slide number, timers."""

    note: str
    elapsed: str
    remaining: str | None
    overrun: bool


class StatusBar(DrawnWidget):
    """The first footer row: progress bar, typed number or search note, elapsed/remaining time."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-bar--overrun", "status-bar--note"}

    def __init__(self, progress: Callable[[], DeckProgress], status: Callable[[], StatusInfo],
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = progress
        self._status = status
        self._source: object = None  # the deck whose bars are drawn

    def draw_key(self) -> Hashable:
        """The bar's slide and deck, and the texts."""
        return self._key_of(self._progress(), self._status())

    def draw_renderable(self) -> RenderableType:
        """Bar on the left taking what the texts leave."""
        return self._grid(self._progress(), self._status())

    def warm_row(self, progress: DeckProgress, info: StatusInfo) -> None:
        """Draw the row for `progress` and `info` (a neighbour's bar, the present timers)."""
        self.warm(self._key_of(progress, info), lambda: self._grid(progress, info))

    def _key_of(self, progress: DeckProgress, info: StatusInfo) -> Hashable:
        # Not the deck: hashing a deck hashes every slide (15 ms for 1,000 slides, on every
        # frame). The drawings are dropped when another deck comes instead (`_same_deck`).
        # The theme stands for the note's and overrun's component styles, which are slower to
        # look up than the rest of the key together.
        self._same_deck(progress.source)
        return (progress.index, progress.total, info, self.app.theme)

    def _same_deck(self, source: object) -> None:
        """Forget the drawings of another deck's bar (after a reload)."""
        if source is not self._source:
            self._source = source
            self._drawings.clear()

    def _grid(self, progress: DeckProgress, info: StatusInfo) -> RenderableType:
        return status_grid(progress, info.note, info.elapsed, info.remaining, info.overrun,
                           self.get_component_rich_style("status-bar--note"),
                           self.get_component_rich_style("status-bar--overrun"))


FooterKeys = tuple[bool, tuple[tuple[str, bool], ...]]
"""What the footer shows: the palette key or not, and (action, enabled) of each key."""


def _same_keys(one: FooterKeys, other: FooterKeys) -> bool:
    """The same keys in the same order, whatever their enabled states."""
    return one[0] == other[0] and [action for action, _ in one[1]] == [action for action, _ in other[1]]


class DeckFooter(Footer):
    """Textual's key footer, rebuilt only when what it shows changes.

    The screen's bindings are refreshed on every move (so Next/Prev can grey out at the ends);
    Textual's Footer rebuilds all its keys each time, which is most of the cost of a key press.
    """

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: FooterKeys | None = None

    def compose(self) -> ComposeResult:
        """The keys, from the first compose on.

        Textual's Footer composes nothing until the screen's bindings are announced, after the
        first frame, so that frame had an empty footer row and the keys came one frame later.
        The screen's bindings are known when the footer is mounted in it.
        """
        self.set_reactive(Footer._bindings_ready, True)
        # What is composed now is on show: the first key press must not rebuild it all again.
        self._shown = self._keys_of(self.screen)
        yield from super().compose()

    def _keys_of(self, screen: Screen[object]) -> FooterKeys:
        return (self.show_command_palette, tuple((binding.action, enabled)
                for _node, binding, enabled, _tip in screen.active_bindings.values() if binding.show))

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild only if a shown key appeared or went; grey keys out or in where they are."""
        shown = self._keys_of(screen)
        if self._shown is not None and self.is_attached and screen is self.screen:
            if shown == self._shown:
                return
            if _same_keys(shown, self._shown):
                self._set_enabled(shown)
                return
        if screen.app.app_focus:  # Footer skips the rebuild without focus: then try again next time
            self._shown = shown
        super().bindings_changed(screen)

    def _set_enabled(self, shown: FooterKeys) -> None:
        """Only enabled states changed (Prev after leaving slide 1): restyle those keys, which
        costs a repaint of a few cells where a rebuild of the footer cost most of a key press."""
        enabled: dict[str, bool] = {}
        for action, on in shown[1]:
            enabled.setdefault(action, on)  # Footer shows the first binding of an action
        for key in self.query(FooterKey):
            off = not enabled.get(key.action, True)
            key._disabled = off  # what FooterKey's click handler reads
            key.set_class(off, "-disabled")
        self._shown = shown

    def watch_show_command_palette(self) -> None:
        """Rebuild to add or drop the palette key."""
        if self.is_attached:
            self._shown = None
            self.refresh(recompose=True)
