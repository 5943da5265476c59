import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from postings import workflow
from postings.models import Posting

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_password_reset_through_djangos_views(client, owner):
    client.post("/accounts/password_reset/", {"email": owner.email})
    assert mail.outbox[0].subject == "Reset your AI Jobs Board password"
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase 7", "new_password2": "another long phrase 7"},
    )
    assert done.url == "/accounts/reset/done/"
    assert client.login(username="olivia", password="another long phrase 7")


def test_log_in_redirects_only_to_safe_places_and_log_out_needs_post(client, owner):
    from tests.conftest import PASSWORD

    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "olivia", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == "/employer/"
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").url == "/"
    assert client.get("/employer/").status_code == 302


def sign_up(client, username: str, email: str):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email,
            "password1": "a long passphrase 9",
            "password2": "a long passphrase 9",
        },
    )


def test_signup_answers_the_same_whether_or_not_the_address_has_an_account(client, owner):
    new = sign_up(client, "newcomer", "new@example.com")
    taken = sign_up(client, "someone", "OLIVIA@example.com")
    # The same page either way: nobody learns from it which addresses have accounts.
    assert (
        (taken.status_code, taken.url)
        == (new.status_code, new.url)
        == (302, "/accounts/signup/sent/")
    )
    assert not User.objects.filter(username="someone").exists()
    # The owner of the address is told instead, with the way back in.
    told = mail.outbox[-1]
    assert told.to == ["olivia@example.com"] and told.subject == "Your AI Jobs Board account"
    assert "http://testserver/accounts/password_reset/" in told.body
    assert "verify" not in told.body


def test_signing_up_again_before_confirming_resends_the_link(client):
    sign_up(client, "ivy", "ivy@example.com")
    sign_up(client, "ivy2", "IVY@example.com")
    assert User.objects.filter(email__iexact="ivy@example.com").count() == 1
    assert [m.subject for m in mail.outbox] == ["Confirm your e-mail address"] * 2


def test_an_unconfirmed_sign_up_gives_its_address_and_name_back_when_its_link_expires(
    client, settings
):
    sign_up(client, "ivy", "ivy@example.com")
    stale = User.objects.get(username="ivy")
    stale.date_joined = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    stale.save()
    response = sign_up(client, "ivy", "ivy@example.com")
    assert response.url == "/accounts/signup/sent/"
    fresh = User.objects.get(username="ivy")
    assert fresh.pk != stale.pk and not fresh.is_active
    # An account that was confirmed once is never swept, however old.
    fresh.is_active = True
    fresh.date_joined = stale.date_joined
    fresh.save()
    sign_up(client, "ivy", "other@example.com")
    assert User.objects.filter(pk=fresh.pk).exists()


def test_a_tampered_verification_link_is_refused(client, make_user):
    user = make_user("ivy", is_active=False)
    response = client.post("/accounts/verify/xx/abc-123/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


# The workflow's employer transitions --------------------------------------------------


def test_withdraw_returns_a_pending_posting_to_draft(make_posting):
    posting = workflow.withdraw(posting=make_posting(status="pending"))
    assert Posting.objects.get(pk=posting.pk).status == "draft"


def test_close_takes_a_live_posting_down_now(make_posting):
    posting = workflow.close(posting=make_posting())
    stored = Posting.objects.get(pk=posting.pk)
    assert stored.status == "expired" and stored.is_closed()
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.close(posting=stored)


def test_only_never_public_postings_can_be_deleted(make_posting):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.delete(posting=make_posting())
    draft = make_posting(status="draft")
    workflow.delete(posting=draft)
    assert not Posting.objects.filter(pk=draft.pk).exists()


def test_run_knows_only_the_employer_actions(make_posting):
    with pytest.raises(ValueError, match="Unknown action"):
        workflow.run("publish", posting=make_posting(status="pending"))


def test_the_sweep_forgets_only_expired_unconfirmed_sign_ups(make_user, settings):
    from io import StringIO

    from django.core.management import call_command

    old = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    expired = make_user("expired", is_active=False, date_joined=old)
    make_user("waiting", is_active=False)
    make_user("confirmed", date_joined=old)
    out = StringIO()
    call_command("forget_unconfirmed_accounts", stdout=out)
    assert "Forgot 1 unconfirmed sign-up(s)." in out.getvalue()
    assert set(User.objects.values_list("username", flat=True)) == {"waiting", "confirmed"}
    assert not User.objects.filter(pk=expired.pk).exists()
