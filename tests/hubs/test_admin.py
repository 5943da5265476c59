"""The hubs in the admin: their reported figures, and the reported split kept whole."""

import pytest

from hubs.models import Hub, ReportedWorkSplit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/admin/hubs/reportedworksplit/", '<td class="field-remote_pct">60</td>'),
        ("/admin/hubs/hub/?q=austin", ">Austin</a>"),
    ],
)
def test_admin_lists_load(staff_client, catalogue, path, shown):
    response = staff_client.get(path)
    assert response.status_code == 200 and shown in response.content.decode()


def test_hub_admin_shows_figures(staff_client, catalogue):
    hub = Hub.objects.get(slug="austin")
    content = staff_client.get(f"/admin/hubs/hub/{hub.pk}/change/").content.decode()
    assert "Reported figures" in content and 'value="8400"' in content


def test_admin_refuses_a_split_that_does_not_add_up(staff_client, catalogue):
    split = ReportedWorkSplit.objects.get()
    data = {"source": split.source_id, "remote_pct": 70, "hybrid_pct": 25, "onsite_pct": 15}
    response = staff_client.post(f"/admin/hubs/reportedworksplit/{split.pk}/change/", data)
    assert response.status_code == 200
    assert "must add up to 100" in response.content.decode()
    split.refresh_from_db()
    assert split.remote_pct == 60
