"""Percentiles, the summary table and the privacy threshold, on whichever database runs."""

import random
import statistics

import pytest

from salaries.models import SalaryReport, SalarySummary
from salaries.stats import (
    PERCENTILES,
    SalaryQuery,
    SalaryStats,
    level_breakdown,
    linear_percentile,
    percentiles_by_level,
    placement,
    rebuild_summaries,
    stats_for,
)


def reference_percentiles(values: list[int]) -> dict[str, float]:
    """numpy's default (linear) percentiles, from the standard library's inclusive quantiles."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {name: cuts[round(f * 100) - 1] for name, f in PERCENTILES.items()}


def numpy_percentiles(values: list[int]) -> dict[str, float] | None:
    try:
        import numpy
    except ImportError:
        return None
    return {name: float(numpy.percentile(values, 100 * f)) for name, f in PERCENTILES.items()}


def assert_matches(stats: SalaryStats, values: list[int]) -> None:
    assert stats.count == len(values)
    expected = reference_percentiles(values)
    for name, value in expected.items():
        assert getattr(stats, name) == pytest.approx(value, abs=0.01), name
    from_numpy = numpy_percentiles(values)
    if from_numpy is not None:
        for name, value in from_numpy.items():
            assert getattr(stats, name) == pytest.approx(value, abs=0.01), name


@pytest.mark.parametrize("size", [5, 6, 37, 400])
def test_linear_percentile_matches_the_reference(size):
    rng = random.Random(size)
    values = sorted(rng.randint(20_000, 400_000) for _ in range(size))
    for name, fraction in PERCENTILES.items():
        assert linear_percentile(values, fraction) == pytest.approx(
            reference_percentiles(values)[name]
        )


@pytest.mark.parametrize("size", [5, 8, 101, 999])
def test_summary_percentiles_equal_numpys(make_reports, ml_engineer, size):
    rng = random.Random(size)
    amounts = [rng.randint(30_000, 500_000) for _ in range(size)]
    make_reports(amounts, role=ml_engineer)

    stats = stats_for(SalaryQuery(role=ml_engineer, level="senior", country="US"))

    assert_matches(stats, amounts)


def test_on_demand_percentiles_equal_numpys(make_reports, ml_engineer):
    rng = random.Random(7)
    wanted = [rng.randint(30_000, 500_000) for _ in range(250)]
    make_reports(wanted, role=ml_engineer, job_title="ML Engineer", rebuild=False)
    make_reports([rng.randint(30_000, 500_000) for _ in range(90)], role=ml_engineer)

    # An exact title is not summarised, so this computes from the reports.
    stats = stats_for(SalaryQuery(title="ml engineer"))

    assert_matches(stats, wanted)


def test_summary_and_on_demand_agree_for_every_level(make_reports, ml_engineer):
    rng = random.Random(3)
    for level, n in [("entry", 40), ("mid", 60), ("senior", 90), ("executive", 3)]:
        make_reports([rng.randint(30_000, 500_000) for _ in range(n)], rebuild=False, level=level)
    SalaryReport.objects.update(role=ml_engineer)
    rebuild_summaries()

    from_summary = level_breakdown(SalaryQuery(role=ml_engineer))
    # Naming the employment type forces the on-demand path over the same reports.
    computed = level_breakdown(SalaryQuery(role=ml_engineer, employment_type="full-time"))

    assert from_summary == computed
    assert [s.level for s in from_summary] == ["entry", "mid", "senior", "executive"]
    assert [s.count for s in from_summary] == [40, 60, 90, 3]
    for stats in from_summary[:3]:
        values = list(
            SalaryReport.objects.filter(level=stats.level).values_list("amount_usd", flat=True)
        )
        assert_matches(stats, values)


def test_summary_holds_every_combination_with_all_as_null(make_reports, ml_engineer):
    make_reports([100_000] * 5, role=ml_engineer, residence_country="GB", rebuild=False)
    make_reports([200_000] * 5, role=ml_engineer, residence_country="US", remote="remote")

    # role x level x country x remote x year, each either a value or "all"
    everything = SalarySummary.objects.get(
        role=None, level=None, country=None, remote=None, year=None
    )
    assert everything.count == 10
    assert everything.p50 == 150_000
    assert SalarySummary.objects.get(
        role=ml_engineer, level=None, country="US", remote=None, year=2024
    ).p50 == pytest.approx(200_000)
    assert not SalarySummary.objects.filter(country="FR").exists()


def test_unmapped_reports_count_only_towards_all_roles(make_reports, ml_engineer):
    make_reports([100_000] * 6, role=ml_engineer, rebuild=False)
    make_reports([50_000] * 4, job_title="Data Engineer")

    assert stats_for(SalaryQuery()).count == 10
    assert stats_for(SalaryQuery(role=ml_engineer)).count == 6
    assert not SalarySummary.objects.filter(role__isnull=True, level="senior", count=4).exists()


@pytest.mark.parametrize("title", [None, "Machine Learning Engineer"])
def test_groups_under_five_reports_show_no_figures(make_reports, ml_engineer, title):
    make_reports([90_000, 100_000, 110_000, 120_000], role=ml_engineer)
    query = SalaryQuery(role=ml_engineer, title=title or "")

    stats = stats_for(query)

    assert stats.count == 4
    assert not stats.shown
    assert stats.percentiles() is None
    assert stats.p50 is None
    # The table itself keeps no percentiles for a small group.
    assert SalarySummary.objects.filter(count__lt=5, p50__isnull=False).count() == 0


def test_five_reports_are_enough(make_reports, ml_engineer):
    make_reports([90_000, 100_000, 110_000, 120_000, 130_000], role=ml_engineer)

    stats = stats_for(SalaryQuery(role=ml_engineer))

    assert stats.shown
    assert stats.percentiles() == {
        "p10": 94_000.0,
        "p25": 100_000.0,
        "p50": 110_000.0,
        "p75": 120_000.0,
        "p90": 126_000.0,
    }


def test_empty_group_is_zero_and_hidden(db, ml_engineer):
    stats = stats_for(SalaryQuery(role=ml_engineer, country="FR"))
    assert stats.count == 0
    assert not stats.shown


def test_rebuilding_with_no_reports_leaves_no_summaries(make_reports, ml_engineer):
    make_reports([100_000] * 6, role=ml_engineer, rebuild=False)
    assert rebuild_summaries() > 0
    SalaryReport.objects.all().delete()
    # PostgreSQL's CUBE still makes a grand-total group of an empty table: it is left out.
    assert rebuild_summaries() == 0
    assert not SalarySummary.objects.exists()


def test_percentiles_by_level_for_a_role_page(make_reports, ml_engineer, prompt_engineer):
    make_reports([100_000, 120_000, 140_000, 160_000, 180_000], role=ml_engineer, rebuild=False)
    make_reports([10_000] * 9, role=prompt_engineer, level="entry")

    rows = percentiles_by_level(ml_engineer)

    assert [(r.level, r.count, r.p50) for r in rows] == [
        ("entry", 0, None),
        ("mid", 0, None),
        ("senior", 5, 140_000.0),
        ("executive", 0, None),
    ]
    assert percentiles_by_level(ml_engineer, country="GB")[2].count == 0


def test_placement_ranks_an_amount_within_its_group(make_reports, ml_engineer):
    make_reports(list(range(100_000, 200_000, 1_000)), role=ml_engineer)  # 100 reports

    middle = placement(role_id=ml_engineer.pk, level="senior", country="US", amount_usd=170_000)
    bottom = placement(role_id=ml_engineer.pk, level="senior", country="US", amount_usd=1)

    assert (middle.percentile, middle.count, middle.ordinal) == (70, 100, "70th")
    assert (bottom.percentile, bottom.ordinal) == (1, "1st")
    assert placement(role_id=ml_engineer.pk, level="mid", country="US", amount_usd=1) is None


def test_placement_needs_five_reports(make_reports, ml_engineer):
    make_reports([100_000] * 4, role=ml_engineer)
    assert placement(role_id=ml_engineer.pk, level="senior", country="US", amount_usd=1) is None


def test_ordinals():
    from salaries.stats import Placement

    words = [Placement(n, 5, "US").ordinal for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 52, 99)]
    assert words == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "52nd",
        "99th",
    ]


def test_a_group_is_one_query_computed_in_the_database(
    make_reports, ml_engineer, django_assert_num_queries
):
    from django.db import connection

    make_reports([100_000, 120_000, 140_000, 160_000, 180_000, 200_000], role=ml_engineer)

    # summary row
    with django_assert_num_queries(1):
        stats_for(SalaryQuery(role=ml_engineer, level="senior"))
    # the reports, aggregated
    with django_assert_num_queries(1) as captured:
        stats = stats_for(SalaryQuery(title="Machine Learning Engineer"))
    assert stats.p50 == 150_000
    if connection.vendor == "postgresql":
        assert "percentile_cont" in captured.captured_queries[0]["sql"]


def test_numpy_itself_agrees(make_reports, ml_engineer):
    import numpy

    rng = random.Random(99)
    amounts = [rng.randint(10_000, 900_000) for _ in range(321)]
    make_reports(amounts, role=ml_engineer)

    for query in (SalaryQuery(role=ml_engineer), SalaryQuery(title="machine learning engineer")):
        stats = stats_for(query)
        expected = numpy.percentile(amounts, [10, 25, 50, 75, 90])
        got = [stats.p10, stats.p25, stats.p50, stats.p75, stats.p90]
        assert got == pytest.approx([float(v) for v in expected], abs=0.01)
