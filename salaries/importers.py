"""Import of the aijobs.net salary survey CSV (see ../shared/data/README.md for its columns).

The file is read as a stream of lines, from a path or a URL, and never held whole. Every row
is checked; a bad row is skipped and reported with its line number and reason. The rows of
one source replace that source's previous import in a single transaction, so a reader sees
either the old batch or the new one, never half of either.

An import that looks like a mistake changes nothing unless told to replace: one that skips
more than MAX_SKIPPED_SHARE of its rows (a damaged file), or would leave a source with
fewer than (1 - MAX_DROPPED_SHARE) of its reports (a cut file). A file whose contents were
imported before, under any source name, is not imported again.
"""

import csv
import hashlib
import re
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.db import connection, transaction

from .models import (
    CompanySize,
    ImportBatch,
    SalaryReport,
    SurveyEmployment,
    SurveyLevel,
    SurveyRemote,
    TitleAlias,
)
from .stats import lock_for_rebuild, rebuild_summaries

COLUMNS = (
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
)
LEVELS = {
    "EN": SurveyLevel.ENTRY,
    "MI": SurveyLevel.MID,
    "SE": SurveyLevel.SENIOR,
    "EX": SurveyLevel.EXECUTIVE,
}
EMPLOYMENT = {
    "FT": SurveyEmployment.FULL_TIME,
    "PT": SurveyEmployment.PART_TIME,
    "CT": SurveyEmployment.CONTRACT,
    "FL": SurveyEmployment.FREELANCE,
}
REMOTE = {"0": SurveyRemote.ONSITE, "50": SurveyRemote.HYBRID, "100": SurveyRemote.REMOTE}
SIZES = set(CompanySize.values)

# ISO 4217 codes in use (plus a few the survey's older years report), so a typo such as
# "USS" is caught rather than stored.
CURRENCY_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
    GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
    KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD
    TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"""
CURRENCIES = frozenset(CURRENCY_CODES.split())
COUNTRY = re.compile(r"^[A-Z]{2}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_TITLE = SalaryReport._meta.get_field("job_title").max_length
MAX_AMOUNT = 10**15  # far above any salary in any currency, well inside a bigint
MAX_USD = 2**31 - 1
BATCH_SIZE = 5000
EXAMPLES_KEPT = 20
MAX_SKIPPED_SHARE = 0.05
MAX_DROPPED_SHARE = 0.10
# The fields written per report, in the order of the COPY column list.
FIELDS = (
    "batch_id",
    "year",
    "level",
    "employment_type",
    "job_title",
    "amount",
    "currency",
    "amount_usd",
    "residence_country",
    "company_country",
    "remote",
    "company_size",
    "role_id",
)


class BadRow(ValueError):
    """A row that cannot be imported; the message is the reason shown to the operator."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class BadFile(Exception):
    """The source as a whole cannot be imported (unreadable, or not the survey's columns)."""


class Refused(BadFile):
    """The import would lose good data (too many rows skipped, or too many reports dropped)."""


class AlreadyImported(Exception):
    """The same file was imported before; nothing to do."""

    def __init__(self, source: str) -> None:
        super().__init__(f"This file was imported already, as {source}; nothing to do.")
        self.source = source


@dataclass
class ImportReport:
    source: str
    imported: int = 0
    skipped: int = 0
    replaced: int = 0
    unmapped: int = 0
    bytes_read: int = 0
    digest: "hashlib._Hash" = field(default_factory=hashlib.sha256)
    reasons: Counter = field(default_factory=Counter)
    examples: list[tuple[int, str]] = field(default_factory=list)

    def skip(self, line: int, error: BadRow) -> None:
        self.skipped += 1
        self.reasons[error.reason] += 1
        if len(self.examples) < EXAMPLES_KEPT:
            self.examples.append((line, str(error)))


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def alias_map() -> dict[str, int]:
    """Reported title (normalised) -> role id, from the admin-editable aliases."""
    return {
        normalise_title(title): role_id
        for title, role_id in TitleAlias.objects.values_list("title", "role_id")
    }


def is_url(location: str) -> bool:
    return location.split(":", 1)[0].lower() in {"http", "https", "file"}


@contextmanager
def open_source(location: str) -> Iterator[IO[bytes]]:
    """The source as a binary stream: a local file, or the body of an http(s)/file URL."""
    try:
        if is_url(location):
            # Only the schemes is_url() allows reach urlopen, never an arbitrary one.
            handle = urllib.request.urlopen(location, timeout=60)  # noqa: S310
        else:
            handle = Path(location).open("rb")  # noqa: SIM115 (closed by the with below)
    except (OSError, ValueError) as error:
        raise BadFile(f"Cannot open {location}: {error}") from error
    with handle:
        yield handle


