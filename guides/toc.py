"""A table of contents read back from rendered, sanitised HTML.

Reading the final HTML (rather than the Markdown) means the contents list only anchors
that survived the sanitiser, so every link in it lands somewhere.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

LEVELS = {"h2": 2, "h3": 3}


@dataclass
class Heading:
    level: int
    id: str
    text: str
    children: list["Heading"] = field(default_factory=list)


class _HeadingParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Heading] = []
        self._open: Heading | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in LEVELS and anchor:
            self._open = Heading(level=LEVELS[tag], id=anchor, text="")

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in LEVELS:
            self._open.text = " ".join(self._open.text.split())
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data


def headings(html: str) -> list[Heading]:
    """The h2 headings with ids, each with its h3 headings as children."""
    parser = _HeadingParser()
    parser.feed(html)
    parser.close()
    top: list[Heading] = []
    for heading in parser.found:
        if heading.level == 2 or not top:
            top.append(heading)
        else:
            top[-1].children.append(heading)
    return top
