"""Markdown written by users, rendered to HTML that is safe to show.

Markdown itself lets raw HTML through, so every render is passed through nh3 (the Rust
`ammonia` sanitiser): scripts, event-handler attributes, styles and `javascript:` links
are removed, whatever the author typed.
"""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify_unicode

from .cache import cached_content

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Heading anchors (for a table of contents) all start with this prefix, so an author's
# heading can never take an id the page itself uses, such as `main`.
HEADING_ID_PREFIX = "section-"
HEADING_ID = re.compile(rf"^{HEADING_ID_PREFIX}[\w-]+$")
HEADING_TAGS = {"h2", "h3", "h4"}


def _heading_slug(value: str, separator: str) -> str:
    return HEADING_ID_PREFIX + (slugify_unicode(value, separator) or "part")


def _keep_heading_ids(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if element in HEADING_TAGS and HEADING_ID.match(value) else None
    return value


def render_markdown(text: str, *, heading_ids: bool = False) -> SafeString:
    """Markdown to safe HTML; with `heading_ids`, h2-h4 get `section-...` ids to link to."""
    extensions = ["extra", "sane_lists"]
    attributes = ALLOWED_ATTRIBUTES
    options = {}
    if heading_ids:
        extensions.append("toc")
        attributes = {**ALLOWED_ATTRIBUTES, **{tag: {"id"} for tag in HEADING_TAGS}}
        options["attribute_filter"] = _keep_heading_ids
    html = markdown_lib.markdown(
        text or "",
        extensions=extensions,
        extension_configs={"toc": {"slugify": _heading_slug}} if heading_ids else {},
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        **options,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


# Bump when the rendering or the sanitiser's rules change, so no older HTML is reused.
RENDERING_VERSION = 1


def render_markdown_cached(text: str) -> SafeString:
    """render_markdown(text), kept in the cache under a digest of the text itself.

    For text shown again and again unchanged, such as a posting's description: rendering and
    sanitising is the largest single cost of a posting page. An edited text has another
    digest, so it is never served stale.
    """
    html = cached_content(
        f"markdown:{RENDERING_VERSION}", text or "", lambda: str(render_markdown(text))
    )
    return mark_safe(html)  # noqa: S308 - sanitised by render_markdown when first rendered
