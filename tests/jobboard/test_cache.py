"""Cached counts: a list's total and facet counts are reused briefly; the rows never are."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from jobboard.lib import cache as board_cache
from jobboard.lib.cache import cached_postings
from postings.models import Posting


@pytest.fixture
def board(make_posting, ml_engineer, austin):
    return [make_posting(role=ml_engineer, hub=austin) for _ in range(3)]


def test_the_list_reuses_its_counts_but_not_its_rows(client, board):
    first = client.get("/jobs/?role=machine-learning-engineer")
    assert first.context["page_obj"].paginator.count == 3
    # An expiry time passes with no write to the posting (no command has run yet).
    lapsed = board[0]
    Posting.objects.filter(pk=lapsed.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    second = client.get("/jobs/?role=machine-learning-engineer&ordering=newest")
    # The total is the cached one, while the rows already leave the lapsed posting out.
    assert second.context["page_obj"].paginator.count == 3
    assert lapsed not in second.context["page_obj"].object_list
    assert len(second.context["page_obj"].object_list) == 2


def test_with_caching_off_counts_are_always_fresh(client, board, make_posting, settings):
    settings.POSTING_COUNTS_CACHE_SECONDS = 0
    client.get("/jobs/")
    make_posting()
    assert client.get("/jobs/").context["page_obj"].paginator.count == 4


def test_a_repeated_search_skips_the_counting_queries(client, board, django_assert_num_queries):
    url = "/jobs/?role=machine-learning-engineer&city=austin"
    # Cold: role and city looked up once by the form, the total, the page of rows, a
    # grouped count for the role chosen and one for the other three simple facets together,
    # one for the countries and one for the commonest cities, and the role and city names
    # for the facet options.
    with django_assert_num_queries(10):
        client.get(url)
    # Warm: the page of rows. The form checks the role and city against the cached
    # catalogue, and the filter form with its counts and options is kept rendered.
    with django_assert_num_queries(1):
        response = client.get(url + "&page=1")
    assert response.context["page_obj"].paginator.count == 3
    assert {o["value"]: o["count"] for o in response.context["facets"]["city"]} == {"austin": 3}


def test_the_api_reuses_its_total(client, board, django_assert_num_queries):
    assert client.get("/api/v1/postings/").json()["count"] == 3
    # One query: the page of rows; the total comes from the cache.
    with django_assert_num_queries(1):
        body = client.get("/api/v1/postings/?page_size=10").json()
    assert body["count"] == 3
    assert len(body["results"]) == 3


def test_a_change_to_the_postings_refreshes_every_count(client, board, make_posting):
    assert client.get("/api/v1/postings/").json()["count"] == 3
    assert client.get("/jobs/").context["page_obj"].paginator.count == 3
    posting = make_posting()
    assert client.get("/api/v1/postings/").json()["count"] == 4
    assert client.get("/jobs/").context["page_obj"].paginator.count == 4
    posting.delete()
    assert client.get("/api/v1/postings/").json()["count"] == 3


def test_the_home_page_reuses_its_counts(client, board, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(1):  # the latest postings only
        response = client.get("/")
    assert [role.live_count for role in response.context["roles"]] == [3]


def test_past_half_its_life_a_count_is_made_again_by_one_request(settings, monkeypatch):
    settings.POSTING_COUNTS_CACHE_SECONDS = 30
    clock = [1_000.0]
    monkeypatch.setattr(board_cache, "now", lambda: clock[0])
    made = []

    def count() -> int:
        made.append(clock[0])
        return len(made)

    assert cached_postings("test", count) == 1
    clock[0] += 14
    assert cached_postings("test", count) == 1
    clock[0] += 2
    # Another request holds the lock and is counting: this one answers with the kept value.
    generation = board_cache._generation(board_cache.POSTINGS_GENERATION)
    lock = f"postings:test:{generation}:refreshing"
    cache.add(lock, 1)
    assert cached_postings("test", count) == 1
    cache.delete(lock)
    # No one is: this request counts again, and the new count is fresh for half the time.
    assert cached_postings("test", count) == 2
    assert cache.get(lock) is None
    clock[0] += 14
    assert cached_postings("test", count) == 2
    assert made == [1_000.0, 1_016.0]


def test_the_kept_filter_form_is_the_one_of_its_search(client, board, make_posting, ml_engineer):
    checked = '<input type="checkbox" name="role" value="machine-learning-engineer" checked>'
    by_salary = client.get("/jobs/?role=machine-learning-engineer&ordering=salary").content
    assert '<option value="salary" selected>' in by_salary.decode()
    assert checked in by_salary.decode()
    # Same filters, another order: the counts are shared, the form is not.
    newest = client.get("/jobs/?role=machine-learning-engineer").content.decode()
    assert '<option value="newest" selected>' in newest
    assert '<option value="salary" selected>' not in newest
    role_count = 'Machine Learning Engineer <span class="count" aria-label="{n} jobs">'
    assert checked in newest and role_count.format(n=3) in newest
    assert 'value="engineer"' in client.get("/jobs/?q=engineer").content.decode()
    assert 'value="engineers"' in client.get("/jobs/?q=engineers").content.decode()
    # A write to the postings renders it again with the new counts.
    make_posting(role=ml_engineer)
    after = client.get("/jobs/?role=machine-learning-engineer").content.decode()
    assert role_count.format(n=4) in after


def test_an_admin_bulk_delete_refreshes_the_counts(staff_client, client, board):
    assert client.get("/jobs/").context["page_obj"].paginator.count == 3
    response = staff_client.post(
        "/admin/postings/posting/",
        {
            "action": "delete_selected",
            "_selected_action": [board[0].pk, board[1].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302 and Posting.objects.count() == 1
    assert client.get("/jobs/").context["page_obj"].paginator.count == 1


def test_renaming_a_role_shows_at_once_in_the_home_counts_and_the_filter_form(client, board):
    role = board[0].role
    assert role.name in client.get("/").content.decode()
    assert role.name in client.get("/jobs/").content.decode()
    role.name = "Applied Scientist"
    role.save()
    assert "Applied Scientist" in client.get("/").content.decode()
    assert "Applied Scientist" in client.get("/jobs/").content.decode()


def test_every_key_carries_the_release(settings):
    """Values pickled by one release are never read by the next: its keys differ."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix.endswith(f":{settings.RELEASE}") and len(settings.RELEASE) >= 8
    cache.set("probe", 1)
    assert cache.make_key("probe").startswith(prefix)


def test_the_release_defaults_to_a_digest_of_the_code(tmp_path):
    from jobboard import settings as project_settings

    first = project_settings.source_digest()
    assert first == project_settings.source_digest() and len(first) == 12
