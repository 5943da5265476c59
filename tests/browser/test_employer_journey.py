"""The employer journey from issue 4 in a real browser: sign up, confirm, log in, add a
company, post a job with a preview, get approved, see it live, mark it filled."""

import re

from postings import workflow
from postings.models import Posting, PostingStatus
from roles.models import Role

TITLE = "Grid Forecasting Engineer"
PASSWORD = "a long passphrase 9"


def fill(form, **values) -> None:
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)


def test_an_employer_posts_a_job_that_goes_live_and_is_then_filled(
    open_page, catalogue, mailoutbox
):
    # Sign up through the form: the account waits for the e-mailed link.
    page = open_page("/accounts/signup/")
    signup = page.locator("main form")
    fill(
        signup,
        username="priya",
        email="priya@northwind.example",
        password1=PASSWORD,
        password2=PASSWORD,
    )
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/accounts/signup/sent/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    assert [m.to for m in mailoutbox] == [["priya@northwind.example"]]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+)", mailoutbox[0].body).group(1)

    # Following the link asks first; confirming activates the account and logs in.
    page.goto(link)
    assert "priya@northwind.example" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirm and log in").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your dashboard"

    # Log out and back in with the password, as on any later visit.
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    fill(page.locator("main form"), username="priya", password=PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    assert page.get_by_text("You do not belong to a company yet.").is_visible()

    # Add a company: the creator owns it and lands back on the dashboard.
    page.get_by_role("link", name="Add a company").click()
    fill(
        page.locator("main form"),
        name="Northwind Labs",
        website="https://northwind.example",
        description="Forecasting for power grids.",
    )
    page.get_by_role("button", name="Save company").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    assert "Northwind Labs is set up" in page.locator(".messages").inner_text()

    # Post a job: the preview shows the sanitised description and keeps the form filled.
    page.locator("main").get_by_role("link", name="Post a job").click()
    page.wait_for_url(re.compile(r"/post-a-job/$"))
    form = page.locator("main form")
    form.locator("[name=role]").select_option(
        str(Role.objects.get(slug="machine-learning-engineer").pk)
    )
    form.locator("[name=level]").select_option("senior")
    form.locator("[name=employment_type]").select_option("full-time")
    form.locator("[name=remote]").select_option("hybrid")
    form.locator("[name=city]").fill("Austin, TX")
    fill(
        form,
        title=TITLE,
        salary_min="160000",
        salary_max="210000",
        salary_currency="USD",
        description="Forecast **demand** on the grid.<script>alert(1)</script>",
        apply_url="https://northwind.example/apply",
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("section.preview")
    assert preview.get_by_role("heading", level=3).inner_text() == TITLE
    assert preview.locator(".description strong").inner_text() == "demand"
    assert preview.locator("script").count() == 0
    assert page.locator("main form [name=title]").input_value() == TITLE
    assert not Posting.objects.exists()

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    assert "submitted" in page.locator(".messages").inner_text()
    posting = Posting.objects.get()
    assert posting.status == PostingStatus.PENDING
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "Pending review" in row.inner_text()
    assert TITLE not in open_page("/jobs/").locator("main").inner_text()

    # A moderator approves it; it is live on /jobs/ for anyone.
    workflow.publish(posting=posting)
    visitor = open_page("/jobs/")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    visitor.wait_for_url(re.compile(rf"/jobs/{posting.slug}/$"))
    assert visitor.get_by_role("heading", level=1).inner_text() == TITLE
    assert "$160,000" in visitor.locator("main").inner_text()

    # Back on the dashboard the employer marks it filled; it leaves the list.
    page.goto("/employer/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "Published" in row.inner_text()
    row.get_by_role("button", name="Fill").click()
    page.wait_for_url(re.compile(r"/employer/"))
    assert "Filled" in page.get_by_role("row").filter(has_text=TITLE).inner_text()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.FILLED
    visitor.goto("/jobs/")
    assert TITLE not in visitor.locator("main").inner_text()
