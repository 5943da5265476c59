"""Builders for the salary survey tests: CSV files in the survey's layout, and reports."""

import itertools
from pathlib import Path

import pytest

from roles.importers import COLUMNS
from roles.models import ImportBatch, SalaryReport
from roles.salary_stats import rebuild_summaries

HEADER = ",".join(COLUMNS)
_sequence = itertools.count(1)


def csv_line(
    *,
    year: int = 2024,
    level: str = "SE",
    employment: str = "FT",
    title: str = "Machine Learning Engineer",
    salary: object = 150000,
    currency: str = "USD",
    usd: object = None,
    residence: str = "US",
    remote: object = 0,
    company: str = "US",
    size: str = "M",
) -> str:
    usd = salary if usd is None else usd
    values = [year, level, employment, title, salary, currency, usd, residence, remote, company]
    return ",".join(str(v) for v in [*values, size])


@pytest.fixture
def survey_csv(tmp_path):
    """write(lines) -> path of a survey CSV with the header and the given lines (str or bytes)."""

    def write(lines, name: str = "survey.csv") -> Path:
        path = tmp_path / name
        body = [HEADER.encode(), *(ln if isinstance(ln, bytes) else ln.encode() for ln in lines)]
        path.write_bytes(b"\n".join(body) + b"\n")
        return path

    return write


@pytest.fixture
def make_reports(db):
    """make_reports(amounts, **fields) -> the reports, with the summaries rebuilt."""

    def build(amounts, rebuild: bool = True, **overrides) -> list[SalaryReport]:
        batch, _ = ImportBatch.objects.get_or_create(source="test", defaults={"location": "-"})
        values = {
            "batch": batch,
            "year": 2024,
            "level": "senior",
            "employment_type": "full-time",
            "job_title": "Machine Learning Engineer",
            "currency": "USD",
            "residence_country": "US",
            "company_country": "US",
            "remote": "onsite",
            "company_size": "M",
        }
        values.update(overrides)
        reports = SalaryReport.objects.bulk_create(
            SalaryReport(amount=a, amount_usd=a, **values) for a in amounts
        )
        if rebuild:
            rebuild_summaries()
        return reports

    return build
