"""What a candidate does in a real browser: search, page through, read, apply; also on a phone."""

import re

from .conftest import PHONE


def result_titles(page) -> list[str]:
    return page.locator(".results .posting-row h3").all_inner_texts()


def test_filtering_with_the_form_changes_the_address_and_the_results(open_page, board):
    page = open_page("/jobs/")
    assert page.locator("#results-heading").inner_text() == "30 jobs"

    page.get_by_role("group", name="Role").get_by_label(re.compile("Prompt Engineer")).check()
    page.get_by_role("group", name="Remote").get_by_label(re.compile("Remote")).check()
    page.get_by_role("button", name="Show jobs").click()

    page.wait_for_url(re.compile(r"role=prompt-engineer"))
    assert "remote=remote" in page.url
    assert page.locator("#results-heading").inner_text() == "5 jobs"
    assert sorted(result_titles(page)) == [f"Prompt Engineer {n}" for n in range(5)]
    # The form shows what was chosen, so the next change starts from it.
    assert page.get_by_role("group", name="Role").get_by_label(re.compile("Prompt")).is_checked()

    page.get_by_label("Keyword").fill("Engineer 3")
    page.get_by_role("button", name="Show jobs").click()
    page.wait_for_url(re.compile(r"q=Engineer\+3"))
    assert result_titles(page) == ["Prompt Engineer 3"]


def test_paging_through_the_results(open_page, board):
    page = open_page("/jobs/")
    first = result_titles(page)
    assert len(first) == 20
    assert page.get_by_text("Page 1 of 2").is_visible()

    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    second = result_titles(page)
    assert len(second) == 10
    assert not set(first) & set(second)
    assert page.get_by_text("Page 2 of 2").is_visible()

    page.get_by_role("link", name="Previous").click()
    page.wait_for_url(re.compile(r"page=1"))
    assert result_titles(page) == first


def test_opening_a_posting_and_following_apply(open_page, board):
    page = open_page("/jobs/")
    page.get_by_role("link", name="ML Engineer 00", exact=True).click()
    page.wait_for_url(re.compile(r"/jobs/ml-engineer-00-northwind-labs/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "ML Engineer 00"

    apply = page.get_by_role("link", name=re.compile("^Apply"))
    assert apply.get_attribute("href") == "https://apply.example.com/ml-00"
    # The employer's site is outside the test; answer for it so the click can be followed.
    page.route(
        "https://apply.example.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Apply</h1>"),
    )
    apply.click()
    page.wait_for_url("https://apply.example.com/ml-00")
    assert page.get_by_role("heading", level=1).inner_text() == "Apply"


def test_on_a_phone_the_filters_are_reachable(open_page, board):
    page = open_page("/jobs/", **PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the list page must not scroll sideways on a phone"

    summary = page.locator("details.filters > summary")
    if not page.get_by_role("button", name="Show jobs").is_visible():
        summary.click()  # folded away on small screens: one tap opens it
    role = page.get_by_role("group", name="Role").get_by_label(re.compile("Prompt Engineer"))
    role.scroll_into_view_if_needed()
    role.tap()
    page.get_by_role("button", name="Show jobs").tap()
    page.wait_for_url(re.compile(r"role=prompt-engineer"))
    assert page.locator("#results-heading").inner_text() == "5 jobs"
