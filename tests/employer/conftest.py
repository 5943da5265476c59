"""Personas for the employer side: an owner and a member of Acme, an outsider, staff."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from postings.models import Company, Membership, MembershipRole

User = get_user_model()
PASSWORD = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Fresh rate-limit counters, uploads in a temporary folder, predictable links."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Fast hashing: these tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def build(username: str, **extra) -> User:
        extra.setdefault("email", f"{username}@example.com")
        return User.objects.create_user(username=username, password=PASSWORD, **extra)

    return build


@pytest.fixture
def acme(db) -> Company:
    return Company.objects.create(name="Acme AI", slug="acme-ai", website="https://acme.example")


@pytest.fixture
def owner(make_user, acme):
    user = make_user("olivia")
    Membership.objects.create(user=user, company=acme, role=MembershipRole.OWNER)
    return user


@pytest.fixture
def member(make_user, acme):
    user = make_user("mateo")
    Membership.objects.create(user=user, company=acme, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def outsider(make_user, make_company):
    user = make_user("oscar")
    other = make_company(name="Other Co", slug="other-co")
    Membership.objects.create(user=user, company=other, role=MembershipRole.OWNER)
    return user


@pytest.fixture
def staff(make_user):
    return make_user("stella", is_staff=True, is_superuser=True)


@pytest.fixture
def posting_data(ml_engineer, austin, acme):
    """What an employer types into /post-a-job/ (or sends to the API, with `type`)."""

    def build(**overrides) -> dict:
        data = {
            "company": acme.pk,
            "title": "Machine Learning Engineer, Search",
            "role": ml_engineer.pk,
            "level": "mid",
            "employment_type": "full-time",
            "remote": "hybrid",
            "hub": austin.pk,
            "applicant_countries": "",
            "salary_min": "150000",
            "salary_max": "190000",
            "salary_currency": "usd",
            "salary_period": "year",
            "description": "Build **ranking models**.\n\n<script>alert(1)</script>",
            "apply_url": "https://acme.example/jobs/42",
            "apply_email": "",
            "homepage": "",
        }
        data.update(overrides)
        return data

    return build
