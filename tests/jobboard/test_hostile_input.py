"""Input that used to give a server error: each is now a clear 400 or 404, and nothing is lost
or doubled."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from postings.models import Posting

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing can race",
)


@pytest.fixture
def api(owner) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    return client


@pytest.fixture
def body(acme, ml_engineer, austin):
    def build(**overrides) -> dict:
        data = {
            "company": acme.slug,
            "title": "Machine Learning Engineer",
            "role": ml_engineer.slug,
            "level": "mid",
            "remote": "hybrid",
            "hub": austin.slug,
            "salary_min": 150_000,
            "salary_max": 190_000,
            "description": "Build models.",
            "apply_url": "https://acme.example/apply",
        }
        data.update(overrides)
        return data

    return build


# --- pay beyond any column --------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "minimum", "maximum"),
    [("hour", 1_032_445, 1_500_000), ("month", 178_956_971, 200_000_000)],
)
def test_pay_that_overflowed_32_bits_is_stored(api, body, period, minimum, maximum):
    response = api.post(
        "/api/v1/postings/",
        body(salary_min=minimum, salary_max=maximum, salary_period=period),
        format="json",
    )
    assert response.status_code == 201, response.json()
    posting = Posting.objects.get()
    factor = {"hour": 2080, "month": 12}[period]
    assert posting.salary_max_annual == maximum * factor


@pytest.mark.parametrize(
    ("period", "maximum"), [("hour", 100_000_001), ("month", 10**10 + 1), ("year", 10**11 + 1)]
)
def test_pay_beyond_the_ceiling_is_a_field_error_on_the_api_and_the_form(
    api, body, client, owner, posting_data, period, maximum
):
    response = api.post(
        "/api/v1/postings/",
        body(salary_min=maximum - 1, salary_max=maximum, salary_period=period),
        format="json",
    )
    assert response.status_code == 400
    assert "more than anyone is paid" in response.json()["salary_max"][0]
    client.force_login(owner)
    page = client.post(
        "/post-a-job/",
        posting_data(
            salary_min=str(maximum - 1),
            salary_max=str(maximum),
            salary_period=period,
            action="save",
        ),
    )
    assert page.status_code == 400 and "more than anyone is paid" in page.content.decode()
    assert not Posting.objects.exists()


def test_pay_beyond_64_bits_is_a_field_error_too(api, body):
    response = api.post(
        "/api/v1/postings/", body(salary_min=10**19, salary_max=10**20), format="json"
    )
    assert response.status_code == 400 and set(response.json()) >= {"salary_min"}


# --- currencies are checked by the model's rule, for the form and the API alike ----------


@pytest.mark.parametrize("typed", ["€€€", 5, "US", "dollars"])
def test_a_currency_that_is_no_code_is_refused_alike(api, body, client, owner, posting_data, typed):
    response = api.post("/api/v1/postings/", body(salary_currency=typed), format="json")
    assert response.status_code == 400
    assert any("is not a currency code (ISO 4217" in m for m in response.json()["salary_currency"])
    client.force_login(owner)
    page = client.post("/post-a-job/", posting_data(salary_currency=str(typed), action="save"))
    assert page.status_code == 400 and page.context["form"].errors["salary_currency"]
    assert not Posting.objects.exists()


def test_a_code_in_lower_case_is_taken_in_capitals_alike(api, body, client, owner, posting_data):
    assert (
        api.post("/api/v1/postings/", body(salary_currency="eur"), format="json").json()["salary"][
            "currency"
        ]
        == "EUR"
    )
    client.force_login(owner)
    client.post("/post-a-job/", posting_data(title="Other", salary_currency=" gbp", action="save"))
    assert set(Posting.objects.values_list("salary_currency", flat=True)) == {"EUR", "GBP"}


# --- NUL bytes and deep nesting ---------------------------------------------------------


@pytest.mark.parametrize("collection", ["postings", "companies", "roles", "hubs", "guides", "faqs"])
def test_a_nul_byte_in_a_detail_address_is_a_json_404(client, collection):
    response = client.get(f"/api/v1/{collection}/a%00b/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("field", ["title", "company", "role", "hub", "description", "apply_url"])
def test_a_nul_byte_in_a_written_field_is_a_field_error(api, body, field):
    data = body()
    data[field] = f"{data[field]}\x00"
    response = api.post("/api/v1/postings/", data, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Posting.objects.exists()


def test_a_nul_byte_in_a_page_address_or_filter_is_refused(client):
    assert client.get("/jobs/a%00b/").status_code == 404
    assert client.get("/jobs/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/api/v1/postings/", {"role": "a\x00b"}).status_code == 400


def test_deeply_nested_json_is_a_400(api):
    nested = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/v1/postings/", nested, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


# --- the API's documentation and its error pages ----------------------------------------


def test_options_on_the_api_docs_says_what_is_allowed(client):
    response = client.options("/api/docs/")
    assert response.status_code == 200 and response["Allow"] == "GET, HEAD, OPTIONS"


def test_api_errors_are_json_even_before_a_view_runs(settings):
    settings.ALLOWED_HOSTS = ["jobs.example.com"]
    settings.DEBUG = False
    response = Client().get("/api/v1/postings/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Bad request."}
    page = Client().get("/jobs/", HTTP_HOST="attacker.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


# --- nothing doubled --------------------------------------------------------------------


def test_sending_the_same_posting_twice_saves_it_once(client, owner, posting_data, api, body):
    client.force_login(owner)
    first = client.post("/post-a-job/", posting_data(action="save"))
    again = client.post("/post-a-job/", posting_data(action="save"))
    assert first.status_code == 302 and again.status_code == 400
    assert "edit or renew that posting instead" in again.content.decode()
    same = body(title="machine learning engineer,  search")
    assert api.post("/api/v1/postings/", same, format="json").status_code == 400
    assert Posting.objects.count() == 1


def test_a_slug_taken_between_the_look_and_the_insert_moves_on(make_posting, acme, monkeypatch):
    taken = make_posting(company=acme, title="Data Engineer")
    posting = Posting(
        **{
            field.attname: getattr(taken, field.attname)
            for field in Posting._meta.concrete_fields
            if not field.generated and field.attname not in {"id", "slug"}
        }
    )
    posting.title = "Data Engineer, Search"
    looks = iter([taken.slug, "data-engineer-search-acme-ai"])
    monkeypatch.setattr(Posting, "unique_slug", lambda self: next(looks))
    posting.save()
    assert posting.slug == "data-engineer-search-acme-ai"
    assert Posting.objects.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_identical_creates_at_once_make_one_posting(owner, body):
    token = Token.objects.create(user=owner).key
    barrier = threading.Barrier(5)
    statuses = []

    def send() -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        response = client.post(
            "/api/v1/postings/", json.dumps(body()), content_type="application/json"
        )
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 400, 400, 400, 400]
    assert Posting.objects.count() == 1
