"""Formatting pay the way readers of each currency expect."""

SYMBOLS = {"USD": "$", "CAD": "CA$", "GBP": "£", "EUR": "€", "INR": "₹", "SGD": "S$", "AUD": "A$"}
PERIOD_WORDS = {"year": "a year", "month": "a month", "hour": "an hour"}
LAKH = 100_000


def format_amount(amount: int, currency: str) -> str:
    symbol = SYMBOLS.get(currency)
    if currency == "INR" and amount >= LAKH:
        # Indian readers count salaries in lakh per annum (1 lakh = 100,000 rupees).
        lakh = amount / LAKH
        return f"₹{lakh:g} lakh"
    number = f"{amount:,}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def format_range(
    minimum: int, maximum: int, currency: str, period: str = "year", open_ended: bool = False
) -> str:
    low = format_amount(minimum, currency)
    high = format_amount(maximum, currency) + ("+" if open_ended else "")
    text = low if minimum == maximum else f"{low} – {high}"
    words = PERIOD_WORDS.get(period)
    return f"{text} {words}" if words else text


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency (pycountry's list, shipped with the package)."""
    import pycountry

    return bool(code) and pycountry.currencies.get(alpha_3=code) is not None


def currency_name(code: str) -> str:
    import pycountry

    found = pycountry.currencies.get(alpha_3=code)
    return found.name if found else code
