from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from postings import workflow
from postings.models import Posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_a_user_without_a_company_is_sent_to_create_one(client, make_user):
    client.force_login(make_user("newbie"))
    response = client.get("/post-a-job/")
    assert response.status_code == 302 and response.url == "/companies/new/"


def test_preview_shows_the_sanitised_render_and_keeps_every_field(logged_in, posting_data):
    response = logged_in.post("/post-a-job/", posting_data(action="preview"))
    html = response.content.decode()
    assert "<strong>ranking models</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="Machine Learning Engineer, Search"' in html
    assert 'value="190000"' in html
    assert 'name="action" value="submit"' in html
    assert not Posting.objects.exists()


def test_the_first_page_offers_only_preview(logged_in):
    html = logged_in.get("/post-a-job/").content.decode()
    assert 'value="preview"' in html and 'value="submit"' not in html


def test_invalid_input_re_renders_with_what_was_typed_and_errors_by_field(logged_in, posting_data):
    response = logged_in.post(
        "/post-a-job/",
        posting_data(salary_max="400000", apply_url="", action="submit"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 2 times the minimum" in html
    assert "Give an apply URL or an apply e-mail address." in html
    assert 'value="Machine Learning Engineer, Search"' in html
    assert not Posting.objects.exists()


def test_the_salary_ratio_comes_from_settings(logged_in, posting_data, settings):
    settings.SALARY_MAX_RATIO = 3
    response = logged_in.post("/post-a-job/", posting_data(salary_max="400000", action="save"))
    assert response.status_code == 302
    assert Posting.objects.get().salary_max == 400_000


def test_save_as_draft_sends_nothing(logged_in, posting_data):
    logged_in.post("/post-a-job/", posting_data(action="save"))
    posting = Posting.objects.get()
    assert posting.status == "draft" and posting.salary_currency == "USD"
    assert mail.outbox == []


def test_a_verified_company_publishes_directly(logged_in, posting_data, acme):
    acme.verified = True
    acme.save()
    logged_in.post("/post-a-job/", posting_data(action="submit"))
    posting = Posting.objects.get()
    assert posting.status == "published" and posting.is_live()
    assert "Your job is live" in mail.outbox[0].subject


def test_a_failed_confirmation_email_loses_nothing(logged_in, posting_data, settings, caplog):
    settings.EMAIL_BACKEND = "tests.broken_mail.BrokenBackend"
    response = logged_in.post("/post-a-job/", posting_data(action="submit"))
    assert response.status_code == 302
    assert Posting.objects.get().status == "pending"
    assert "Could not send the posting_submitted e-mail" in caplog.text


def test_the_same_title_twice_within_a_week_is_refused(logged_in, posting_data, make_posting, acme):
    make_posting(status="pending", company=acme, title="Machine learning engineer - SEARCH")
    response = logged_in.post("/post-a-job/", posting_data(action="submit"))
    assert response.status_code == 400
    assert "posted “Machine learning engineer - SEARCH” in the last 7 days" in (
        response.content.decode()
    )
    assert Posting.objects.count() == 1


def test_the_same_title_after_a_week_or_at_another_company_is_fine(
    logged_in, posting_data, make_posting, acme
):
    old = make_posting(company=acme, title="Machine Learning Engineer, Search")
    Posting.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    make_posting(title="Machine Learning Engineer, Search")  # another company
    assert logged_in.post("/post-a-job/", posting_data(action="save")).status_code == 302
    assert Posting.objects.count() == 3


def test_honeypot_refuses_the_posting(logged_in, posting_data):
    response = logged_in.post("/post-a-job/", posting_data(homepage="http://spam", action="save"))
    assert response.status_code == 400
    assert b"looked automated and was not accepted" in response.content
    assert not Posting.objects.exists()


# Editing -------------------------------------------------------------------------------


def edit(client, posting, **changes):
    data = {
        "title": posting.title,
        "role": posting.role_id,
        "level": posting.level,
        "employment_type": posting.employment_type,
        "remote": posting.remote,
        "city": posting.city.slug if posting.city_id else "",
        "applicant_countries": "",
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_currency": posting.salary_currency,
        "salary_period": posting.salary_period,
        "description": posting.description,
        "apply_url": posting.apply_url,
        "apply_email": posting.apply_email,
        "action": "save",
    }
    data.update(changes)
    return client.post(f"/employer/postings/{posting.slug}/edit/", data)


def test_rewording_a_published_posting_keeps_it_live(logged_in, make_posting, acme):
    posting = make_posting(company=acme)
    edit(logged_in, posting, description="Better words.", apply_email="jobs@acme.example")
    posting.refresh_from_db()
    assert posting.status == "published" and posting.description == "Better words."
    assert Posting.objects.live().filter(pk=posting.pk).exists()


@pytest.mark.parametrize(
    "change", [{"title": "Staff Engineer"}, {"salary_max": 160_000}, {"level": "senior"}]
)
def test_changing_title_pay_or_level_of_a_published_posting_sends_it_back_to_review(
    logged_in, make_posting, acme, change
):
    posting = make_posting(company=acme)
    response = edit(logged_in, posting, **change)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == "pending"
    assert not Posting.objects.live().filter(pk=posting.pk).exists()


def test_a_verified_company_edits_stay_live(logged_in, make_posting, acme):
    acme.verified = True
    acme.save()
    posting = make_posting(company=acme)
    edit(logged_in, posting, title="Staff Engineer")
    posting.refresh_from_db()
    assert posting.status == "published" and posting.title == "Staff Engineer"


def test_a_filled_posting_cannot_be_edited(logged_in, make_posting, acme):
    posting = make_posting(status="filled", company=acme)
    response = edit(logged_in, posting, title="Changed")
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title != "Changed"
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.save_edits(posting=posting, changed=["title"])


def test_a_refused_dashboard_action_says_why(logged_in, make_posting, acme):
    posting = make_posting(status="draft", company=acme)
    response = logged_in.post(f"/employer/postings/{posting.slug}/fill/", follow=True)
    assert "it cannot be marked as filled" in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == "draft"


def test_the_renewal_link_asks_before_renewing(logged_in, make_posting, acme):
    posting = make_posting(status="expired", company=acme)
    page = logged_in.get(f"/employer/postings/{posting.slug}/renew/")
    assert b"Renew" in page.content
    posting.refresh_from_db()
    assert posting.status == "expired"
