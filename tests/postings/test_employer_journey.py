"""The whole employer journey through the test client, as a new employer would live it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from companies.models import Company, Membership
from postings.models import Posting

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"http://testserver(\S+)", message.body).group(1)


def test_an_employer_signs_up_posts_gets_approved_expires_and_renews(
    client, staff, ml_engineer, austin
):
    # Sign up: the account stays inactive until the e-mailed link is followed.
    response = client.post(
        "/accounts/signup/",
        {
            "username": "priya",
            "email": "priya@acme.example",
            "password1": "a long passphrase 9",
            "password2": "a long passphrase 9",
            "homepage": "",
        },
    )
    assert response.status_code == 302 and response.url == "/accounts/signup/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["priya@acme.example"]
    verify = link_in(mail.outbox[0])
    refused = client.post(
        "/accounts/login/", {"username": "priya", "password": "a long passphrase 9"}
    )
    assert refused.status_code == 200 and b"correct username and password" in refused.content

    # Verify: GET only asks; POST activates and logs in.
    page = client.get(verify)
    assert b"Confirm and log in" in page.content
    response = client.post(verify)
    assert response.url == "/employer/"
    assert client.post(verify).status_code == 400  # the link works once

    # Create a company: the creator is its owner.
    response = client.post(
        "/companies/new/",
        {"name": "Acme Robotics", "website": "https://acme.example", "description": "Robots."},
    )
    assert response.status_code == 302
    company = Company.objects.get(name="Acme Robotics")
    assert Membership.objects.get(company=company).role == "owner"

    # Post a job: preview first (sanitised render, form kept), then submit.
    data = {
        "company": company.pk,
        "title": "Robot Learning Engineer",
        "role": ml_engineer.pk,
        "level": "senior",
        "employment_type": "full-time",
        "remote": "onsite",
        "city": "austin",
        "salary_min": "180000",
        "salary_max": "240000",
        "salary_currency": "USD",
        "salary_period": "year",
        "description": "Teach **robots**.<script>alert(1)</script>",
        "apply_url": "https://acme.example/apply",
        "action": "preview",
    }
    preview = client.post("/post-a-job/", data)
    assert b"<strong>robots</strong>" in preview.content
    assert b"<script>alert" not in preview.content
    assert b'value="Robot Learning Engineer"' in preview.content
    assert not Posting.objects.exists()

    mail.outbox.clear()
    response = client.post("/post-a-job/", {**data, "action": "submit"})
    assert response.url == "/employer/"
    posting = Posting.objects.get()
    assert posting.status == "pending"
    assert mail.outbox[0].to == ["priya@acme.example"]
    assert "We received your job" in mail.outbox[0].subject
    client.get("/employer/")  # shows (and so clears) the flash message naming the job
    assert b"Robot Learning Engineer" not in client.get("/jobs/").content
    # ...but its company sees the preview.
    assert b"Preview:" in client.get(posting.get_absolute_url()).content

    # An admin approves it from the moderation queue.
    admin = client.__class__()
    admin.force_login(staff)
    queue = admin.get("/admin/postings/postingforreview/")
    assert b"Robot Learning Engineer" in queue.content
    mail.outbox.clear()
    admin.post(
        "/admin/postings/postingforreview/",
        {"action": "publish_selected", "_selected_action": [posting.pk], "index": 0},
    )
    posting.refresh_from_db()
    assert posting.status == "published"
    assert "Your job is live" in mail.outbox[0].subject

    # Live on /jobs/ and in the API.
    assert b"Robot Learning Engineer" in client.get("/jobs/").content
    api = client.get("/api/v1/postings/").json()
    assert [row["slug"] for row in api["results"]] == [posting.slug]

    # Time passes: the command expires it and it leaves the list.
    Posting.objects.filter(pk=posting.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_postings")
    posting.refresh_from_db()
    assert posting.status == "expired"
    assert b"Robot Learning Engineer" not in client.get("/jobs/").content
    assert client.get("/api/v1/postings/").json()["count"] == 0

    # Renewal from the dashboard restores it without retyping anything.
    dashboard = client.get("/employer/?status=expired")
    assert b"Robot Learning Engineer" in dashboard.content
    client.post(f"/employer/postings/{posting.slug}/renew/")
    posting.refresh_from_db()
    assert posting.status == "published" and posting.expires_at > timezone.now()
    assert b"Robot Learning Engineer" in client.get("/jobs/").content
