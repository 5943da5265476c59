"""Saved jobs: save and unsave by POST only, safe redirects, the saved page and its queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import SavedPosting
from postings.models import PostingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(django_user_model):
    return django_user_model.objects.create_user("candidate", "c@example.com", "pw-long-enough")


@pytest.fixture
def other_candidate(django_user_model):
    return django_user_model.objects.create_user("other", "o@example.com", "pw-long-enough")


@pytest.fixture
def candidate_client(client, candidate):
    client.force_login(candidate)
    return client


def save_url(posting) -> str:
    return f"/jobs/{posting.slug}/save/"


def unsave_url(posting) -> str:
    return f"/jobs/{posting.slug}/unsave/"


def test_candidate_saves_and_goes_back_to_the_list(candidate_client, candidate, make_posting):
    posting = make_posting(title="Vision Engineer")
    response = candidate_client.post(save_url(posting), {"next": "/jobs/?remote=onsite"})
    assert response.status_code == 302
    assert response["Location"] == "/jobs/?remote=onsite"
    assert list(SavedPosting.objects.values_list("user", "posting")) == [(candidate.pk, posting.pk)]


def test_saving_twice_keeps_one_row(candidate_client, make_posting):
    posting = make_posting()
    candidate_client.post(save_url(posting))
    candidate_client.post(save_url(posting))
    assert SavedPosting.objects.count() == 1


def test_candidate_unsaves(candidate_client, candidate, make_posting):
    posting = make_posting()
    SavedPosting.objects.create(user=candidate, posting=posting)
    response = candidate_client.post(unsave_url(posting), {"next": "/jobs/saved/"})
    assert response["Location"] == "/jobs/saved/"
    assert not SavedPosting.objects.exists()


def test_unsaving_touches_only_my_own_row(candidate_client, other_candidate, make_posting):
    posting = make_posting()
    SavedPosting.objects.create(user=other_candidate, posting=posting)
    candidate_client.post(unsave_url(posting))
    assert SavedPosting.objects.filter(user=other_candidate).count() == 1


@pytest.mark.parametrize("url", [save_url, unsave_url])
def test_get_never_changes_state(candidate_client, candidate, make_posting, url):
    posting = make_posting()
    kept = make_posting()
    SavedPosting.objects.create(user=candidate, posting=kept)
    assert candidate_client.get(url(posting)).status_code == 405
    assert candidate_client.get(url(kept)).status_code == 405
    assert list(SavedPosting.objects.values_list("posting", flat=True)) == [kept.pk]


def test_anonymous_visitor_is_sent_to_log_in(client, make_posting):
    posting = make_posting()
    response = client.post(save_url(posting), {"next": "/jobs/?role=x"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/jobs/%3Frole%3Dx"
    assert not SavedPosting.objects.exists()


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"]
)
def test_unsafe_next_is_ignored(candidate_client, make_posting, unsafe):
    posting = make_posting()
    response = candidate_client.post(save_url(posting), {"next": unsafe})
    assert response["Location"] == posting.get_absolute_url()


@pytest.mark.parametrize("status", ["draft", "pending", "expired"])
def test_only_live_postings_can_be_saved(candidate_client, make_posting, status):
    posting = make_posting(status=status)
    assert candidate_client.post(save_url(posting)).status_code == 404
    assert not SavedPosting.objects.exists()


def test_list_marks_the_saved_rows(candidate_client, candidate, make_posting):
    saved = make_posting(title="Kept Job")
    other = make_posting(title="Other Job")
    SavedPosting.objects.create(user=candidate, posting=saved)
    content = candidate_client.get("/jobs/").content.decode()
    assert f'action="/jobs/{saved.slug}/unsave/"' in content
    assert f'action="/jobs/{other.slug}/save/"' in content
    assert f'action="/jobs/{saved.slug}/save/"' not in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_anonymous_list_offers_sign_in_to_save(client, make_posting):
    make_posting()
    content = client.get("/jobs/?remote=onsite").content.decode()
    assert "Sign in to save" in content
    assert 'href="/accounts/login/?next=/jobs/%3Fremote%3Donsite"' in content
    assert "/save/" not in content


@pytest.mark.parametrize("size", [1, 15])
def test_list_queries_stay_fixed_when_signed_in(
    candidate_client, candidate, make_posting, django_assert_num_queries, size
):
    postings = [make_posting() for _ in range(size)]
    for posting in postings[::2]:
        SavedPosting.objects.create(user=candidate, posting=posting)
    # count, one grouped count for four facets (none has a selection), one for the
    # countries, one for the commonest cities, roles and cities for the facet labels, the
    # user, the page of postings, and one query for the whole page's saved ids (the session
    # is in the cache)
    with django_assert_num_queries(9):
        response = candidate_client.get("/jobs/")
    assert response.content.decode().count("/unsave/") == len(postings[::2])


def test_detail_page_saves_and_shows_saved(candidate_client, candidate, make_posting):
    posting = make_posting()
    content = candidate_client.get(posting.get_absolute_url()).content.decode()
    assert f'action="/jobs/{posting.slug}/save/"' in content
    SavedPosting.objects.create(user=candidate, posting=posting)
    content = candidate_client.get(posting.get_absolute_url()).content.decode()
    assert f'action="/jobs/{posting.slug}/unsave/"' in content
    assert f'<input type="hidden" name="next" value="{posting.get_absolute_url()}">' in content


def test_saved_page_needs_log_in(client):
    response = client.get("/jobs/saved/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/jobs/saved/"


def test_saved_page_lists_my_postings_with_their_state(
    candidate_client, candidate, other_candidate, make_posting
):
    live = make_posting(title="Open Role Here")
    closed = make_posting(title="Closed Role Here", status=PostingStatus.EXPIRED)
    withdrawn = make_posting(title="Pulled Role Here")
    someone_elses = make_posting(title="Not Mine")
    SavedPosting.objects.create(user=candidate, posting=live)
    SavedPosting.objects.create(user=candidate, posting=closed)
    SavedPosting.objects.create(user=candidate, posting=withdrawn)
    SavedPosting.objects.create(user=other_candidate, posting=someone_elses)
    withdrawn.status = PostingStatus.DRAFT
    withdrawn.save()

    content = candidate_client.get("/jobs/saved/").content.decode()
    assert "3 saved jobs" in content
    assert (
        f'<a href="{live.get_absolute_url()}">Open Role Here</a> <span class="badge live">Open'
    ) in content
    assert (
        f'<a href="{closed.get_absolute_url()}">Closed Role Here</a> '
        '<span class="badge closed">Closed</span>'
    ) in content
    assert "Pulled Role Here <span" in content
    assert f'href="{withdrawn.get_absolute_url()}"' not in content
    assert "Not Mine" not in content
    # Each row can be removed from here, even the closed and withdrawn ones.
    assert content.count("/unsave/") == 3


def test_saved_page_is_newest_first_and_paginated(
    candidate_client, candidate, make_posting, settings
):
    settings.POSTINGS_PAGE_SIZE = 2
    now = timezone.now()
    for n in range(3):
        posting = make_posting(title=f"Saved Number {n}")
        SavedPosting.objects.create(
            user=candidate, posting=posting, saved_at=now - timedelta(hours=n)
        )
    first = candidate_client.get("/jobs/saved/").content.decode()
    assert first.index("Saved Number 0") < first.index("Saved Number 1")
    assert "Saved Number 2" not in first
    assert "Page 1 of 2" in first
    second = candidate_client.get("/jobs/saved/?page=2").content.decode()
    assert "Saved Number 2" in second


@pytest.mark.parametrize("size", [1, 25])
def test_saved_page_queries_are_fixed(
    candidate_client, candidate, make_posting, django_assert_num_queries, size
):
    for _ in range(size):
        SavedPosting.objects.create(user=candidate, posting=make_posting())
    # user, count for the paginator, the page of saves joined to their postings (the session
    # comes from the cache)
    with django_assert_num_queries(3):
        response = candidate_client.get("/jobs/saved/")
    assert response.content.decode().count("/unsave/") == min(size, 20)
