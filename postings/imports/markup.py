"""An imported description's HTML as Markdown, the board's own format.

Only the structure survives (paragraphs, headings, lists, emphasis, links to http(s) and
mailto addresses); scripts, styles and every attribute but a link's address are dropped.
The board then renders and sanitises the Markdown as it does any typed posting.
"""

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "section", "article", "br", "ul", "ol", "table", "tr", "blockquote"}
HEADINGS = {"h1": "## ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "#### ", "h6": "#### "}
DROPPED = {"script", "style", "template", "iframe", "object", "noscript", "svg", "head"}
# Markdown's own punctuation in the source's text is kept as text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.link: str | None = None
        self.link_text: list[str] = []

    def _write(self, text: str) -> None:
        (self.link_text if self.link is not None else self.out).append(text)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in DROPPED:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag in HEADINGS:
            self.out.append("\n\n" + HEADINGS[tag])
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in BLOCKS:
            self.out.append("\n\n" if tag != "br" else "  \n")
        elif tag in {"strong", "b"}:
            self._write("**")
        elif tag in {"em", "i"}:
            self._write("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if re.match(r"^(https?:|mailto:)", href, re.I) and self.link is None:
                self.link, self.link_text = href.replace(")", "%29").replace(" ", "%20"), []

    def handle_endtag(self, tag) -> None:
        if tag in DROPPED:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag in HEADINGS or tag in BLOCKS:
            self.out.append("\n\n")
        elif tag in {"strong", "b"}:
            self._write("**")
        elif tag in {"em", "i"}:
            self._write("*")
        elif tag == "a" and self.link is not None:
            text = "".join(self.link_text).strip() or self.link
            self.out.append(f"[{text}]({self.link})")
            self.link = None

    def handle_data(self, data) -> None:
        if not self.skipping:
            self._write(MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(data.split(" "))))


def html_to_markdown(source: str) -> str:
    converter = _Converter()
    converter.feed(source)
    converter.close()
    text = "".join(converter.out)
    lines = [
        " ".join(line.split()) if not line.startswith("- ") else line for line in text.split("\n")
    ]
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return text.strip()[:20_000]
