"""Tags for the addresses search engines and feed readers see: {% load seo %} in any template."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    """`path` (or the current path) as a full URL on the host the request came to."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)


@register.simple_tag(takes_context=True)
def clean_query(context, *drop: str) -> str:
    """The current query string without the named parameters and without empty values.

    '' when nothing is left, else '?a=1&b=2' (sorted, so one search has one address). A
    submitted filter form sends every field, most of them empty; this keeps only the choices.
    """
    pairs = [
        (key, value)
        for key, values in sorted(context["request"].GET.lists())
        if key not in drop
        for value in values
        if value.strip()
    ]
    return "?" + urlencode(pairs) if pairs else ""
