"""The real catalogue, and builders for the salary survey tests (CSV files, reports)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from roles.models import ImportBatch, SalaryReport
from roles.salary_stats import rebuild_summaries

from .survey_files import HEADER


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


@pytest.fixture
def catalogue(db) -> None:
    """The real catalogue: every role, band, step, certification, transition and hub."""
    call_command("load_catalogue", verbosity=0, stdout=None)
