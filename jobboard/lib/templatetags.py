"""Template helpers every app uses; loaded as a builtin, so templates need no {% load %}."""

from django import template
from django.utils.http import urlencode

from .money import format_amount, format_range

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    """`path` (or the current path) as a full URL on the host the request came to."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)


@register.simple_tag
def salary(posting) -> str:
    return format_range(
        posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one).

    Keeps every filter when a pagination link or a facet link changes just one thing.
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + urlencode(sorted(query.lists()), doseq=True) if query else "?"


@register.simple_tag
def money_range(minimum: int, maximum: int, currency: str, open_ended: bool = False) -> str:
    return format_range(minimum, maximum, currency, "", open_ended)


@register.simple_tag
def money(amount: int, currency: str) -> str:
    return format_amount(amount, currency)
