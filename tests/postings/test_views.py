from datetime import timedelta

import pytest
from django.utils import timezone

from postings.models import PostingStatus
from roles.models import RemoteStatus

pytestmark = pytest.mark.django_db


def test_home_shows_latest_and_entry_points(client, make_posting, ml_engineer, austin):
    posting = make_posting(title="Vision Engineer", role=ml_engineer, hub=austin)
    make_posting(status=PostingStatus.DRAFT, title="Secret Draft")
    response = client.get("/")
    content = response.content.decode()
    assert "Vision Engineer" in content
    assert "Secret Draft" not in content
    assert posting.get_absolute_url() in content
    assert "/jobs/?role=machine-learning-engineer" in content
    assert "/jobs/?city=austin" in content
    assert "/jobs/?remote=onsite" in content


def test_home_counts_live_postings_by_role_city_and_way_of_working(
    client, make_posting, make_hub, ml_engineer, prompt_engineer, austin, new_york
):
    for _ in range(3):
        make_posting(role=ml_engineer, hub=austin)
    make_posting(role=ml_engineer, hub=new_york, remote=RemoteStatus.HYBRID)
    make_posting(role=prompt_engineer, hub=None, remote=RemoteStatus.REMOTE)
    make_posting(role=prompt_engineer, hub=new_york, remote=RemoteStatus.HYBRID)
    # Not live, so counted nowhere.
    make_posting(role=prompt_engineer, hub=austin, status=PostingStatus.DRAFT)
    make_posting(role=ml_engineer, hub=austin, expires_at=timezone.now() - timedelta(hours=1))
    make_hub(name="Remote", slug="remote", is_remote=True, country="")

    context = client.get("/").context
    assert [(role.slug, role.live_count) for role in context["roles"]] == [
        ("machine-learning-engineer", 4),
        ("prompt-engineer", 2),
    ]
    # Most postings first, then by name; the Remote market is not a city.
    assert [(hub.slug, hub.live_count) for hub in context["hubs"]] == [
        ("austin", 3),
        ("new-york", 2),
    ]
    assert context["remote_counts"] == [
        (RemoteStatus.REMOTE, 1),
        (RemoteStatus.HYBRID, 2),
        (RemoteStatus.ONSITE, 3),
    ]


def test_detail_shows_the_posting(client, make_posting, make_company, austin):
    company = make_company(name="Lumen Labs")
    posting = make_posting(
        title="Senior ML Engineer",
        company=company,
        hub=austin,
        remote=RemoteStatus.HYBRID,
        level="senior",
        salary_min=200_000,
        salary_max=250_000,
        description="## The team\n\nWe train **models**.",
    )
    related = make_posting(role=posting.role, title="Another One")
    response = client.get(posting.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "$200,000 – $250,000 a year" in content
    assert "Lumen Labs" in content
    assert "Hybrid, Austin, TX" in content
    assert "<h2>The team</h2>" in content
    assert "<strong>models</strong>" in content
    assert 'href="https://example.com/apply"' in content
    assert related.get_absolute_url() in content
    assert "noindex" not in content


@pytest.mark.parametrize("status", ["draft", "pending", "rejected"])
def test_unpublished_postings_are_404_for_the_public(client, make_posting, status):
    posting = make_posting(status=status)
    assert client.get(posting.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", ["draft", "pending", "rejected"])
def test_staff_may_preview_unpublished_postings(staff_client, make_posting, status):
    posting = make_posting(status=status)
    response = staff_client.get(posting.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview:" in response.content


@pytest.mark.parametrize("status", ["expired", "filled"])
def test_closed_postings_keep_their_page(client, make_posting, status):
    posting = make_posting(status=status)
    similar = make_posting(role=posting.role, title="Still Open")
    response = client.get(posting.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "This job is closed." in content
    assert '<meta name="robots" content="noindex">' in content
    assert "https://example.com/apply" not in content
    assert similar.get_absolute_url() in content


def test_posting_past_its_expiry_reads_as_closed(client, make_posting):
    from datetime import timedelta

    from django.utils import timezone

    posting = make_posting(expires_at=timezone.now() - timedelta(minutes=5))
    response = client.get(posting.get_absolute_url())
    assert b"This job is closed." in response.content
    assert b"noindex" in response.content


def test_unknown_slug_is_404(client, db):
    assert client.get("/jobs/no-such-job/").status_code == 404


@pytest.mark.parametrize("size", [5, 50])
def test_list_page_queries_do_not_grow_with_postings(
    client, make_posting, ml_engineer, django_assert_max_num_queries, size, settings
):
    settings.POSTINGS_PAGE_SIZE = 50
    for i in range(size):
        make_posting(role=ml_engineer if i % 2 else None)
    # count, page of postings (joined), roles and cities for the options, 5 facet counts
    with django_assert_max_num_queries(9):
        response = client.get("/jobs/?remote=onsite")
    assert len(response.context["page_obj"]) == size


@pytest.mark.parametrize("size", [5, 50])
def test_home_queries_do_not_grow_with_postings(
    client, make_posting, django_assert_max_num_queries, size
):
    for _ in range(size):
        make_posting()
    # one grouped count, the roles and cities it names, the latest postings
    with django_assert_max_num_queries(4):
        client.get("/")


def test_detail_queries_are_fixed(client, make_posting, django_assert_max_num_queries):
    posting = make_posting()
    for _ in range(10):
        make_posting(role=posting.role)
    # the posting with its joins, related postings with their joins, the salary placement
    with django_assert_max_num_queries(3):
        client.get(posting.get_absolute_url())
