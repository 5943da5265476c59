"""RSS and Atom feeds: valid XML, the same filters as /jobs/, live postings only."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from postings.models import PostingStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def board(make_posting, make_company, ml_engineer, prompt_engineer, austin):
    now = timezone.now()
    lumen = make_company(name="Lumen & Co")
    postings = {
        "remote-prompt": make_posting(
            slug="remote-prompt",
            title="Prompt Designer <senior>",
            company=lumen,
            role=prompt_engineer,
            remote="remote",
            hub=None,
            published_at=now - timedelta(days=1),
        ),
        "onsite-prompt": make_posting(
            slug="onsite-prompt",
            title="Prompt Engineer",
            role=prompt_engineer,
            hub=austin,
            published_at=now - timedelta(days=2),
        ),
        "remote-ml": make_posting(
            slug="remote-ml",
            title="ML Engineer",
            role=ml_engineer,
            remote="remote",
            hub=None,
            published_at=now - timedelta(days=3),
        ),
    }
    make_posting(slug="expired", title="Expired Job", status=PostingStatus.EXPIRED)
    make_posting(slug="filled", title="Filled Job", status=PostingStatus.FILLED)
    make_posting(slug="lapsed", title="Lapsed Job", expires_at=now - timedelta(minutes=1))
    make_posting(slug="draft", title="Draft Job", status=PostingStatus.DRAFT)
    return postings


def rss_items(client, query: str = "") -> tuple[ET.Element, list[ET.Element]]:
    response = client.get("/jobs/feed/" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, channel.findall("item")


def test_rss_lists_live_postings_newest_first(client, board):
    channel, items = rss_items(client)
    assert channel.findtext("title") == "Latest AI jobs"
    assert [item.findtext("title") for item in items] == [
        "Prompt Designer <senior> at Lumen & Co",
        "Prompt Engineer at " + board["onsite-prompt"].company.name,
        "ML Engineer at " + board["remote-ml"].company.name,
    ]
    links = [item.findtext("link") for item in items]
    assert links == [
        "http://testserver" + board[slug].get_absolute_url()
        for slug in ("remote-prompt", "onsite-prompt", "remote-ml")
    ]
    first = items[0]
    assert first.findtext("category") == "Prompt Engineer"
    assert "Remote, anywhere" in first.findtext("description")
    assert "$100,000 – $150,000 a year" in first.findtext("description")
    assert first.findtext("pubDate")
    body = ET.tostring(channel, encoding="unicode")
    for closed in ("Expired Job", "Filled Job", "Lapsed Job", "Draft Job"):
        assert closed not in body


def test_a_search_feed_uses_the_list_filters(client, board):
    channel, items = rss_items(client, "?role=prompt-engineer&remote=remote")
    assert [item.findtext("link").rsplit("/", 2)[-2] for item in items] == ["remote-prompt"]
    assert channel.findtext("title") == "AI jobs: Prompt Engineer, Remote"
    assert channel.findtext("link").endswith("/jobs/?role=prompt-engineer&remote=remote")


def test_a_keyword_feed(client, board):
    channel, items = rss_items(client, "?q=engineer&page=2&ordering=salary")
    assert {item.findtext("title").split(" at ")[0] for item in items} == {
        "Prompt Engineer",
        "ML Engineer",
        "Prompt Designer <senior>",  # its role is Prompt Engineer
    }
    assert channel.findtext("title") == "AI jobs: “engineer”"


def test_atom_feed_parses(client, board):
    response = client.get("/jobs/feed/atom/?remote=remote")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "AI jobs: Remote"
    assert root.findtext(f"{ATOM}subtitle").startswith("New live postings")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/jobs/feed/atom/?remote=remote"
    assert links["alternate"] == "http://testserver/jobs/?remote=remote"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Prompt Designer <senior> at Lumen & Co",
        "ML Engineer at " + board["remote-ml"].company.name,
    ]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/jobs/remote-prompt/")
    assert entries[0].findtext(f"{ATOM}updated")
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Lumen & Co"


@pytest.mark.parametrize("url", ["/jobs/feed/", "/jobs/feed/atom/"])
@pytest.mark.parametrize("query", ["role=no-such-role", "remote=banana", "salary_min=lots"])
def test_bad_filters_are_400_not_500(client, board, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert f"{name}:" in response.content.decode()


def test_empty_search_is_an_empty_valid_feed(client, board):
    channel, items = rss_items(client, "?q=nothing-matches-this")
    assert items == []


@pytest.mark.parametrize("extra", [0, 30])
def test_feed_query_count_is_fixed(
    client, board, make_posting, prompt_engineer, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_posting(role=prompt_engineer, remote="remote", hub=None)
    # 1 role slugs checked, 1 postings with company, role and hub joined
    with django_assert_num_queries(2):
        channel, items = rss_items(client, "?role=prompt-engineer&remote=remote")
    assert len(items) == 1 + extra


def test_list_pages_link_their_feed(client, board):
    content = client.get("/jobs/?role=prompt-engineer&remote=remote&page=1&q=").content.decode()
    query = "?role=prompt-engineer&amp;remote=remote"  # the canonical order
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="AI jobs for this search (RSS)" '
        f'href="/jobs/feed/{query}">'
    ) in content
    assert f'href="/jobs/feed/atom/{query}">Atom</a>' in content
    assert f'href="/jobs/feed/{query}">RSS</a>' in content
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="Latest AI jobs (RSS)" href="/jobs/feed/"' in home
    assert 'href="/jobs/feed/atom/">Atom</a>' in home
