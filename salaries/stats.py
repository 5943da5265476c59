"""Percentiles of reported pay (in USD) from the salary survey.

Percentiles use linear interpolation between the two nearest reports: PostgreSQL's
percentile_cont and numpy's default method agree on it, and the pure-Python path used on
other databases computes the same numbers. The common groups (role, level, residence
country, remote ratio and year, each possibly "all") are precomputed into SalarySummary at
import, so a page asking for one reads a single row; a query that also names an exact title
or an employment type is computed on demand from the indexed reports.

Privacy: a group of fewer than PRIVACY_THRESHOLD reports shows no figures, only that it is
that small; its percentiles are not even stored.
"""

import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet

from jobboard.lib.cache import cached_catalogue, catalogue_changed
from roles.models import Role

from .models import SalaryReport, SalarySummary, SurveyLevel

PRIVACY_THRESHOLD = 5
PERCENTILES = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}
# The dimensions of a summary row, by SalarySummary field and SalaryReport field.
DIMENSIONS = {
    "role": "role_id",
    "level": "level",
    "country": "residence_country",
    "remote": "remote",
    "year": "year",
}
SOURCE = "aijobs.net salary survey (CC0)"
SOURCE_URL = "https://aijobs.net/salaries/"


def linear_percentile(ordered: Sequence[float], fraction: float) -> float:
    """numpy.percentile(values, 100 * fraction) with its default "linear" method.

    `ordered` must be sorted and not empty.
    """
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: str, fraction: float, **extra) -> None:
        # float() keeps the inlined literal a plain number whatever the caller passes.
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


@dataclass(frozen=True)
class SalaryQuery:
    """One group of reports; an empty value means "all"."""

    role: Role | None = None
    title: str = ""
    level: str = ""
    country: str = ""
    remote: str = ""
    employment_type: str = ""
    year: int | None = None

    @property
    def summarised(self) -> bool:
        """Whether SalarySummary holds this group (it keys on neither title nor type)."""
        return not self.title and not self.employment_type

    def summary_filter(self, **overrides) -> Q:
        """The SalarySummary row(s) of this group; override a dimension with `...` to leave
        it unconstrained (as the level breakdown does for level)."""
        values = {
            "role": self.role.pk if self.role else None,
            "level": self.level or None,
            "country": self.country or None,
            "remote": self.remote or None,
            "year": self.year,
        }
        values.update(overrides)
        return Q(
            *(
                Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
                for name, value in values.items()
                if value is not ...
            )
        )

    def reports(self) -> QuerySet:
        reports = SalaryReport.objects.order_by()
        if self.role:
            reports = reports.filter(role=self.role)
        if self.title:
            reports = reports.filter(job_title__iexact=self.title)
        if self.level:
            reports = reports.filter(level=self.level)
        if self.country:
            reports = reports.filter(residence_country=self.country)
        if self.remote:
            reports = reports.filter(remote=self.remote)
        if self.employment_type:
            reports = reports.filter(employment_type=self.employment_type)
        if self.year:
            reports = reports.filter(year=self.year)
        return reports


@dataclass(frozen=True)
class SalaryStats:
    count: int
    p10: float | None = None
    p25: float | None = None
    p50: float | None = None
    p75: float | None = None
    p90: float | None = None
    level: str = ""

    @classmethod
    def of(cls, count: int, level: str = "", **values: float | None) -> "SalaryStats":
        if count < PRIVACY_THRESHOLD:
            return cls(count=count, level=level)
        return cls(count=count, level=level, **{k: round(values[k], 2) for k in PERCENTILES})

    @classmethod
    def from_sorted(cls, ordered: Sequence[float], level: str = "") -> "SalaryStats":
        if len(ordered) < PRIVACY_THRESHOLD:
            return cls(count=len(ordered), level=level)
        values = {name: linear_percentile(ordered, f) for name, f in PERCENTILES.items()}
        return cls.of(len(ordered), level=level, **values)

    @property
    def shown(self) -> bool:
        return self.count >= PRIVACY_THRESHOLD

    @property
    def level_label(self) -> str:
        return SurveyLevel(self.level).label if self.level else "All levels"

    def percentiles(self) -> dict[str, float] | None:
        return {name: getattr(self, name) for name in PERCENTILES} if self.shown else None


def stats_for(query: SalaryQuery) -> SalaryStats:
    """Count and percentiles for one group, in one query."""
    if query.summarised:
        row = SalarySummary.objects.filter(query.summary_filter()).values().first()
        return SalaryStats.of(**_stats_fields(row)) if row else SalaryStats(count=0)
    return _compute(query.reports())


def level_breakdown(query: SalaryQuery) -> list[SalaryStats]:
    """The group split by level, one entry per survey level in order, in one query."""
    by_level: dict[str, SalaryStats] = {}
    if query.summarised:
        rows = SalarySummary.objects.filter(query.summary_filter(level=...), level__isnull=False)
        for row in rows.values():
            by_level[row["level"]] = SalaryStats.of(**_stats_fields(row))
    elif connection.vendor == "postgresql":
        rows = query.reports().values("level").annotate(count=Count("pk"), **_percentile_aggs())
        for row in rows:
            by_level[row["level"]] = SalaryStats.of(**row)
    else:
        pairs = query.reports().order_by("amount_usd").values_list("level", "amount_usd")
        grouped: dict[str, list[int]] = defaultdict(list)
        for level, amount in pairs:
            grouped[level].append(amount)
        for level, values in grouped.items():
            by_level[level] = SalaryStats.from_sorted(values, level=level)
    return [by_level.get(level) or SalaryStats(count=0, level=level) for level in SurveyLevel]


