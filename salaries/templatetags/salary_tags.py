from django import template

register = template.Library()


@register.filter
def usd(value: float | None) -> str:
    """A survey amount as whole US dollars, e.g. $152,300."""
    return "" if value is None else f"${value:,.0f}"
