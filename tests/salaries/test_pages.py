"""/salaries/, /api/v1/salaries/, the posting placement, the role partial and the admin."""

import random
import re

import pytest
from django.template.loader import render_to_string

from jobboard.lib.charts import BoxPlotRow, box_plot_svg
from salaries.models import SalaryReport
from salaries.stats import percentiles_by_level, rebuild_summaries

URL = "/salaries/?role=machine-learning-engineer&level=senior&country=US"
API = "/api/v1/salaries/?role=machine-learning-engineer&level=senior&country=US"


@pytest.fixture
def survey(make_reports, ml_engineer):
    """Reports for ML engineers at every level in the US and GB, plus unmapped ones."""
    rng = random.Random(11)
    for level, n in [("entry", 20), ("mid", 30), ("senior", 50), ("executive", 3)]:
        amounts = [rng.randint(50_000, 400_000) for _ in range(n)]
        make_reports(amounts, rebuild=False, level=level, role=ml_engineer)
    make_reports([80_000] * 7, rebuild=False, role=ml_engineer, residence_country="GB")
    make_reports([60_000] * 9, rebuild=False, job_title="Data Engineer")
    rebuild_summaries()
    return ml_engineer


def money(value: float) -> str:
    return f"${value:,.0f}"


def api(client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


def test_page_and_api_show_the_same_numbers(client, survey):
    body = api(client, API).json()
    page = client.get(URL).content.decode()

    assert body["count"] == 50
    assert body["currency"] == "USD"
    assert body["source"] == "Salary data: aijobs.net salary survey (CC0)"
    for value in body["percentiles"].values():
        assert money(value) in page
    levels = {row["level"]: row for row in body["by_level"]}
    assert levels["entry"]["count"] == 20
    assert money(levels["mid"]["percentiles"]["p50"]) in page
    assert levels["executive"] == {
        "level": "executive",
        "count": None,
        "suppressed": True,
        "percentiles": None,
    }
    assert "fewer than 5 reports" in page
    assert "Machine Learning Engineer, Senior, living in US" in page
    assert "Salary data:" in page and "aijobs.net salary survey (CC0)" in page


def test_page_draws_a_box_plot_with_the_filters_kept(client, survey):
    page = client.get(URL).content.decode()

    assert '<svg class="box-plot"' in page
    assert '<title id="salary-chart-title">' in page
    # entry, mid and senior; the chosen level stands for the group, executive is too small
    assert page.count('<g class="box">') == 3
    assert '<option value="machine-learning-engineer" selected>' in page
    assert '<option value="senior" selected>' in page
    assert 'name="country" value="US"' in page


def test_small_groups_are_not_shown(client, survey):
    page = client.get("/salaries/?role=machine-learning-engineer&level=executive").content
    body = api(client, "/api/v1/salaries/?role=machine-learning-engineer&level=executive").json()

    assert b"fewer than 5 reports" in page
    assert b'<svg class="box-plot"' in page  # the other levels still draw
    assert body == {
        "count": None,
        "suppressed": True,
        "percentiles": None,
        "currency": "USD",
        "source": "Salary data: aijobs.net salary survey (CC0)",
        "by_level": body["by_level"],
    }


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("role=nobody", {"role"}),
        ("level=boss", {"level"}),
        ("country=USA", {"country"}),
        ("country=1A", {"country"}),
        ("remote=moon", {"remote"}),
        ("year=soon", {"year"}),
        ("year=1066", {"year"}),
        ("type=gig&level=boss", {"type", "level"}),
        ("title=" + "x" * 201, {"title"}),
    ],
)
def test_bad_parameters_answer_400_with_field_errors(client, survey, query, fields):
    response = api(client, f"/api/v1/salaries/?{query}")
    page = client.get(f"/salaries/?{query}")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert page.status_code == 400
    assert b"Some filters need fixing" in page.content
    assert b"<svg" not in page.content


def test_country_codes_are_case_insensitive(client, survey):
    upper = api(client, API).json()
    lower = api(client, API.replace("country=US", "country=us")).json()
    assert upper == lower


def test_exact_title_and_employment_type_filter_the_api(client, survey):
    body = api(client, "/api/v1/salaries/?title=data%20ENGINEER&type=full-time").json()
    assert body["count"] == 9
    assert body["percentiles"]["p50"] == 60_000
    assert api(client, "/api/v1/salaries/?type=freelance").json()["count"] is None


def test_without_data_the_page_explains_how_to_import(client, db):
    page = client.get("/salaries/").content.decode()
    assert "No salary data imported yet" in page
    assert "manage.py import_salaries" in page
    assert api(client, "/api/v1/salaries/").json()["suppressed"] is True


def test_salaries_page_query_count_is_fixed(client, survey, django_assert_num_queries):
    # batch exists, countries for the suggestions, the role filter, this group's summary,
    # the level breakdown, the role options
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    SalaryReport.objects.update(role=survey)
    rebuild_summaries()
    with django_assert_num_queries(6):
        client.get(URL)
    # an exact title is computed from the reports: still one query each
    with django_assert_num_queries(6):
        client.get(URL + "&title=Data+Engineer")


def test_api_query_count_is_fixed(client, survey, django_assert_num_queries):
    # the role, this group, the level breakdown
    with django_assert_num_queries(3):
        api(client, API)
    with django_assert_num_queries(3):
        api(client, API + "&type=full-time")


