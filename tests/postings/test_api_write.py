import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from postings.models import Posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(owner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    return client


@pytest.fixture
def body(ml_engineer, austin, acme):
    return {
        "company": acme.slug,
        "title": "Applied Scientist",
        "role": ml_engineer.slug,
        "level": "senior",
        "type": "full-time",
        "remote": "hybrid",
        "hub": austin.slug,
        "salary_min": 170000,
        "salary_max": 220000,
        "salary_currency": "USD",
        "salary_period": "year",
        "description": "Do **science**.",
        "apply_url": "https://acme.example/apply",
    }


def test_create_then_submit_through_the_workflow(api, body, owner):
    response = api.post("/api/v1/postings/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["company"]["slug"] == "acme-ai"
    assert "<strong>science</strong>" in data["description_html"]
    posting = Posting.objects.get(slug=data["slug"])

    response = api.post(f"/api/v1/postings/{posting.slug}/status/", {"action": "submit"})
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert mail.outbox[0].to == [owner.email]

    # Not live, so the public list does not show it; its owner can still read it.
    assert APIClient().get("/api/v1/postings/").json()["count"] == 0
    assert APIClient().get(f"/api/v1/postings/{posting.slug}/").status_code == 404
    assert api.get(f"/api/v1/postings/{posting.slug}/").status_code == 200


def test_no_token_is_401(body, make_posting, acme):
    posting = make_posting(status="draft", company=acme)
    anonymous = APIClient()
    assert anonymous.post("/api/v1/postings/", body, format="json").status_code == 401
    assert anonymous.patch(f"/api/v1/postings/{posting.slug}/", {}).status_code == 401
    assert anonymous.post(f"/api/v1/postings/{posting.slug}/status/", {}).status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nope")
    assert bad.post("/api/v1/postings/", body, format="json").status_code == 401
    assert not Posting.objects.exclude(pk=posting.pk).exists()


def test_the_form_rules_apply_with_field_errors(api, body, make_posting, acme):
    make_posting(status="pending", company=acme, title="applied   scientist")
    cases = [
        ({"salary_max": 500000}, "salary_max", "at most 2 times"),
        ({"apply_url": ""}, "apply_url", "apply URL or an apply e-mail"),
        ({"remote": "onsite", "hub": None}, "city", "need a city"),
        ({"remote": "onsite", "city": "Xyzzyville"}, "city", "could not tell which city"),
        ({"title": "Applied Scientist"}, "title", "in the last 7 days"),
        ({"type": "gig"}, "type", "not a valid choice"),
        ({"role": "no-such-role"}, "role", "does not exist"),
        ({"company": "other-co"}, "company", "does not exist"),
        ({"salary_min": -5}, "salary_min", ""),
        ({"applicant_countries": ["narnia"]}, "applicant_countries", "narnia"),
    ]
    for change, field, text in cases:
        response = api.post("/api/v1/postings/", {**body, **change}, format="json")
        assert response.status_code == 400, (change, response.content)
        assert field in response.json(), (change, response.json())
        assert text in " ".join(map(str, response.json()[field]))
    assert Posting.objects.count() == 1


def test_garbage_bodies_are_400_not_500(api):
    assert (
        api.post("/api/v1/postings/", "[1, 2]", content_type="application/json").status_code == 400
    )
    response = api.post("/api/v1/postings/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_patch_follows_the_editing_rules(api, make_posting, acme):
    posting = make_posting(company=acme)
    response = api.patch(f"/api/v1/postings/{posting.slug}/", {"description": "New words."})
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = api.patch(f"/api/v1/postings/{posting.slug}/", {"salary_max": 140000})
    assert response.status_code == 200 and response.json()["status"] == "pending"
    response = api.patch(f"/api/v1/postings/{posting.slug}/", {"salary_max": 10})
    assert response.status_code == 400 and "salary_max" in response.json()
    stored = Posting.objects.get(pk=posting.pk)
    assert stored.salary_max == 140_000 and stored.description == "New words."


def test_another_companys_posting_is_404(api, make_posting):
    other = make_posting(status="draft")
    live = make_posting()
    assert api.patch(f"/api/v1/postings/{other.slug}/", {"title": "x"}).status_code == 404
    assert api.delete(f"/api/v1/postings/{live.slug}/").status_code == 404
    response = api.post(f"/api/v1/postings/{live.slug}/status/", {"action": "close"})
    assert response.status_code == 404
    assert Posting.objects.get(pk=live.pk).status == "published"


def test_status_changes_that_are_not_allowed_are_409(api, make_posting, acme):
    posting = make_posting(company=acme)
    response = api.post(f"/api/v1/postings/{posting.slug}/status/", {"action": "submit"})
    assert response.status_code == 409 and "cannot be submitted" in response.json()["detail"]
    response = api.post(f"/api/v1/postings/{posting.slug}/status/", {"action": "explode"})
    assert response.status_code == 400 and "action" in response.json()
    assert api.delete(f"/api/v1/postings/{posting.slug}/").status_code == 409
    response = api.post(f"/api/v1/postings/{posting.slug}/status/", {"action": "fill"})
    assert response.json()["status"] == "filled"


def test_delete_removes_a_draft(api, make_posting, acme):
    posting = make_posting(status="draft", company=acme)
    assert api.delete(f"/api/v1/postings/{posting.slug}/").status_code == 204
    assert not Posting.objects.filter(pk=posting.pk).exists()


def test_the_public_list_is_unchanged_with_or_without_a_token(api, make_posting, acme):
    live = make_posting(company=acme)
    make_posting(status="draft", company=acme)
    anonymous = APIClient().get("/api/v1/postings/").json()
    assert [row["slug"] for row in anonymous["results"]] == [live.slug]
    assert api.get("/api/v1/postings/").json() == anonymous


def test_the_schema_documents_the_write_endpoints_with_examples(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/postings/"]
    assert {"patch", "delete"} <= set(paths["/api/v1/postings/{slug}/"])
    status = paths["/api/v1/postings/{slug}/status/"]["post"]
    assert "examples" in status["requestBody"]["content"]["application/json"]
    create = paths["/api/v1/postings/"]["post"]
    assert "examples" in create["requestBody"]["content"]["application/json"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
