from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from postings.models import Posting, PostingStatus
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db


def refused(**fields) -> bool:
    """Whether the database itself refuses an update of one row to these values."""
    posting = Posting.objects.first()
    try:
        with transaction.atomic():
            Posting.objects.filter(pk=posting.pk).update(**fields)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def posting(make_posting):
    return make_posting()


@pytest.mark.parametrize(
    "fields",
    [
        {"salary_min": 0},
        {"salary_min": 200_000, "salary_max": 150_000},
        {"apply_url": "", "apply_email": ""},
        {"status": PostingStatus.PUBLISHED, "published_at": None},
        {"city": None, "remote": RemoteStatus.ONSITE},
        {"city": None, "remote": RemoteStatus.HYBRID},
        {"remote": "banana"},
        {"level": "guru"},
        {"employment_type": "gig"},
        {"status": "archived"},
    ],
)
def test_database_refuses_bad_rows(posting, fields):
    assert refused(**fields)


def test_database_accepts_remote_anywhere_and_email_only(posting):
    assert not refused(hub=None, remote=RemoteStatus.REMOTE, apply_url="", apply_email="a@b.co")


def test_model_validation_names_the_fields(make_posting):
    posting = make_posting(status=PostingStatus.DRAFT)
    posting.salary_min, posting.salary_max = 200, 100
    posting.apply_url = ""
    posting.city = posting.hub = None
    with pytest.raises(ValidationError) as caught:
        posting.full_clean()
    assert {"salary_max", "apply_url", "city"} <= set(caught.value.message_dict)


def test_applicant_countries_must_be_country_codes(make_posting):
    posting = make_posting(remote=RemoteStatus.REMOTE, hub=None)
    posting.applicant_countries = ["usa"]
    with pytest.raises(ValidationError) as caught:
        posting.full_clean()
    assert "applicant_countries" in caught.value.message_dict


def test_live_is_published_and_not_past_expiry(make_posting):
    now = timezone.now()
    live = make_posting()
    no_expiry = make_posting(expires_at=None)
    make_posting(status=PostingStatus.DRAFT)
    make_posting(status=PostingStatus.PENDING)
    make_posting(status=PostingStatus.REJECTED)
    make_posting(status=PostingStatus.FILLED)
    make_posting(status=PostingStatus.EXPIRED)
    lapsed = make_posting(expires_at=now - timedelta(minutes=1))

    assert set(Posting.objects.live()) == {live, no_expiry}
    assert not lapsed.is_live() and lapsed.is_closed()
    assert {p.status for p in Posting.objects.public()} == {"filled", "expired", "published"}
    assert Posting.objects.public().filter(pk=lapsed.pk).exists()


def test_salary_max_annual_compares_periods(make_posting):
    hourly = make_posting(salary_min=60, salary_max=90, salary_period="hour")
    monthly = make_posting(salary_min=9_000, salary_max=12_000, salary_period="month")
    hourly.refresh_from_db()
    monthly.refresh_from_db()
    assert hourly.salary_max_annual == 90 * 2080
    assert monthly.salary_max_annual == 144_000


def test_slug_is_made_unique(make_posting, make_company):
    company = make_company(name="Acme AI")
    first = make_posting(title="ML Engineer", company=company)
    second = make_posting(title="ML Engineer", company=company)
    assert first.slug == "ml-engineer-acme-ai"
    assert second.slug == "ml-engineer-acme-ai-2"


def test_a_posting_never_takes_an_address_a_page_uses(make_posting, make_company):
    company = make_company(name="")
    company.name = ""
    for title in ["Feed", "Saved", "Alerts"]:
        posting = make_posting(title=title, company=company, slug="")
        assert posting.slug == f"{title.lower()}-job"
