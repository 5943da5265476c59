import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from postings.models import Posting

pytestmark = pytest.mark.django_db
User = get_user_model()


def signup(client, n: int, meta: dict | None = None, **extra):
    data = {
        "username": f"user{n}",
        "email": f"user{n}@example.com",
        "password1": "a long passphrase 9",
        "password2": "a long passphrase 9",
        "homepage": "",
    }
    data.update(extra)
    return client.post("/accounts/signup/", data, **(meta or {}))


def test_signup_honeypot_refuses_bots(client):
    response = signup(client, 1, homepage="https://spam.example")
    assert response.status_code == 200
    assert b"looked automated and was not accepted" in response.content
    assert not User.objects.exists()


def test_signup_is_rate_limited_per_ip(client, settings):
    settings.RATELIMIT_SIGNUP = "3/h"
    for n in range(3):
        assert signup(client, n).status_code == 302
    response = signup(client, 99)
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert User.objects.count() == 3
    # Another address is counted apart.
    assert signup(client, 100, meta={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


def test_login_is_rate_limited_and_has_a_honeypot(client, owner, settings):
    settings.RATELIMIT_LOGIN = "2/m"
    trap = client.post(
        "/accounts/login/", {"username": "olivia", "password": "wrong", "homepage": "x"}
    )
    assert b"looked automated and was not accepted" in trap.content
    client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    assert response.status_code == 429
    # The login page itself still shows (only POSTs are counted).
    assert client.get("/accounts/login/").status_code == 200


def test_submissions_are_rate_limited_per_user(client, owner, posting_data, settings):
    settings.RATELIMIT_SUBMIT = "2/h"
    client.force_login(owner)
    for n in range(2):
        data = posting_data(title=f"Engineer {n}", action="save")
        assert client.post("/post-a-job/", data).status_code == 302
    response = client.post("/post-a-job/", posting_data(title="Engineer 3", action="save"))
    assert response.status_code == 429
    assert Posting.objects.count() == 2
    # Previews are not submissions.
    assert client.post("/post-a-job/", posting_data(action="preview")).status_code == 200


def test_api_submissions_are_rate_limited_with_json(owner, settings, ml_engineer, acme):
    settings.RATELIMIT_SUBMIT = "1/h"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    body = {
        "company": acme.slug,
        "role": ml_engineer.slug,
        "level": "mid",
        "remote": "remote",
        "salary_min": 100,
        "salary_max": 150,
        "description": "x",
        "apply_email": "jobs@acme.example",
    }
    assert api.post("/api/v1/postings/", {**body, "title": "A"}, format="json").status_code == 201
    response = api.post("/api/v1/postings/", {**body, "title": "B"}, format="json")
    assert response.status_code == 429 and "Too many submissions" in response.json()["detail"]
    assert Posting.objects.count() == 1


def test_the_429_page_for_the_api_is_json(rf):
    from jobboard.lib.abuse import rate_limited

    response = rate_limited(rf.post("/api/v1/postings/"))
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
