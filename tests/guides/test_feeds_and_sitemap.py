"""Guides in the sitemap and in their own feeds: published ones only."""

import xml.etree.ElementTree as ET

import pytest

from guides.models import GuideStatus

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314 - our own response


@pytest.fixture
def guides(make_guide):
    return {
        "live": make_guide(title="Negotiating an offer", slug="negotiating"),
        "older": make_guide(title="Remote or on-site", slug="remote-or-onsite"),
        "draft": make_guide(status=GuideStatus.DRAFT, title="Secret plans", slug="secret"),
    }


def test_sitemap_lists_published_guides_with_lastmod(client, guides):
    index = xml(client, "/sitemap.xml")
    assert "http://testserver/sitemap-guides.xml" in [
        loc.text for loc in index.iter(f"{SITEMAP}loc")
    ]
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in xml(client, "/sitemap-guides.xml")
    }
    assert set(urls) == {
        "http://testserver/guides/negotiating/",
        "http://testserver/guides/remote-or-onsite/",
    }
    assert urls["http://testserver/guides/negotiating/"].startswith(
        guides["live"].updated_at.date().isoformat()
    )


def test_rss_feed_of_new_guides(client, guides, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        root = xml(client, "/guides/feed/")
    items = root.findall("./channel/item")
    assert {item.findtext("title") for item in items} == {
        "Negotiating an offer",
        "Remote or on-site",
    }
    assert {item.findtext("link") for item in items} == {
        "http://testserver/guides/negotiating/",
        "http://testserver/guides/remote-or-onsite/",
    }
    assert all(item.findtext("description").startswith("Summary of guide") for item in items)


def test_atom_feed_of_new_guides(client, guides):
    root = xml(client, "/guides/feed/atom/")
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["Negotiating an offer", "Remote or on-site"]


def test_guide_list_links_its_feeds(client, guides):
    content = client.get("/guides/").content.decode()
    assert 'type="application/rss+xml"' in content
    assert 'href="/guides/feed/"' in content
    assert 'href="/guides/feed/atom/"' in content


def test_guide_page_has_one_canonical_url_and_sharing_meta(client, guides):
    content = client.get("/guides/negotiating/").content.decode()
    assert content.count('rel="canonical"') == 1
    assert '<link rel="canonical" href="http://testserver/guides/negotiating/">' in content
    assert '<meta property="og:title" content="Negotiating an offer">' in content
    assert '<meta property="og:type" content="article">' in content