def percentiles_by_level(role: Role, *, country: str = "") -> list[SalaryStats]:
    """For a role page: the survey's percentiles per level, worldwide or for one country."""
    return level_breakdown(SalaryQuery(role=role, country=country))


@dataclass(frozen=True)
class Placement:
    percentile: int
    count: int
    country: str

    @property
    def ordinal(self) -> str:
        n = self.percentile
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"


def placement(*, role_id: int, level: str, country: str, amount_usd: float) -> Placement | None:
    """Where an amount sits among the reports for a role, level and residence country.

    The percentile rank counts reports below the amount plus half of those equal to it.
    None when the group is too small to publish. The group's amounts are read in one query
    and kept, sorted, until the survey changes: one cache entry per group, whatever the
    posting's pay.
    """
    amounts = cached_catalogue(
        f"placement-amounts:{role_id}:{level}:{country}",
        lambda: array(
            "I",
            SalaryReport.objects.filter(role_id=role_id, level=level, residence_country=country)
            .order_by("amount_usd")
            .values_list("amount_usd", flat=True),
        ),
    )
    total = len(amounts)
    if total < PRIVACY_THRESHOLD:
        return None
    below = bisect_left(amounts, amount_usd)
    equal = bisect_right(amounts, amount_usd) - below
    rank = 100 * (below + equal / 2) / total
    # "About the 0th percentile" reads oddly; the ends are "1st" and "99th".
    return Placement(percentile=min(99, max(1, round(rank))), count=total, country=country)


def _percentile_aggs() -> dict[str, PercentileCont]:
    return {name: PercentileCont("amount_usd", f) for name, f in PERCENTILES.items()}


def _stats_fields(row: dict) -> dict:
    return {"count": row["count"], "level": row["level"] or ""} | {k: row[k] for k in PERCENTILES}


def _compute(reports: QuerySet) -> SalaryStats:
    if connection.vendor == "postgresql":
        return SalaryStats.of(**reports.aggregate(count=Count("pk"), **_percentile_aggs()))
    return SalaryStats.from_sorted(
        list(reports.order_by("amount_usd").values_list("amount_usd", flat=True))
    )


# --- Precomputing the summary table ---------------------------------------------------------

_CUBE_SQL = """
INSERT INTO {summary} (role_id, level, country, remote, year, count, p10, p25, p50, p75, p90)
SELECT role_id, level, residence_country, remote, year, n,
       CASE WHEN n >= %(threshold)s THEN p[1] END, CASE WHEN n >= %(threshold)s THEN p[2] END,
       CASE WHEN n >= %(threshold)s THEN p[3] END, CASE WHEN n >= %(threshold)s THEN p[4] END,
       CASE WHEN n >= %(threshold)s THEN p[5] END
FROM (
    SELECT role_id, level, residence_country, remote, year, count(*) AS n,
           percentile_cont(%(fractions)s::float8[]) WITHIN GROUP (ORDER BY amount_usd) AS p,
           GROUPING(role_id) AS all_roles
    FROM {reports}
    GROUP BY CUBE (role_id, level, residence_country, remote, year)
    -- With no reports at all, the grand total would still be one group, of none.
    HAVING count(*) > 0
) AS grouped
-- A NULL role_id that is not the "all roles" total is the unmapped reports: no role row.
WHERE role_id IS NOT NULL OR all_roles = 1
"""


def lock_for_rebuild() -> None:
    """Make concurrent imports and remaps take turns (PostgreSQL; SQLite writers already do).

    Each one rebuilds the whole summary table from the reports it can see, so two at once
    would collide on the table's unique groups. Readers are not blocked. Call inside the
    writer's transaction, before it changes any report.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {SalarySummary._meta.db_table} IN EXCLUSIVE MODE")


@transaction.atomic
def rebuild_summaries() -> int:
    """Recompute every summary row from the reports; returns the number of groups."""
    SalarySummary.objects.all().delete()
    # Role pages cache their survey figures; the second move, on commit, is the one that counts.
    catalogue_changed()
    if connection.vendor == "postgresql":
        sql = _CUBE_SQL.format(
            summary=SalarySummary._meta.db_table, reports=SalaryReport._meta.db_table
        )
        with connection.cursor() as cursor:
            # The CUBE sorts the reports once per chain of grouping sets: give the sorts room
            # to stay in memory, and skip JIT compiling, which costs more than it saves here.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                sql, {"threshold": PRIVACY_THRESHOLD, "fractions": list(PERCENTILES.values())}
            )
            return cursor.rowcount
    return _rebuild_in_python()


def _rebuild_in_python() -> int:
    """The same groups as the CUBE query, computed in Python (SQLite and others)."""
    masks = list(itertools.product((True, False), repeat=len(DIMENSIONS)))
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = (
        SalaryReport.objects.order_by("amount_usd")
        .values_list(*DIMENSIONS.values(), "amount_usd")
        .iterator(chunk_size=5000)
    )
    for *dims, amount in rows:
        for mask in masks:
            if mask[0] and dims[0] is None:
                continue  # unmapped reports count only towards "all roles"
            key = tuple(value if keep else None for value, keep in zip(dims, mask, strict=True))
            groups[key].append(amount)  # rows arrive sorted, so every list is sorted
    summaries = []
    for key, values in groups.items():
        stats = SalaryStats.from_sorted(values)
        summaries.append(
            SalarySummary(
                **dict(zip(("role_id", *list(DIMENSIONS)[1:]), key, strict=True)),
                count=stats.count,
                **{name: getattr(stats, name) for name in PERCENTILES},
            )
        )
    SalarySummary.objects.bulk_create(summaries, batch_size=2000)
    return len(summaries)
