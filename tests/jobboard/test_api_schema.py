import pytest

from roles.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, ml_engineer, prompt_engineer):
    return client.get("/api/schema/", HTTP_ACCEPT="application/json").json()


def test_lists_document_their_errors_and_details_their_404(schema):
    postings = schema["paths"]["/api/v1/postings/"]["get"]["responses"]
    assert set(postings) == {"200", "400", "404"}
    one = schema["paths"]["/api/v1/postings/{slug}/"]["get"]["responses"]
    assert set(one) == {"200", "404"}


def test_parameters_carry_the_limits_the_filters_enforce(schema):
    given = schema["paths"]["/api/v1/postings/"]["get"]["parameters"]
    parameters = {p["name"]: p["schema"] for p in given}
    assert parameters["posted_within"]["minimum"] == 1
    assert parameters["posted_within"]["maximum"] == 365
    assert parameters["salary_min"]["minimum"] == 1
    assert parameters["q"]["maxLength"] == 200
    assert parameters["page"]["minimum"] == 1
    # A catalogue filter lists the slugs it accepts, as the catalogue stands.
    assert parameters["role"]["items"]["enum"] == sorted(
        Role.objects.values_list("slug", flat=True)
    )
    assert parameters["q"]["pattern"] == "^[^\\u0000]*$"
    # The page's form sends empty fields; an empty filter means "not filtered".
    empty_allowed = {p["name"] for p in given if p.get("allowEmptyValue")}
    assert {"level", "salary_min", "role", "q", "ordering"} <= empty_allowed
    assert "page" not in empty_allowed


def test_an_unknown_api_address_answers_json(client):
    response = client.get("/api/v1/roles/not.a.slug/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_address_still_answers_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
