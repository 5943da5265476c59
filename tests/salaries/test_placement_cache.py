"""The posting page reuses its salary placement until the survey changes, never longer."""

import pytest
from django.test import Client

from salaries.models import ImportBatch, SalaryReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(make_posting, make_hub, ml_engineer):
    return make_posting(
        role=ml_engineer,
        level="senior",
        salary_min=200_000,
        salary_max=200_000,
        hub=make_hub(country="US"),
    )


def placement_text(client: Client, posting) -> str:
    content = client.get(posting.get_absolute_url()).content.decode()
    start = content.find('<p class="salary-placement">')
    return "" if start < 0 else content[start : content.index("</p>", start)]


def test_placement_follows_an_import_at_once(client, posting, make_reports, ml_engineer):
    make_reports([100_000] * 5, role=ml_engineer)
    assert "<strong>99th percentile</strong> of 5 reports" in placement_text(client, posting)
    assert "<strong>99th percentile</strong> of 5 reports" in placement_text(client, posting)
    make_reports([300_000] * 5, role=ml_engineer)  # rebuilds the summaries, as an import does
    assert "<strong>50th percentile</strong> of 10 reports" in placement_text(client, posting)


def test_placement_follows_an_admin_edit_or_delete_at_once(
    client, admin_user, posting, make_reports, ml_engineer
):
    reports = make_reports([100_000] * 6, role=ml_engineer)
    assert "of 6 reports" in placement_text(client, posting)
    staff = Client()
    staff.force_login(admin_user)
    report = reports[0]
    data = {
        "year": report.year,
        "level": report.level,
        "employment_type": report.employment_type,
        "job_title": report.job_title,
        "amount": 300_000,
        "currency": "USD",
        "amount_usd": 300_000,
        "residence_country": "US",
        "company_country": "US",
        "remote": report.remote,
        "company_size": report.company_size,
        "role": ml_engineer.pk,
    }
    response = staff.post(f"/admin/salaries/salaryreport/{report.pk}/change/", data)
    assert response.status_code == 302
    assert "<strong>83rd percentile</strong> of 6 reports" in placement_text(client, posting)
    response = staff.post(f"/admin/salaries/salaryreport/{report.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "<strong>99th percentile</strong> of 5 reports" in placement_text(client, posting)


def test_placement_goes_with_its_batch(client, posting, make_reports, ml_engineer):
    make_reports([100_000] * 5, role=ml_engineer)
    assert "of 5 reports" in placement_text(client, posting)
    ImportBatch.objects.get().delete()  # an admin's delete: its reports go with it
    assert not SalaryReport.objects.exists()
    assert placement_text(client, posting) == ""
