"""Who sees which posting is defined once (PostingQuerySet); the one row already loaded and
the page and the API detail all answer by it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.authtoken.models import Token

from postings.models import Posting, PostingStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()
EXPIRIES = {"none": None, "ahead": NOW + timedelta(days=3), "passed": NOW - timedelta(hours=1)}


@pytest.fixture
def every_kind(make_posting, acme) -> dict[tuple[str, str], Posting]:
    """One posting of Acme's for every status and every kind of expiry."""
    return {
        (status, expiry): make_posting(
            status=status, company=acme, expires_at=EXPIRIES[expiry], published_at=NOW
        )
        for status in PostingStatus.values
        for expiry in EXPIRIES
    }


def test_a_loaded_posting_agrees_with_the_queries(every_kind):
    live = set(Posting.objects.live(NOW))
    public = set(Posting.objects.public())
    for (status, expiry), posting in every_kind.items():
        assert posting.is_live(NOW) == (posting in live), (status, expiry)
        assert posting.is_closed(NOW) == (posting in public and posting not in live)
    assert {p.status for p in live} == {"published"}
    assert {p.status for p in public} == {"published", "expired", "filled"}


@pytest.fixture
def viewers(make_user, member, outsider):
    moderator = make_user("mona", is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="view_posting"))
    return {
        "anonymous": None,
        "member": member,
        "outsider": outsider,
        "staff without permission": make_user("sam", is_staff=True),
        "moderator": moderator,
    }


def test_the_page_and_the_api_detail_show_the_same_postings(client, every_kind, viewers):
    for name, user in viewers.items():
        visible = set(Posting.objects.visible_to(user) if user else Posting.objects.public())
        headers = {}
        if user is not None:
            client.force_login(user)
            headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
        else:
            client.logout()
        for kind, posting in every_kind.items():
            page = client.get(posting.get_absolute_url()).status_code
            api = client.get(f"/api/v1/postings/{posting.slug}/", **headers).status_code
            expected = 200 if posting in visible else 404
            assert (page, api) == (expected, expected), (name, kind)
    # A member sees every status of the company's postings; a stranger only public ones.
    assert set(Posting.objects.visible_to(viewers["member"])) == set(every_kind.values())
    assert set(Posting.objects.visible_to(viewers["outsider"])) == set(Posting.objects.public())
    assert Posting.objects.visible_to(viewers["moderator"]).count() == len(every_kind)
    staff_only = viewers["staff without permission"]
    assert set(Posting.objects.visible_to(staff_only)) == set(Posting.objects.public())


def test_only_members_manage_a_posting(every_kind, member, outsider, staff):
    assert set(Posting.objects.managed_by(member)) == set(every_kind.values())
    assert not Posting.objects.managed_by(outsider).exists()
    # A superuser changes other companies' postings through the admin, not as an employer.
    assert not Posting.objects.managed_by(staff).exists()
