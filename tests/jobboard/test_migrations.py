"""Moving models into apps of their own loses nothing: a database filled at the last migration
before the move comes out of the move with every row, and with the permissions its groups
held, now under the models' new apps."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from candidates.models import AlertDelivery, JobAlert, SavedPosting
from companies.models import Company, Membership
from hubs.models import Hub, ReportedWorkSplit
from postings import search_sqlite
from postings.models import Posting
from salaries.models import ImportBatch, SalaryReport, SalarySummary, TitleAlias

# Where each app stood just before the move; the new apps did not exist yet.
BEFORE_THE_MOVE = [
    ("postings", "0006_posting_published_role_hub"),
    ("roles", "0003_salary_survey"),
    ("guides", "0001_initial"),
    ("hubs", None),
    ("companies", None),
    ("candidates", None),
    ("salaries", None),
]
# Permissions a moderators' group held, by the app label they had before the move.
HELD = {
    ("postings", "change_hub"): ("hubs", "change_hub"),
    ("postings", "view_company"): ("companies", "view_company"),
    ("postings", "delete_jobalert"): ("candidates", "delete_jobalert"),
    ("roles", "change_titlealias"): ("salaries", "change_titlealias"),
    ("roles", "view_salaryreport"): ("salaries", "view_salaryreport"),
    ("postings", "change_posting"): ("postings", "change_posting"),
}


def migrate(targets) -> MigrationExecutor:
    # What `migrate` does around the executor on SQLite: the full-text triggers stand
    # aside while tables are rebuilt (postings/search_sqlite.py).
    search_sqlite.drop_triggers(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    search_sqlite.ensure_index(connection)
    return executor


def fill_the_old_tables(apps) -> None:
    """One row in every moved table, through the models as they were before the move."""
    user = apps.get_model("auth", "User").objects.create(username="olivia", email="o@x.example")
    source = apps.get_model("roles", "Source").objects.create(slug="guide", title="A guide")
    role = apps.get_model("roles", "Role").objects.create(
        name="Prompt Engineer", slug="prompt-engineer", family="product"
    )
    hub = apps.get_model("postings", "Hub").objects.create(name="Austin", slug="austin")
    apps.get_model("postings", "ReportedWorkSplit").objects.create(
        source=source, remote_pct=60, hybrid_pct=25, onsite_pct=15
    )
    company = apps.get_model("postings", "Company").objects.create(name="Acme", slug="acme")
    apps.get_model("postings", "Membership").objects.create(
        user=user, company=company, role="owner"
    )
    now = timezone.now()
    posting = apps.get_model("postings", "Posting").objects.create(
        title="Prompt Engineer",
        slug="prompt-engineer-acme",
        company=company,
        role=role,
        hub=hub,
        remote="onsite",
        level="mid",
        employment_type="full-time",
        salary_min=100_000,
        salary_max=150_000,
        salary_currency="USD",
        salary_period="year",
        description="Write prompts.",
        apply_url="https://acme.example/apply",
        status="published",
        published_at=now,
        expires_at=now + timedelta(days=30),
    )
    apps.get_model("postings", "SavedPosting").objects.create(user=user, posting=posting)
    alert = apps.get_model("postings", "JobAlert").objects.create(
        email="ada@example.com", query="role=prompt-engineer", confirmed_at=now
    )
    apps.get_model("postings", "AlertDelivery").objects.create(alert=alert, posting=posting)
    batch = apps.get_model("roles", "ImportBatch").objects.create(source="survey", location="-")
    apps.get_model("roles", "TitleAlias").objects.create(title="Prompt Engineer", role=role)
    apps.get_model("roles", "SalaryReport").objects.create(
        batch=batch,
        year=2024,
        level="mid",
        employment_type="full-time",
        job_title="Prompt Engineer",
        amount=120_000,
        currency="USD",
        amount_usd=120_000,
        residence_country="US",
        company_country="US",
        remote="onsite",
        company_size="M",
        role=role,
    )
    apps.get_model("roles", "SalarySummary").objects.create(role=role, count=1, p50=120_000)

    permission = apps.get_model("auth", "Permission")
    moderators = apps.get_model("auth", "Group").objects.create(name="Moderators")
    for app_label, codename in HELD:
        moderators.permissions.add(
            permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


@pytest.mark.django_db(transaction=True)
def test_the_move_into_apps_keeps_every_row_and_permission():
    before = migrate(BEFORE_THE_MOVE)
    nodes = [(app, name) for app, name in BEFORE_THE_MOVE if name is not None]
    fill_the_old_tables(before.loader.project_state(nodes).apps)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    for model in [Hub, ReportedWorkSplit, Company, Membership, Posting, SavedPosting, JobAlert]:
        assert model.objects.count() == 1, model
    for model in [AlertDelivery, ImportBatch, TitleAlias, SalaryReport, SalarySummary]:
        assert model.objects.count() == 1, model
    posting = Posting.objects.select_related("company", "hub", "city").get()
    assert (posting.company.name, posting.hub.name) == ("Acme", "Austin")
    # The hub's place became a city of the gazetteer, and the posting is there.
    assert (posting.city.slug, posting.city.country) == ("austin-us", "US")
    assert list(posting.countries.values_list("country", flat=True)) == ["US"]
    assert SavedPosting.objects.get().posting == posting
    assert SalaryReport.objects.get().role.slug == "prompt-engineer"

    moderators = Group.objects.get(name="Moderators")
    held = {
        (p.content_type.app_label, p.codename)
        for p in moderators.permissions.select_related("content_type")
    }
    assert held == set(HELD.values())
    # The content types moved rather than being made anew: none is left behind.
    assert not ContentType.objects.filter(
        app_label="postings", model__in=["hub", "company", "jobalert"]
    ).exists()
    assert not ContentType.objects.filter(app_label="roles", model="salaryreport").exists()
