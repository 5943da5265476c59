import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from postings import workflow
from postings.models import Posting, PostingForReview
from postings.similarity import jaccard, normalise, shingles

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "You will train and ship retrieval models for our search product, own the evaluation "
    "pipeline, and work with product managers on ranking quality across many markets."
)


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_the_queue_lists_only_pending_postings(admin_client, make_posting, acme):
    make_posting(status="pending", company=acme, title="Waiting Scientist")
    make_posting(company=acme, title="Live Scientist")
    html = admin_client.get("/admin/postings/postingforreview/").content.decode()
    assert "Waiting Scientist" in html and "Live Scientist" not in html


def test_bulk_reject_asks_for_a_reason_then_stores_and_emails_it(
    admin_client, make_posting, acme, owner
):
    first = make_posting(status="pending", company=acme, title="First")
    second = make_posting(status="pending", company=acme, title="Second")
    ids = [first.pk, second.pk]
    url = "/admin/postings/postingforreview/"

    form = admin_client.post(url, {"action": "reject_selected", "_selected_action": ids})
    assert b"Reject with this reason" in form.content
    assert Posting.objects.filter(status="pending").count() == 2  # nothing yet

    admin_client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": ids,
            "apply": "1",
            "reason": "The salary range is missing the bonus details.",
        },
    )
    for posting in Posting.objects.filter(pk__in=ids):
        assert posting.status == "rejected"
        assert posting.rejection_reason == "The salary range is missing the bonus details."
    assert len(mail.outbox) == 2
    assert all("missing the bonus details" in message.body for message in mail.outbox)
    assert mail.outbox[0].to == ["olivia@example.com"]


def test_reject_needs_a_reason(admin_client, make_posting, acme):
    posting = make_posting(status="pending", company=acme)
    response = admin_client.post(
        "/admin/postings/postingforreview/",
        {"action": "reject_selected", "_selected_action": [posting.pk], "apply": "1"},
    )
    assert b"This field is required" in response.content
    assert Posting.objects.get(pk=posting.pk).status == "pending"


def test_the_employer_sees_the_reason_and_can_resubmit(client, make_posting, acme, owner):
    posting = make_posting(status="pending", company=acme)
    workflow.reject(posting=posting, reason="Say where the job is.")
    client.force_login(owner)
    assert b"Say where the job is." in client.get("/employer/").content
    client.post(f"/employer/postings/{posting.slug}/submit/")
    posting.refresh_from_db()
    assert posting.status == "pending" and posting.rejection_reason == ""


def test_approving_goes_through_the_workflow(admin_client, make_posting, acme):
    live = make_posting(company=acme)
    pending = make_posting(status="pending", company=acme)
    response = admin_client.post(
        "/admin/postings/posting/",
        {"action": "publish_selected", "_selected_action": [live.pk, pending.pk], "index": 0},
        follow=True,
    )
    assert Posting.objects.get(pk=pending.pk).status == "published"
    assert "it cannot be published" in response.content.decode()


def test_similarity_measure():
    a = shingles(f"ML Engineer Acme {DESCRIPTION}")
    b = shingles(f"ML engineer ACME {DESCRIPTION.replace('many', 'several')}")
    c = shingles("Data analyst wanted for spreadsheets and dashboards in finance, part time.")
    assert normalise("  Hello,   WORLD! ") == "hello world"
    assert jaccard(a, b) > 0.8
    assert jaccard(a, c) < 0.1


def test_a_near_copy_is_flagged_in_the_queue(admin_client, make_posting, acme, ml_engineer):
    original = make_posting(
        company=acme, role=ml_engineer, title="Search ML Engineer", description=DESCRIPTION
    )
    copy = make_posting(
        status="draft",
        company=acme,
        role=ml_engineer,
        title="ML Engineer, Search",
        description=DESCRIPTION.replace("many markets", "several markets"),
    )
    unrelated = make_posting(status="draft", company=acme, role=ml_engineer, title="Other")
    workflow.submit(posting=copy)
    workflow.submit(posting=unrelated)
    copy.refresh_from_db()
    unrelated.refresh_from_db()
    assert copy.similar_to == original and copy.similarity >= 0.7
    assert unrelated.similar_to is None
    html = admin_client.get("/admin/postings/postingforreview/").content.decode()
    assert "alike:</strong>" in html and "Search ML Engineer" in html
    change = admin_client.get(f"/admin/postings/posting/{copy.pk}/change/").content.decode()
    assert f"/admin/postings/posting/{original.pk}/change/" in change


def test_an_edit_that_sends_a_posting_back_to_review_is_compared_again(
    make_posting, acme, ml_engineer
):
    original = make_posting(
        company=acme, role=ml_engineer, title="Search ML Engineer", description=DESCRIPTION
    )
    posting = make_posting(company=acme, role=ml_engineer, title="Other", description="Other.")
    # Edited into a near copy of the live posting: back to the queue, flagged.
    posting.title = "ML Engineer, Search"
    posting.description = DESCRIPTION.replace("many markets", "several markets")
    workflow.save_edits(posting=posting, changed=["title", "description"])
    posting.refresh_from_db()
    assert posting.status == "pending"
    assert posting.similar_to == original and posting.similarity >= 0.7
    # Edited apart again after approval: the next review sees no flag.
    workflow.publish(posting=posting, notify=False)
    posting.title, posting.description = "Data Curator", "Label and check data."
    workflow.save_edits(posting=posting, changed=["title", "description"])
    posting.refresh_from_db()
    assert posting.status == "pending"
    assert posting.similar_to is None and posting.similarity is None


@pytest.mark.parametrize("may_change", [False, True])
def test_only_moderators_who_may_change_postings_approve_them(
    client, make_user, make_posting, acme, may_change
):
    queue = ContentType.objects.get_for_model(PostingForReview, for_concrete_model=False)
    codenames = ["view_postingforreview"] + (["change_postingforreview"] if may_change else [])
    moderator = make_user("mona", is_staff=True)
    moderator.user_permissions.set(
        Permission.objects.filter(content_type=queue, codename__in=codenames)
    )
    client.force_login(moderator)
    pending = make_posting(status="pending", company=acme, title="Waiting Posting")
    url = "/admin/postings/postingforreview/"
    page = client.get(url).content.decode()
    assert "Waiting Posting" in page
    assert ("publish_selected" in page) is may_change
    client.post(url, {"action": "publish_selected", "_selected_action": [pending.pk], "index": 0})
    pending.refresh_from_db()
    assert pending.status == ("published" if may_change else "pending")


def test_the_queue_has_fixed_queries(
    admin_client, make_posting, acme, django_assert_max_num_queries
):
    for n in range(30):
        make_posting(status="pending", company=acme, title=f"Queued {n}")
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/postings/postingforreview/")
    assert response.content.decode().count("Queued ") >= 30
