"""The newest live postings of a role or hub come from the cache between writes
(postings/board.py), and the pages show exactly what the database would."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from postings.models import Posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_posting, ml_engineer, austin):
    """Seven live ML postings in Austin, newest first, and the oldest one's page."""
    now = timezone.now()
    postings = [
        make_posting(role=ml_engineer, hub=austin, published_at=now - timedelta(hours=n))
        for n in range(1, 8)
    ]
    return postings


def titles(client: Client, path: str) -> list[str]:
    content = client.get(path).content.decode()
    return re.findall(r'<h3><a href="/jobs/[\w-]+/">([^<]+)</a></h3>', content)


def pages(board) -> dict[str, str]:
    return {
        "posting": board[-1].get_absolute_url(),
        "role": "/roles/machine-learning-engineer/",
        "hub": "/hubs/austin/",
    }


def test_lists_are_the_ones_built_afresh(client, board, settings):
    for path in pages(board).values():
        settings.POSTING_COUNTS_CACHE_SECONDS = 0
        fresh = client.get(path).content
        settings.POSTING_COUNTS_CACHE_SECONDS = 30
        assert client.get(path).content == fresh  # stored
        assert client.get(path).content == fresh  # read back


def test_related_jobs_leave_out_the_posting_itself(client, board):
    newest = [posting.title for posting in board]
    assert titles(client, board[0].get_absolute_url()) == newest[1:5]
    assert titles(client, board[2].get_absolute_url()) == newest[:2] + newest[3:5]
    assert titles(client, board[-1].get_absolute_url()) == newest[:4]
    assert titles(client, "/roles/machine-learning-engineer/") == newest[:5]
    assert titles(client, "/hubs/austin/") == newest


def test_a_new_or_edited_posting_shows_at_once(client, board, make_posting, ml_engineer, austin):
    for path in pages(board).values():
        titles(client, path)  # cached
    newcomer = make_posting(
        role=ml_engineer, hub=austin, title="Fresh Face", published_at=timezone.now()
    )
    board[1].title = "Renamed Role"
    board[1].save()
    for name, path in pages(board).items():
        shown = titles(client, path)
        assert shown[0] == "Fresh Face", name
        assert "Renamed Role" in shown, name
    newcomer.delete()
    for path in pages(board).values():
        assert "Fresh Face" not in titles(client, path)


def test_a_renamed_company_or_role_shows_at_once(client, board):
    for path in pages(board).values():
        client.get(path)
    company = board[0].company
    company.name = "Renamed Company"
    company.save()
    role = board[0].role
    role.name = "Model Wrangler"
    role.save()
    for path in pages(board).values():
        content = client.get(path).content.decode()
        assert "<span>Renamed Company</span>" in content
        assert "Model Wrangler · posted" in content


def test_a_posting_whose_expiry_passes_drops_out_and_the_next_one_comes_in(
    client, board, monkeypatch
):
    newest = [posting.title for posting in board]
    now = timezone.now()
    Posting.objects.filter(pk=board[0].pk).update(expires_at=now + timedelta(hours=1))
    for path in pages(board).values():
        titles(client, path)  # cached
    # Its expiry passes: no write, so nothing moves the cache on.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    assert titles(client, board[-1].get_absolute_url()) == newest[1:5]
    assert titles(client, "/roles/machine-learning-engineer/") == newest[1:6]
    assert titles(client, "/hubs/austin/") == newest[1:]
