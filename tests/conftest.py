"""Personas, builders and the catalogue, shared by every test and defined only here."""

import io
import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from companies.models import Company, Membership, MembershipRole
from guides.models import FAQ, Category, GuideArticle, GuideStatus
from hubs import gazetteer
from hubs.models import City, Hub
from postings.models import Posting, PostingStatus
from roles.models import RemoteStatus, Role
from salaries.models import ImportBatch, SalaryReport
from salaries.stats import rebuild_summaries

from .salaries.survey_files import HEADER

User = get_user_model()
PASSWORD = "correct horse battery staple 42"
_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts with an empty cache (no counts or rate limits leak between tests),
    stores uploads in a folder of its own, runs tasks at once, and hashes passwords cheaply:
    tests make many users, and the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"
    # Tasks run where they are enqueued, and e-mail lands in django.core.mail.outbox; the
    # tests of the queue itself (tests/jobboard/test_tasks.py) choose the database queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


# --- the catalogue ----------------------------------------------------------------------
# Loading the real catalogue takes seconds (thousands of checked writes); it is loaded once
# per run, its rows kept in memory, and written back in one bulk insert per table for each
# test that asks for it.

CATALOGUE_APPS = ("roles", "hubs", "salaries", "guides")


def _in_dependency_order(models: list) -> list:
    """Tables before the tables whose foreign keys point at them."""
    ordered, placed = [], set()
    while len(ordered) < len(models):
        for model in models:
            needs = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            }
            if model not in placed and not (needs & set(models)) - placed:
                ordered.append(model)
                placed.add(model)
    return ordered


@pytest.fixture(scope="session")
def _catalogue_rows(django_db_setup, django_db_blocker) -> list[tuple[type, list[dict]]]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalogue", stdout=io.StringIO())
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in CATALOGUE_APPS and model.objects.exists()
        ]
        rows = [(model, list(model.objects.values())) for model in _in_dependency_order(models)]
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def catalogue(db, _catalogue_rows) -> None:
    """The real catalogue: every role, band, step, certification, transition, hub, title
    alias, guide and FAQ entry, as `load_catalogue` leaves them."""
    for model, rows in _catalogue_rows:
        model.objects.bulk_create(model(**row) for row in rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _catalogue_rows]):
            cursor.execute(sql)


# --- builders ---------------------------------------------------------------------------


@pytest.fixture
def make_role(db):
    def build(**overrides) -> Role:
        n = next(_sequence)
        values = {"name": f"Role {n}", "slug": f"role-{n}", "family": "engineering"}
        values.update(overrides)
        return Role.objects.create(**values)

    return build


# Cities made up for tests have ids far past GeoNames' own.
MADE_UP_CITY_IDS = 900_000_000


@pytest.fixture
def make_city(db):
    """A city made up for a test (not in the gazetteer), or a real one: make_city("Berlin")."""

    def build(real: str | None = None, **overrides) -> City:
        if real is not None:
            return City.objects.from_place(gazetteer.resolve(real))
        n = next(_sequence)
        values = {
            "pk": MADE_UP_CITY_IDS + n,
            "name": f"Town {n}",
            "slug": f"town-{n}-us",
            "country": "US",
            "region": "TX",
            # Far apart, so no two made-up cities are near each other by chance.
            "latitude": -60 + (n * 7) % 120,
            "longitude": -180 + (n * 37) % 360,
        }
        values.update(overrides)
        return City.objects.create(**values)

    return build


@pytest.fixture
def make_hub(db, make_city):
    def build(**overrides) -> Hub:
        n = next(_sequence)
        values = {"name": f"City {n}", "slug": f"city-{n}", "region": "TX", "country": "US"}
        values.update(overrides)
        if "city" not in values and not values.get("is_remote"):
            values["city"] = make_city(
                name=values["name"],
                slug=f"{values['slug']}-town",
                region=values["region"],
                country=values["country"] or "US",
            )
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


GUIDE_BODY = """Opening paragraph.

## First section

Some words.

### A detail

More words.

## Second section

The end.
"""


@pytest.fixture
def make_category(db):
    def build(**overrides) -> Category:
        n = next(_sequence)
        values = {"name": f"Category {n}", "slug": f"category-{n}"}
        values.update(overrides)
        return Category.objects.create(**values)

    return build


@pytest.fixture
def make_guide(db, make_category):
    """A published guide unless told otherwise; roles are linked after creation."""

    def build(status: str = GuideStatus.PUBLISHED, roles=(), **overrides) -> GuideArticle:
        n = next(_sequence)
        values = {
            "title": f"Guide {n}",
            "slug": f"guide-{n}",
            "summary": f"Summary of guide {n}.",
            "body": GUIDE_BODY,
            "category": overrides.pop("category", None) or make_category(),
            "status": status,
        }
        if status == GuideStatus.PUBLISHED:
            values["published_at"] = timezone.now() - timedelta(days=n % 30 + 1)
        values.update(overrides)
        guide = GuideArticle.objects.create(**values)
        guide.related_roles.set(roles)
        return guide

    return build


@pytest.fixture
def make_faq(db):
    def build(**overrides) -> FAQ:
        n = next(_sequence)
        values = {"question": f"Question {n}?", "slug": f"question-{n}", "answer": "An answer."}
        values.update(overrides)
        return FAQ.objects.create(**values)

    return build


@pytest.fixture
def survey_csv(tmp_path):
    """write(lines) -> path of a survey CSV with the header and the given lines (str or bytes)."""

    def write(lines, name: str = "survey.csv") -> Path:
        path = tmp_path / name
        body = [HEADER.encode(), *(ln if isinstance(ln, bytes) else ln.encode() for ln in lines)]
        path.write_bytes(b"\n".join(body) + b"\n")
        return path

    return write


@pytest.fixture
def make_reports(db):
    """make_reports(amounts, **fields) -> survey reports, with the summaries rebuilt."""

    def build(amounts, rebuild: bool = True, **overrides) -> list[SalaryReport]:
        batch, _ = ImportBatch.objects.get_or_create(source="test", defaults={"location": "-"})
        values = {
            "batch": batch,
            "year": 2024,
            "level": "senior",
            "employment_type": "full-time",
            "job_title": "Machine Learning Engineer",
            "currency": "USD",
            "residence_country": "US",
            "company_country": "US",
            "remote": "onsite",
            "company_size": "M",
        }
        values.update(overrides)
        reports = SalaryReport.objects.bulk_create(
            SalaryReport(amount=a, amount_usd=a, **values) for a in amounts
        )
        if rebuild:
            rebuild_summaries()
        return reports

    return build


# --- personas: the employer side --------------------------------------------------------


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
    """Olivia owns Acme AI."""
    user = make_user("olivia")
    Membership.objects.create(user=user, company=acme, role=MembershipRole.OWNER)
    return user


@pytest.fixture
def member(make_user, acme):
    """Mateo is a member of Acme AI."""
    user = make_user("mateo")
    Membership.objects.create(user=user, company=acme, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def outsider(make_user, make_company):
    """Oscar owns another company."""
    user = make_user("oscar")
    other = make_company(name="Other Co", slug="other-co")
    Membership.objects.create(user=user, company=other, role=MembershipRole.OWNER)
    return user


@pytest.fixture
def staff(make_user):
    """Stella is a superuser."""
    return make_user("stella", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


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
            "city": "austin",
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