def test_openapi_schema_documents_the_salary_endpoint(client, db):
    schema = api(client, "/api/schema/").json()
    operation = schema["paths"]["/api/v1/salaries/"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"role", "title", "level", "country", "remote", "type", "year"}
    assert set(params["level"]["schema"]["enum"]) == {"entry", "mid", "senior", "executive"}
    assert set(params["remote"]["schema"]["enum"]) == {"onsite", "hybrid", "remote"}
    assert "200" in operation["responses"]


def test_posting_page_places_its_midpoint(client, survey, make_posting, make_hub):
    posting = make_posting(
        role=survey,
        level="senior",
        salary_min=200_000,
        salary_max=200_000,
        hub=make_hub(country="US"),
    )
    rank = round(
        100
        * (
            SalaryReport.objects.filter(
                role=survey, level="senior", residence_country="US", amount_usd__lt=200_000
            ).count()
        )
        / 50
    )

    page = client.get(posting.get_absolute_url()).content.decode()

    assert re.search(rf"about the <strong>{rank}\w\w percentile</strong> of 50 reports", page)
    assert "level=senior&amp;country=US" in page


def test_posting_page_places_monthly_pay_as_yearly(client, survey, make_posting, make_hub):
    posting = make_posting(
        role=survey,
        level="senior",
        salary_min=1_000,
        salary_max=1_000,
        salary_period="month",
        hub=make_hub(country="US"),
    )
    below = SalaryReport.objects.filter(
        level="senior", residence_country="US", amount_usd__lt=12_000
    )
    assert below.count() == 0
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "about the <strong>1st percentile</strong> of 50 reports" in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"salary_currency": "EUR"},  # no exchange rate to compare with the survey's USD
        {"level": "mid", "country": "GB"},  # group of 0 reports
        {"level": "entry", "country": "GB"},
    ],
)
def test_posting_page_stays_quiet_without_a_fair_comparison(
    client, survey, make_posting, make_hub, overrides
):
    values = {"role": survey, "level": "senior", "country": "US"} | overrides
    values["hub"] = make_hub(country=values.pop("country"))
    posting = make_posting(**values)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "percentile</strong>" not in page


def test_role_partial_shows_percentiles_by_level_with_the_source(survey, rf):
    html = render_to_string(
        "roles/_survey_percentiles.html",
        {"role": survey, "survey_levels": percentiles_by_level(survey), "survey_country": "US"},
    )
    rows = percentiles_by_level(survey)
    assert money(rows[2].p50) in html
    assert "fewer than 5 reports" in html  # executive
    assert "aijobs.net salary survey (CC0)" in html
    assert "by people living in US" in html
    assert "/salaries/?role=machine-learning-engineer&amp;country=US" in html


def test_admin_lists_unmapped_titles_by_frequency(staff_client, survey, make_reports):
    make_reports([1] * 2, job_title="Chef")

    page = staff_client.get("/admin/salaries/titlealias/unmapped/").content.decode()

    assert page.index("Data Engineer") < page.index("Chef")
    assert "<td>9</td>" in page and "<td>2</td>" in page
    assert "/admin/salaries/titlealias/add/?title=Data%20Engineer" in page
    aliases = staff_client.get("/admin/salaries/titlealias/").content.decode()
    assert "Unmapped survey titles" in aliases


def test_admin_remap_is_a_post(staff_client, survey):
    from salaries.models import TitleAlias

    TitleAlias.objects.create(title="Machine Learning Engineer", role=survey)
    TitleAlias.objects.create(title="data engineer", role=survey)
    assert staff_client.get("/admin/salaries/titlealias/remap/").status_code == 405
    assert SalaryReport.objects.filter(role=None).count() == 9

    response = staff_client.post("/admin/salaries/titlealias/remap/", follow=True)

    assert SalaryReport.objects.filter(role=None).count() == 0
    assert "Every reported title maps to a role." in response.content.decode()


def test_outsiders_cannot_see_the_admin_listing(client, survey):
    response = client.get("/admin/salaries/titlealias/unmapped/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_box_plot_escapes_labels_and_scales_from_zero():
    svg = box_plot_svg([BoxPlotRow("<b>", 10, 20, 30, 40, 90)], title="Pay & more", tick_label=str)
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "Pay &amp; more" in svg
    assert ">0<" in svg and ">100<" in svg  # ticks every 20 up to 100
    assert box_plot_svg([], title="x") == ""


def test_without_a_level_the_group_gets_its_own_box(client, survey):
    page = client.get("/salaries/?role=machine-learning-engineer").content.decode()
    assert page.count('<g class="box">') == 4
    assert ">All levels</text>" in page


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/salaries/salaryreport/", "Data Engineer"),
        (
            "/admin/salaries/salaryreport/?level__exact=senior&remote__exact=onsite",
            "Machine Learning",
        ),
        ("/admin/salaries/importbatch/", "test"),
        ("/admin/salaries/titlealias/", "Unmapped survey titles"),
        ("/admin/salaries/titlealias/add/?title=Data%20Engineer", 'value="Data Engineer"'),
    ],
)
def test_survey_admin_pages_load(staff_client, survey, path, expected):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_admin_report_list_query_count_is_fixed(
    staff_client, survey, django_assert_max_num_queries
):
    # session, user, the page of reports with their roles, the role and batch filter options,
    # the (estimated) count: the same however many reports there are
    with django_assert_max_num_queries(10) as captured:
        staff_client.get("/admin/salaries/salaryreport/")
    first = len(captured.captured_queries)
    from salaries.importers import FIELDS
    from salaries.models import SalaryReport

    SalaryReport.objects.bulk_create(
        SalaryReport(**{**r, "id": None}) for r in SalaryReport.objects.values(*FIELDS)
    )
    with django_assert_max_num_queries(first):
        staff_client.get("/admin/salaries/salaryreport/")
