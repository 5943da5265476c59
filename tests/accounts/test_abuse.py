import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobboard.lib.abuse import client_ip
from postings.models import Posting
from tests.conftest import PASSWORD

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


# --- the client's address behind proxies ------------------------------------------------


def test_two_clients_behind_one_proxy_are_counted_apart(client, settings):
    settings.TRUSTED_PROXIES = 1
    settings.RATELIMIT_SIGNUP = "2/h"
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(2):
        assert signup(client, n, meta={**balancer, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}).url
    assert (
        signup(client, 2, meta={**balancer, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}).status_code
        == 429
    )
    # Another client behind the same balancer has a count of its own.
    other = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert signup(client, 3, meta=other).status_code == 302


def test_a_forwarded_header_written_by_the_client_changes_nothing(client, settings):
    settings.RATELIMIT_SIGNUP = "2/h"
    # Straight to the app server (no trusted proxy): the header is the client's own words.
    settings.TRUSTED_PROXIES = 0
    for n, forged in enumerate(["1.1.1.1", "2.2.2.2"]):
        assert signup(client, n, meta={"HTTP_X_FORWARDED_FOR": forged}).status_code == 302
    assert signup(client, 2, meta={"HTTP_X_FORWARDED_FOR": "3.3.3.3"}).status_code == 429
    # Behind one proxy, which appends the real address: what the client put first is ignored.
    settings.TRUSTED_PROXIES = 1
    cache.clear()
    proxied = {"REMOTE_ADDR": "10.0.0.2"}
    for n, forged in enumerate(["1.1.1.1", "2.2.2.2"], start=10):
        meta = {**proxied, "HTTP_X_FORWARDED_FOR": f"{forged}, 203.0.113.9"}
        assert signup(client, n, meta=meta).status_code == 302
    meta = {**proxied, "HTTP_X_FORWARDED_FOR": "3.3.3.3, 203.0.113.9"}
    assert signup(client, 12, meta=meta).status_code == 429


def test_client_ip_reads_as_many_hops_as_there_are_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.1.1.1")
    request.META["REMOTE_ADDR"] = "10.0.0.2"
    for hops, expected in [(0, "10.0.0.2"), (1, "10.1.1.1"), (2, "203.0.113.9"), (4, "10.0.0.2")]:
        settings.TRUSTED_PROXIES = hops
        assert client_ip(request) == expected
    settings.TRUSTED_PROXIES = 1
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_ip(request) == "10.0.0.2"


# --- failed log-ins, the admin's too, and password resets -------------------------------


def fail_login(client, username: str, path: str = "/accounts/login/", **meta):
    return client.post(path, {"username": username, "password": "wrong"}, **meta)


def test_failed_logins_are_limited_per_account_from_any_address(client, owner, settings):
    settings.RATELIMIT_LOGIN_ACCOUNT = "3/15m"
    for n in range(3):
        assert fail_login(client, "olivia", REMOTE_ADDR=f"10.0.0.{n}").status_code == 200
    # A fourth address guessing the same account is refused before the password is tried.
    assert fail_login(client, "Olivia", REMOTE_ADDR="10.0.0.9").status_code == 429
    right = {"username": "olivia", "password": PASSWORD}
    assert client.post("/accounts/login/", right, REMOTE_ADDR="10.0.0.9").status_code == 429
    # Other accounts are not affected, and password reset stays open to the owner.
    assert fail_login(client, "mateo", REMOTE_ADDR="10.0.0.9").status_code == 200
    reset = client.post("/accounts/password_reset/", {"email": owner.email})
    assert reset.status_code == 302 and len(mail.outbox) == 1


def test_successful_logins_never_count(client, owner, settings):
    settings.RATELIMIT_LOGIN_ACCOUNT = "2/15m"
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD})
        assert response.status_code == 302
        client.logout()


def test_the_admin_log_in_is_limited_too(client, staff, settings):
    settings.RATELIMIT_LOGIN = "2/m"
    for _ in range(2):
        page = fail_login(client, "stella", path="/admin/login/")
        assert b"Please enter the correct username and password" in page.content
    assert fail_login(client, "someone-else", path="/admin/login/").status_code == 429
    assert client.get("/admin/login/").status_code == 200  # only attempts are counted


def test_password_reset_is_limited_per_address_and_per_ip(client, owner, settings):
    settings.RATELIMIT_PASSWORD_RESET_ADDRESS = "2/h"
    settings.RATELIMIT_PASSWORD_RESET = "3/h"
    for n in range(2):
        client.post(
            "/accounts/password_reset/", {"email": "OLIVIA@example.com"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
    refused = client.post(
        "/accounts/password_reset/", {"email": owner.email}, REMOTE_ADDR="10.0.0.8"
    )
    assert refused.status_code == 429 and len(mail.outbox) == 2
    # Per client address: the third request from one address is its last.
    for other in ["a@example.com", "b@example.com"]:
        client.post("/accounts/password_reset/", {"email": other}, REMOTE_ADDR="10.0.0.0")
    assert (
        client.post(
            "/accounts/password_reset/", {"email": "c@example.com"}, REMOTE_ADDR="10.0.0.0"
        ).status_code
        == 429
    )
