import re

import pytest
from django.core import mail

from postings import workflow
from postings.models import Posting

pytestmark = pytest.mark.django_db


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


def test_signup_refuses_an_address_in_use(client, owner):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "someone",
            "email": "OLIVIA@example.com",
            "password1": "a long passphrase 9",
            "password2": "a long passphrase 9",
        },
    )
    assert b"An account with this e-mail address exists" in response.content
    assert b'value="someone"' in response.content


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
