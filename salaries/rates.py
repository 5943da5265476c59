"""Reference exchange rates: how the board compares pay in different currencies.

Every rate is units of a currency per euro on a published date (the European Central
Bank's reference rates, whose base is the euro). An amount converts to US dollars as
amount / rate[currency] x rate[USD]. Conversions are rounded down to whole dollars, the
same way wherever they are made, so a posting's stored figure and a search's threshold
are compared like with like.
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from defusedxml import ElementTree
from django.db import transaction

from jobboard.lib.cache import cached_catalogue
from jobboard.lib.catalogue import read_json
from jobboard.lib.money import is_currency

from .models import ExchangeRate

CATALOGUE = Path(__file__).resolve().parent / "catalogue"
ECB_SOURCE = "Euro foreign exchange reference rates (European Central Bank)"
# A published rates file is a few kilobytes; anything far larger is not one.
MAX_RATES_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class RateTable:
    per_euro: dict[str, float]
    date: date | None
    source: str

    def usd_factor(self, currency: str) -> float | None:
        """Dollars per unit of `currency`, or None when the table has no rate for it."""
        if currency == "USD":
            return 1.0
        rate, usd = self.per_euro.get(currency), self.per_euro.get("USD")
        if not rate or not usd:
            return None
        return usd / rate

    def to_usd(self, amount: float, currency: str) -> int | None:
        factor = self.usd_factor(currency)
        return None if factor is None else math.floor(amount * factor)

    def from_usd(self, amount: float, currency: str) -> int | None:
        factor = self.usd_factor(currency)
        return None if not factor else math.floor(amount / factor)

    @property
    def description(self) -> str:
        """Which rates, of which day: for the pages that convert."""
        if self.date is None:
            return "reference rates, once loaded (none are yet: run load_catalogue)"
        return f"{self.source}, {self.date.day} {self.date:%B %Y}"


def rate_table() -> RateTable:
    """The rates now in force, kept with the catalogue (any rate's change moves it on)."""
    return cached_catalogue("exchange-rates", read_rate_table)


def read_rate_table() -> RateTable:
    """The rates now in force, read from the database."""
    rows = list(ExchangeRate.objects.values_list("currency", "per_euro", "date", "source"))
    newest = max(rows, key=lambda row: row[2], default=None)
    return RateTable(
        per_euro={currency: float(rate) for currency, rate, _, _ in rows},
        date=newest[2] if newest else None,
        source=newest[3] if newest else "",
    )


@transaction.atomic
def store_rates(*, rates: dict[str, Decimal], on: date, source: str, report: Counter) -> None:
    """Write rates published on `on`; an older publication never replaces a newer rate."""
    for currency, per_euro in sorted(rates.items()):
        current = ExchangeRate.objects.filter(currency=currency).first()
        if current is not None and (
            current.date > on or (current.date == on and current.per_euro == per_euro)
        ):
            report["exchange rates unchanged"] += 1
            continue
        if current is None:
            current = ExchangeRate(currency=currency)
            report["exchange rates created"] += 1
        else:
            report["exchange rates updated"] += 1
        current.per_euro, current.date, current.source = per_euro, on, source
        current.full_clean()
        current.save()


def load_catalogue(report: Counter) -> None:
    """The table shipped with the board; rates an admin or a command stored later stay."""
    data = read_json(CATALOGUE / "exchange_rates.json")
    rates = {currency: Decimal(str(value)) for currency, value in data["rates"].items()}
    store_rates(
        rates=rates, on=date.fromisoformat(data["date"]), source=data["source"], report=report
    )


class RatesFileError(ValueError):
    pass


def read_ecb_file(path: Path) -> tuple[date, dict[str, Decimal]]:
    """The date and rates of a file in the ECB's euro reference rates format (the daily
    `eurofxref-daily.xml`, or the first day of a history file): Cube elements with `time`,
    holding Cube elements with `currency` and `rate`."""
    if path.stat().st_size > MAX_RATES_FILE_BYTES:
        raise RatesFileError(f"{path} is larger than a rates file can be.")
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise RatesFileError(f"{path} is not XML: {error}") from None
    cubes = (cube for cube in root.iter() if _local(cube.tag) == "Cube")
    day = next((cube for cube in cubes if "time" in cube.attrib), None)
    if day is None:
        raise RatesFileError(f"{path} holds no dated rates (no Cube element with a time).")
    try:
        on = date.fromisoformat(day.attrib["time"])
    except ValueError:
        raise RatesFileError(f"{path}: {day.attrib['time']!r} is not a date.") from None
    rates: dict[str, Decimal] = {"EUR": Decimal(1)}
    for cube in day:
        currency = cube.attrib.get("currency", "").upper()
        if not is_currency(currency):
            raise RatesFileError(f"{path}: {currency!r} is not a currency code.")
        try:
            rate = Decimal(cube.attrib["rate"])
        except (KeyError, InvalidOperation):
            raise RatesFileError(f"{path}: no valid rate for {currency}.") from None
        if not rate.is_finite() or rate <= 0:
            raise RatesFileError(f"{path}: the rate for {currency} must be above zero.")
        rates[currency] = rate
    if "USD" not in rates:
        raise RatesFileError(f"{path} has no US dollar rate; pay could not be compared.")
    return on, rates


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
