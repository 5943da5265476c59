"""Production serving: probes, security headers, the deploy checklist, cache and static settings.

Settings that depend on DEBUG are read once at start-up, so the production behaviour is
checked in a subprocess started with the production environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-test-key-that-is-long-and-random-enough-for-check-deploy-0123456789",
    "ALLOWED_HOSTS": "jobs.example.com",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "jobboard.settings", **env})
    return subprocess.run(  # noqa: S603 - our own code, run by our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_python(
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION_HEADERS = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz", secure=True, HTTP_HOST="jobs.example.com")
from django.conf import settings
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "static_backend": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def test_the_app_servers_entry_point_freezes_what_it_loaded():
    """jobboard/wsgi.py moves Django, the apps and the URLconf out of the collector's way."""
    result = run_python(
        "import gc; import jobboard.wsgi, postings.views;"
        "print(gc.get_freeze_count(), len(gc.get_objects()))",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    frozen, still_tracked = map(int, result.stdout.split())
    # The views were imported by the URLconf before the freeze, so nearly nothing is left.
    assert frozen > 20_000
    assert still_tracked < frozen / 10


def test_production_responses_carry_the_security_headers():
    result = run_python(PRODUCTION_HEADERS, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]
    assert seen["status"] == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert seen["session_cookie_secure"] is True
    assert seen["csrf_cookie_secure"] is True
    assert seen["static_backend"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_probes_are_not_redirected_to_https():
    # A load balancer probes over plain HTTP; a redirect would read as "down".
    code = PRODUCTION_HEADERS.replace("secure=True", "secure=False")
    result = run_python(code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["status"] == 200


def test_redis_url_selects_the_redis_cache():
    result = run_python(
        "import django, json; django.setup(); from django.conf import settings;"
        "print(json.dumps(settings.CACHES['default']))",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "jobboard.lib.cache_backend.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"


def test_a_malformed_redis_url_stops_start_up():
    result = run_python("import django; django.setup()", REDIS_URL="cache.internal:6379")
    assert result.returncode != 0
    assert "REDIS_URL must be a redis:// URL" in result.stderr


def test_without_redis_the_cache_is_local_memory_and_sessions_use_it(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("jobboard.health.connection.cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failed: OperationalError", "cache": "ok"}


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_pages_forbid_inline_script(client):
    response = client.get("/jobs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_with_debug_on_the_policy_is_only_reported(client):
    response = client.get("/jobs/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


@override_settings(DEBUG=False)
def test_api_docs_load_their_script_from_files_not_inline(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = html.count("<script")
    assert scripts >= 3
    assert html.count("<script src=") == scripts, "every script on the page must be a file"
    policy = response["Content-Security-Policy"]
    # Only styles are loosened for Swagger UI; scripts stay strict.
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content
