"""Fault injection: with Redis refusing connections, or accepting them and never answering,
every page still serves from the database, /readyz says the cache is degraded, and rate
limits let requests through, as docs/caching.md says."""

import socket
import threading

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


class BlackHole:
    """A TCP server that accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = 0
        self.connections: list[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.server.close()


def redis_at(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "jobboard.lib.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "outage-test",
        }
    }


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture(params=["refused", "silent"])
def broken_cache(request, black_hole, settings):
    settings.CACHE_TIMEOUT_SECONDS = 0.2
    settings.CACHE_RETRY_SECONDS = 60
    # Nothing listens on port 1; the black hole listens and never answers.
    location = (
        "redis://127.0.0.1:1/0"
        if request.param == "refused"
        else (f"redis://127.0.0.1:{black_hole.port}/0")
    )
    with override_settings(CACHES=redis_at(location)):
        yield request.param


PAGES = ["/", "/jobs/", "/jobs/?role=machine-learning-engineer", "/roles/", "/hubs/austin/"]


def test_every_page_serves_from_the_database(client, broken_cache, catalogue, make_posting):
    make_posting(title="Still Listed Engineer")
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Still Listed Engineer" in client.get("/jobs/").content.decode()
    body = client.get("/api/v1/postings/").json()
    assert body["count"] == 1 and body["facets"]["remote"] == {"onsite": 1}


def test_a_silent_server_delays_one_request_not_every_one(client, black_hole, settings, catalogue):
    settings.CACHE_TIMEOUT_SECONDS = 0.2
    settings.CACHE_RETRY_SECONDS = 60
    with override_settings(CACHES=redis_at(f"redis://127.0.0.1:{black_hole.port}/0")):
        for path in PAGES:
            assert client.get(path).status_code == 200
        # One connection timed out; after it the cache was left alone, not asked per call.
        assert black_hole.accepted == 1


def test_readyz_reports_the_cache_as_degraded(client, broken_cache):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("degraded: ")


def test_rate_limits_let_requests_through_while_the_cache_is_down(client, broken_cache, settings):
    settings.RATELIMIT_SIGNUP = "1/h"
    for n in range(3):
        response = client.post(
            "/accounts/signup/",
            {
                "username": f"user{n}",
                "email": f"user{n}@example.com",
                "password1": "a long passphrase 9",
                "password2": "a long passphrase 9",
            },
        )
        assert response.status_code == 302


def test_signed_in_visitors_stay_signed_in(client, broken_cache, owner, acme):
    client.force_login(owner)
    response = client.get("/employer/")
    assert response.status_code == 200 and response.context["user"] == owner
    assert "Acme AI" in response.content.decode() and "Log out" in response.content.decode()


def test_the_cache_works_again_once_it_answers(settings):
    settings.CACHE_RETRY_SECONDS = 0
    with override_settings(CACHES=redis_at("redis://127.0.0.1:6379/0")):
        cache.set("probe", "here")
        assert cache.get("probe") == "here"
        cache.delete("probe")
