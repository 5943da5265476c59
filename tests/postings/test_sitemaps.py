"""sitemap.xml (an index of sections) and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from postings.models import Posting, PostingStatus

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"


def parse(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def section(client, name: str) -> dict[str, str | None]:
    """Each URL of a sitemap section with its lastmod (None when there is none)."""
    root = parse(client, f"/sitemap-{name}.xml")
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


@pytest.fixture
def board(make_posting, ml_engineer, prompt_engineer, austin, new_york):
    now = timezone.now()
    live = make_posting(slug="live", role=ml_engineer, hub=austin)
    other = make_posting(slug="other", role=ml_engineer, remote="remote", hub=None)
    make_posting(slug="expired", role=prompt_engineer, hub=new_york, status=PostingStatus.EXPIRED)
    make_posting(slug="filled", role=prompt_engineer, hub=new_york, status=PostingStatus.FILLED)
    make_posting(slug="lapsed", hub=new_york, expires_at=now - timedelta(minutes=1))
    make_posting(slug="draft", status=PostingStatus.DRAFT)
    # Fixed modification times, so lastmod can be checked to the day.
    Posting.objects.filter(slug="live").update(updated_at=now - timedelta(days=3))
    Posting.objects.filter(slug="other").update(updated_at=now - timedelta(days=1))
    live.refresh_from_db()
    other.refresh_from_db()
    return {"live": live, "other": other}


def test_index_lists_every_section(client, board):
    root = parse(client, "/sitemap.xml")
    assert root.tag == f"{NS}sitemapindex"
    locations = [s.findtext(f"{NS}loc") for s in root]
    assert locations == [
        f"{HOST}/sitemap-{name}.xml" for name in ("pages", "jobs", "roles", "hubs", "guides")
    ]


def test_jobs_section_has_live_postings_only_with_lastmod(client, board):
    urls = section(client, "jobs")
    assert urls == {
        HOST + board["other"].get_absolute_url(): board["other"].updated_at.date().isoformat(),
        HOST + board["live"].get_absolute_url(): board["live"].updated_at.date().isoformat(),
    }


def test_static_roles_and_hubs_sections(client, board, ml_engineer, prompt_engineer, austin):
    assert set(section(client, "pages")) == {
        f"{HOST}/",
        f"{HOST}/jobs/",
        f"{HOST}/roles/",
        f"{HOST}/hubs/",
        f"{HOST}/guides/",
    }
    roles = section(client, "roles")
    # A role's lastmod is its newest live posting; a role with none has no lastmod.
    assert roles[HOST + ml_engineer.get_absolute_url()] == (
        board["other"].updated_at.date().isoformat()
    )
    assert roles[HOST + prompt_engineer.get_absolute_url()] is None
    hubs = section(client, "hubs")
    assert hubs[HOST + austin.get_absolute_url()] == board["live"].updated_at.date().isoformat()
    assert hubs[HOST + "/hubs/new-york/"] is None  # only closed postings there


@pytest.mark.parametrize("extra", [0, 40])
def test_sitemap_query_counts_are_fixed(
    client, board, make_posting, make_role, make_hub, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_posting(role=make_role(), hub=make_hub())
    # index: for each section but the static pages (jobs, roles, hubs, guides), its newest
    # change and its number of rows
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    # a section: count, then the page of rows
    for name in ("jobs", "roles", "hubs"):
        with django_assert_num_queries(2):
            urls = section(client, name)
        assert len(urls) >= 2 + extra


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]