def decoded_lines(stream: IO[bytes], report: ImportReport) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line; a line that is not UTF-8 is reported and skipped."""
    for number, raw in enumerate(stream, start=1):
        report.bytes_read += len(raw)
        report.digest.update(raw)
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            if number == 1:
                raise BadFile(
                    "The file is not UTF-8 text (its first line is not): save it as UTF-8 "
                    "and import it again."
                ) from None
            report.skip(number, BadRow("not UTF-8", f"byte {error.start + 1} of the line"))
            continue
        text = text.rstrip("\r\n")
        if text.strip():
            yield number, text


def parse_amount(text: str, name: str, ceiling: int) -> int:
    if text.isascii() and text.isdigit():  # the usual case, without Decimal's cost
        value = int(text)
        if 0 < value <= ceiling:
            return value
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadRow(f"{name} not a number", repr(text)) from None
    if not value.is_finite() or value <= 0:
        raise BadRow(f"{name} not positive", text)
    if value > ceiling:
        raise BadRow(f"{name} too large", text)
    return int(value.to_integral_value())


def parse_row(values: list[str], aliases: dict[str, int]) -> tuple:
    """The tuple of FIELDS (without the batch) for one CSV row, or BadRow saying why not."""
    if len(values) != len(COLUMNS):
        raise BadRow("wrong number of columns", f"expected {len(COLUMNS)}, got {len(values)}")
    (year, level, employment, title, amount, currency, usd, residence, remote, company, size) = (
        v.strip() for v in values
    )
    if not (year.isascii() and year.isdigit() and 2000 <= int(year) <= 2100):
        raise BadRow("bad year", repr(year))
    if level not in LEVELS:
        raise BadRow("unknown level", repr(level))
    if employment not in EMPLOYMENT:
        raise BadRow("unknown employment type", repr(employment))
    title = " ".join(title.split())
    if not title:
        raise BadRow("empty job title")
    if len(title) > MAX_TITLE:
        raise BadRow("job title too long", f"{len(title)} characters")
    if CONTROL.search(title):
        # PostgreSQL text cannot hold NUL, and no real title has a control character.
        raise BadRow("control character in job title", repr(title))
    if currency not in CURRENCIES:
        raise BadRow("bad currency code", repr(currency))
    amount_value = parse_amount(amount, "salary", MAX_AMOUNT)
    usd_value = parse_amount(usd, "salary in USD", MAX_USD)
    if not COUNTRY.match(residence):
        raise BadRow("bad residence country", repr(residence))
    if not COUNTRY.match(company):
        raise BadRow("bad company country", repr(company))
    if remote not in REMOTE:
        raise BadRow("bad remote ratio", repr(remote))
    if size not in SIZES:
        raise BadRow("bad company size", repr(size))
    return (
        int(year),
        LEVELS[level].value,
        EMPLOYMENT[employment].value,
        title,
        amount_value,
        currency,
        usd_value,
        residence,
        company,
        REMOTE[remote].value,
        size,
        aliases.get(title.casefold()),
    )


def parsed_rows(
    stream: IO[bytes], report: ImportReport, aliases: dict[str, int]
) -> Iterator[tuple]:
    lines = decoded_lines(stream, report)
    first = next(lines, None)
    if first is None:
        raise BadFile("The source is empty.")
    header = [name.strip() for name in next(csv.reader([first[1]]))]
    missing = [name for name in COLUMNS if name not in header]
    if missing or len(header) != len(COLUMNS):
        raise BadFile(
            f"Line {first[0]}: expected the columns {', '.join(COLUMNS)}; got {', '.join(header)}."
        )
    order = [header.index(name) for name in COLUMNS]
    for number, text in lines:
        # A reader per line: an unbalanced quote then spoils only its own line, instead
        # of swallowing the lines after it into one long field.
        try:
            values = next(csv.reader([text]))
            if len(values) == len(header):
                values = [values[i] for i in order]
            yield parse_row(values, aliases)
        except BadRow as error:
            report.skip(number, error)
        except csv.Error as error:
            report.skip(number, BadRow("malformed CSV", str(error)))


def write_rows(rows: Iterable[tuple], batch_id: int) -> int:
    """Insert the rows as they come: COPY on PostgreSQL, bulk_create batches elsewhere."""
    written = 0
    if connection.vendor == "postgresql":
        table = SalaryReport._meta.db_table
        columns = ", ".join(SalaryReport._meta.get_field(f).column for f in FIELDS)
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row((batch_id, *row))
                written += 1
        return written
    chunk: list[SalaryReport] = []
    for row in rows:
        chunk.append(SalaryReport(**dict(zip(FIELDS, (batch_id, *row), strict=True))))
        if len(chunk) >= BATCH_SIZE:
            SalaryReport.objects.bulk_create(chunk)
            written += len(chunk)
            chunk = []
    SalaryReport.objects.bulk_create(chunk)
    return written + len(chunk)


def with_progress(
    rows: Iterable[tuple], report: ImportReport, total: int | None, tick: Callable | None
) -> Iterator[tuple]:
    """Pass rows through, calling tick(bytes read, total bytes) every 2,000 rows."""
    if tick is None or not total:
        yield from rows
        return
    for n, row in enumerate(rows):
        if n % 2000 == 0:
            tick(report.bytes_read, total)
        yield row
    tick(total, total)


def source_size(stream: IO[bytes], location: str) -> int | None:
    length = getattr(stream, "headers", {}).get("Content-Length") if is_url(location) else None
    if length and length.isdigit():
        return int(length)
    if not is_url(location):
        return Path(location).stat().st_size
    return None


def check_worth_keeping(report: ImportReport, previous: int) -> None:
    """Raise Refused when the import looks like a mistake (see the module's docstring)."""
    read = report.imported + report.skipped
    not_utf8 = report.reasons["not UTF-8"]
    if read and not_utf8 > read / 2:
        raise BadFile(
            f"The file is not UTF-8 text ({not_utf8:,} of {read:,} lines are not): save it "
            "as UTF-8 and import it again."
        )
    if read and report.skipped > read * MAX_SKIPPED_SHARE:
        raise Refused(
            f"{report.skipped:,} of {read:,} rows are not valid (more than "
            f"{MAX_SKIPPED_SHARE:.0%}); the first: line {report.examples[0][0]}: "
            f"{report.examples[0][1]}. Nothing was changed; fix the file, or import it "
            "with --replace to keep only its valid rows."
        )
    if previous and report.imported < previous * (1 - MAX_DROPPED_SHARE):
        raise Refused(
            f"{report.source} has {previous:,} reports and this file only {report.imported:,}: "
            "is it cut short? Nothing was changed; import it with --replace to take it anyway."
        )


def import_salaries(
    *,
    location: str,
    source: str | None = None,
    progress: Callable | None = None,
    replace: bool = False,
) -> ImportReport:
    """Import a survey CSV, replacing any earlier import of the same source.

    `progress(done_bytes, total_bytes)` is called while reading when given. Raises BadFile
    when the source as a whole is unusable, Refused when the import would lose good data
    (unless `replace`), and AlreadyImported when the same file was imported before; nothing
    changes in any of these cases.
    """
    source = source or location
    report = ImportReport(source=source)
    with open_source(location) as stream, transaction.atomic():
        lock_for_rebuild()
        aliases = alias_map()
        batch, created = ImportBatch.objects.select_for_update().get_or_create(
            source=source, defaults={"location": location}
        )
        previous = 0
        if not created:
            # One DELETE: reports have no dependants, so Django needs no cascade walk.
            previous, _ = batch.reports.all().delete()
        rows = with_progress(
            parsed_rows(stream, report, aliases),
            report,
            source_size(stream, location),
            progress,
        )
        report.imported = write_rows(rows, batch.pk)
        digest = report.digest.hexdigest()
        earlier = ImportBatch.objects.filter(digest=digest).exclude(pk=batch.pk).first()
        if earlier is not None or (not created and batch.digest == digest):
            raise AlreadyImported(earlier.source if earlier else batch.source)
        if not replace:
            check_worth_keeping(report, previous)
        report.replaced = previous
        batch.digest = digest
        batch.location = location
        batch.imported = report.imported
        batch.skipped = report.skipped
        batch.save()
        report.unmapped = batch.reports.filter(role__isnull=True).count()
        rebuild_summaries()
    return report


def remap_titles() -> dict[str, int]:
    """Apply the current aliases to every report (after an admin edits them)."""
    with transaction.atomic():
        lock_for_rebuild()
        aliases = alias_map()
        by_role: dict[int | None, list[str]] = {}
        titles = SalaryReport.objects.order_by().values_list("job_title", flat=True).distinct()
        for title in titles:
            by_role.setdefault(aliases.get(normalise_title(title)), []).append(title)
        # One UPDATE per role, over the few hundred distinct titles, not per report.
        for role_id, group in by_role.items():
            SalaryReport.objects.filter(job_title__in=group).update(role_id=role_id)
        rebuild_summaries()
        mapped = SalaryReport.objects.filter(role__isnull=False).count()
        unmapped = SalaryReport.objects.filter(role__isnull=True).count()
    return {"mapped": mapped, "unmapped": unmapped}
