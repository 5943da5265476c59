"""The posting page finds public postings without the database's OR (get_visible), and
shows exactly whom it showed before."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["draft", "pending", "rejected"])
def test_unpublished_posting_is_404_for_the_public_and_a_preview_for_staff(
    client, admin_user, make_posting, status
):
    posting = make_posting(status=status)
    assert client.get(posting.get_absolute_url()).status_code == 404
    outsider = User.objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.get(posting.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200 and b"Preview:" in response.content


@pytest.mark.parametrize("status", ["expired", "filled"])
def test_closed_posting_keeps_its_page(client, make_posting, status):
    response = client.get(make_posting(status=status).get_absolute_url())
    assert response.status_code == 200
    assert b"This job is closed." in response.content
