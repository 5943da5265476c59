"""Template helpers every app uses; loaded as a builtin, so templates need no {% load %}."""

from django import template
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from jobboard.markdown import render_markdown
from jobboard.money import format_amount, format_range

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag
def salary(posting) -> str:
    return format_range(
        posting.salary_min, posting.salary_max, posting.salary_currency, posting.salary_period
    )


@register.simple_tag
def band_range(band) -> str:
    return format_range(band.minimum, band.maximum, band.currency, "", band.open_ended)


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


@register.simple_tag(takes_context=True)
def query_toggle(context, key: str, value: str) -> str:
    """The current query string with one value of a repeatable parameter switched on or off."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    values = query.getlist(key)
    query.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.simple_tag
def money_range(minimum: int, maximum: int, currency: str, open_ended: bool = False) -> str:
    return format_range(minimum, maximum, currency, "", open_ended)


@register.simple_tag
def money(amount: int, currency: str) -> str:
    return format_amount(amount, currency)
