import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false", ALLOWED_HOSTS="jobs.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_starts_with_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="jobs.example.com")
    assert result.returncode == 0, result.stderr


def test_bad_boolean_fails_loudly():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_refuses_the_keys_published_in_this_repository():
    for key in [
        "dev-only-insecure-key-do-not-use-in-production",
        "change-me-to-a-long-random-string",
    ]:
        result = run_check(DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="jobs.example.com")
        assert result.returncode != 0, key
        assert "SECRET_KEY is a published example key" in result.stderr


def test_trusted_proxies_follow_behind_proxy_and_refuse_nonsense():
    result = run_check(TRUSTED_PROXIES="-1")
    assert result.returncode != 0 and "TRUSTED_PROXIES must be 0 or more" in result.stderr
