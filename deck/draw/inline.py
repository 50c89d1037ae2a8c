"""Deck text with its inline emphasis and links (`deck.format.inline`) as Rich `Text`.

Bold and italic are Rich's bold and italic, code is in the slide's accent colour, and a link is
underlined and carries Rich's ``link`` style, which a terminal that supports it shows as an OSC 8
hyperlink (only `deck.format.inline.LINK_SCHEMES` ever become links). The text is always data:
never Rich markup. Line breaking is `deck.draw.text.wrap`'s, on the styled text, so the rules
do not change under emphasis.

`InlineText` is made once per slide: when printing URLs (the text export), each link's URL
follows its label in brackets, once per slide for a repeated URL.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from deck.draw.text import safe_text
from deck.format.inline import Run, runs
from deck.format.sanitize import clean_text

_BOLD = Style(bold=True)
_ITALIC = Style(italic=True)


class InlineText:
    """Turns the deck texts of one slide into styled `Text`.

    `inline` False (a deck's ``inline: plain``) shows every text as written; `urls` prints a
    link's URL after its label (`[https://...]`), the first time the slide links to it.
    """

    def __init__(self, inline: bool = True, urls: bool = False, code_style: Style | str = "") -> None:
        self.inline = inline
        self.urls = urls
        self.code_style = Style.parse(code_style) if isinstance(code_style, str) else code_style
        self.seen: set[str] = set()

    def __call__(self, text: str, style: str = "") -> Text:
        """`text` as a `Text` in `style`, its inline runs styled over it."""
        parts = runs(text, self.inline)
        if len(parts) <= 1 and (not parts or _is_plain(parts[0])):
            return safe_text(text if not parts else parts[0].text, style=style)
        out = Text(style=style, end="")
        for number, run in enumerate(parts):
            out.append(clean_text(run.text), self._style(run))
            following = parts[number + 1].link if number + 1 < len(parts) else None
            if self.urls and run.link is not None and following != run.link:
                self._note_url(out, run)
        return out

    def _style(self, run: Run) -> Style | None:
        styles = [_BOLD] if run.bold else []
        if run.italic:
            styles.append(_ITALIC)
        if run.code:
            styles.append(self.code_style)
        if run.link is not None:
            styles.append(Style(underline=True, link=run.link))
        return Style.combine(styles) if styles else None

    def _note_url(self, out: Text, last: Run) -> None:
        """After a link's label: its URL in brackets, unless said already on this slide (or the
        label is the URL itself)."""
        url = last.link
        assert url is not None
        if url in self.seen or out.plain.endswith(url):
            return
        self.seen.add(url)
        out.append(f" [{url}]")


def _is_plain(run: Run) -> bool:
    return not (run.bold or run.italic or run.code or run.link)
