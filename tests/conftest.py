"""Personas and builders shared by every test."""

import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from postings.models import Company, Hub, Posting, PostingStatus, RemoteStatus
from roles.models import Role

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make many users; the production hasher is slow on purpose, so use a cheap one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so cached counts never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_role(db):
    def build(**overrides) -> Role:
        n = next(_sequence)
        values = {"name": f"Role {n}", "slug": f"role-{n}", "family": "engineering"}
        values.update(overrides)
        return Role.objects.create(**values)

    return build


@pytest.fixture
def make_hub(db):
    def build(**overrides) -> Hub:
        n = next(_sequence)
        values = {"name": f"City {n}", "slug": f"city-{n}", "region": "TX", "country": "US"}
        values.update(overrides)
        return Hub.objects.create(**values)

    return build


@pytest.fixture
def make_company(db):
    def build(**overrides) -> Company:
        n = next(_sequence)
        values = {"name": f"Company {n}", "slug": f"company-{n}", "website": "https://example.com"}
        values.update(overrides)
        return Company.objects.create(**values)

    return build


@pytest.fixture
def ml_engineer(make_role) -> Role:
    return make_role(name="Machine Learning Engineer", slug="machine-learning-engineer")


@pytest.fixture
def prompt_engineer(make_role) -> Role:
    return make_role(name="Prompt Engineer", slug="prompt-engineer", family="product")


@pytest.fixture
def austin(make_hub) -> Hub:
    return make_hub(name="Austin", slug="austin", region="TX")


@pytest.fixture
def new_york(make_hub) -> Hub:
    return make_hub(name="New York", slug="new-york", region="NY")


@pytest.fixture
def make_posting(db, make_role, make_company, make_hub):
    """A live, on-site posting unless told otherwise; any field can be overridden."""

    def build(status: str = PostingStatus.PUBLISHED, **overrides) -> Posting:
        now = timezone.now()
        n = next(_sequence)
        values = {
            "title": f"Engineer {n}",
            "company": overrides.pop("company", None) or make_company(),
            "role": overrides.pop("role", None) or make_role(),
            "remote": RemoteStatus.ONSITE,
            "level": "mid",
            "employment_type": "full-time",
            "salary_min": 100_000,
            "salary_max": 150_000,
            "description": "Build models.",
            "apply_url": "https://example.com/apply",
            "status": status,
        }
        if status in {PostingStatus.PUBLISHED, PostingStatus.EXPIRED, PostingStatus.FILLED}:
            values["published_at"] = now - timedelta(days=1)
            values["expires_at"] = now + timedelta(days=29)
        values.update(overrides)
        if "hub" not in overrides and values["remote"] != RemoteStatus.REMOTE:
            values["hub"] = make_hub()
        return Posting.objects.create(**values)

    return build


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client
