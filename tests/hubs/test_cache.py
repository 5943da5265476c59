"""The hub page keeps its hub, the reported split and the empty converter in the cache,
and never shows them stale."""

import pytest
from django.test import Client

from hubs.models import Hub, ReportedWorkSplit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor() -> Client:
    return Client()


def page(visitor: Client, path: str = "/hubs/austin/", **query) -> str:
    response = visitor.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def test_cached_page_is_the_page_built_afresh(visitor, catalogue, make_posting, settings):
    make_posting(hub=Hub.objects.get(slug="austin"))
    for hub in Hub.objects.all():
        path = hub.get_absolute_url()
        settings.CATALOGUE_CACHE_SECONDS = 0
        fresh = page(visitor, path)
        settings.CATALOGUE_CACHE_SECONDS = 600
        assert page(visitor, path) == fresh  # stored
        assert page(visitor, path) == fresh  # read back


def test_converter_starts_from_the_hub_and_still_converts(visitor, catalogue):
    assert '<option value="austin" selected>' in page(visitor)
    assert '<option value="austin" selected>' not in page(visitor, "/hubs/remote/")
    content = page(visitor, amount="100000", **{"from": "austin", "to": "san-francisco"})
    assert "buys about as much as <strong>136,986</strong>" in content
    response = visitor.get("/hubs/austin/", {"amount": "lots", "from": "austin"})
    assert response.status_code == 400
    assert "The converter needs a fix" in response.content.decode()
    assert "The converter needs a fix" not in page(visitor)


def test_hub_edit_shows_at_once(visitor, catalogue):
    assert "(index 73)" in page(visitor)
    denver = Hub.objects.get(slug="denver")
    denver.cost_of_living_index = 91
    denver.save()
    assert "Denver (index 91)" in page(visitor)  # another hub, in the converter's lists
    austin = Hub.objects.get(slug="austin")
    austin.description = "Tacos and tensors."
    austin.save()
    assert "Tacos and tensors." in page(visitor)


def test_admin_edit_of_a_hub_shows_at_once(staff_client, visitor, catalogue):
    austin = Hub.objects.get(slug="austin")
    assert "8,400" in page(visitor)
    data = {
        field: value
        for field, value in Hub.objects.filter(pk=austin.pk).values().get().items()
        if value is not None and field != "id"
    }
    data.update(source=austin.source_id, reported_postings=9100, description="Renamed.")
    response = staff_client.post(f"/admin/hubs/hub/{austin.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    content = page(visitor)
    assert "9,100" in content and "8,400" not in content


def test_reported_split_edit_shows_at_once(visitor, catalogue):
    assert "<td>60%</td>" in page(visitor)
    split = ReportedWorkSplit.objects.get()
    split.remote_pct, split.onsite_pct = split.remote_pct - 5, split.onsite_pct + 5
    split.save()
    assert "<td>55%</td>" in page(visitor)
    assert "<td>55%</td>" in page(visitor, "/hubs/")


def test_removed_hub_is_404_at_once(visitor, catalogue):
    Hub.objects.create(name="Atlantis", slug="atlantis", country="GR")
    assert page(visitor, "/hubs/atlantis/")
    Hub.objects.get(slug="atlantis").delete()
    assert visitor.get("/hubs/atlantis/").status_code == 404
