"""axe-core in a real browser: no serious or critical violations on any public page or form.

Every page is checked at a desktop and a phone size, with the real catalogue (roles, hubs,
guides), thirty live jobs, salary survey figures and an employer (see `catalogue_site`).
Forms are checked empty, with their errors, and (posting) at the preview step. To cover a
new page, add a Visit to PAGES.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import PHONE

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@dataclass(frozen=True)
class Visit:
    path: str
    expect: str  # text the page must show, so the check runs on the state it claims to
    employer: bool = False  # logged in as the owner of Northwind Labs
    act: Callable | None = None  # act(page, site) before the check, e.g. send a form


def send_mismatched_passwords(page, site) -> None:
    form = page.locator("main form")
    form.locator("[name=username]").fill("priya")
    form.locator("[name=email]").fill("priya@example.com")
    form.locator("[name=password1]").fill("a long passphrase 9")
    form.locator("[name=password2]").fill("another passphrase 9")
    page.get_by_role("button", name="Sign up").click()


def send_wrong_password(page, site) -> None:
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()


def send_bad_alert(page, site) -> None:
    page.locator(".alert-form").get_by_label("E-mail").fill("not an address")
    page.get_by_role("button", name="E-mail me new jobs").click()


def send_empty_posting(page, site) -> None:
    page.get_by_role("button", name="Preview").click()


def fill_posting(page, site) -> None:
    form = page.locator("main form")
    form.locator("[name=title]").fill("Forecasting Engineer")
    form.locator("[name=role]").select_option(str(site.role.pk))
    form.locator("[name=level]").select_option("senior")
    form.locator("[name=employment_type]").select_option("full-time")
    form.locator("[name=remote]").select_option("hybrid")
    form.locator("[name=city]").fill("Austin, TX")
    form.locator("[name=salary_min]").fill("160000")
    form.locator("[name=salary_max]").fill("210000")
    form.locator("[name=salary_currency]").fill("USD")
    form.locator("[name=description]").fill("Forecast **demand** for the grid.\n\n- Python\n- SQL")
    form.locator("[name=apply_url]").fill("https://northwind.example/apply")


def preview_posting(page, site) -> None:
    fill_posting(page, site)
    page.get_by_role("button", name="Preview").click()


POSTING = "/jobs/ml-engineer-00-northwind-labs/"
PAGES = {
    "home": Visit("/", "Jobs in AI, with the pay up front"),
    "jobs": Visit("/jobs/", "30 jobs"),
    "jobs-filtered": Visit("/jobs/?role=prompt-engineer&remote=remote", "5 jobs"),
    "jobs-empty": Visit("/jobs/?q=nothing-matches-this", "0 jobs"),
    "jobs-near": Visit("/jobs/?near=austin&radius_km=100&country=US", "25 jobs"),
    "jobs-pay": Visit("/jobs/?salary_min=100000&salary_currency=EUR", "converted at the"),
    "jobs-filter-errors": Visit("/jobs/?salary_min=lots&posted_within=0", "Enter a whole number"),
    "jobs-alert-errors": Visit("/jobs/", "Enter a valid email address", act=send_bad_alert),
    "posting": Visit(POSTING, "What you will do"),
    "roles": Visit("/roles/", "Machine Learning Engineer"),
    "role": Visit("/roles/machine-learning-engineer/", "Machine Learning Engineer"),
    "hubs": Visit("/hubs/", "Austin"),
    "hub": Visit("/hubs/austin/", "What does a salary here buy elsewhere?"),
    "hub-converted": Visit(
        "/hubs/austin/?amount=150000&from=austin&to=seattle#convert", "buys about as much as"
    ),
    "hub-converter-errors": Visit(
        "/hubs/austin/?amount=lots&from=nowhere&to=austin#convert", "The converter needs a fix"
    ),
    "guides": Visit("/guides/", "What an AI engineer does"),
    "guide": Visit("/guides/what-an-ai-engineer-does/", "What an AI engineer does"),
    "salaries": Visit("/salaries/", "Salary index"),
    "salaries-data": Visit(
        "/salaries/?role=machine-learning-engineer&level=senior&country=US",
        "Machine Learning Engineer, Senior, living in US",
    ),
    "signup": Visit("/accounts/signup/", "Create an employer account"),
    "signup-errors": Visit(
        "/accounts/signup/", "password fields didn", act=send_mismatched_passwords
    ),
    "login": Visit("/accounts/login/", "Log in"),
    "login-errors": Visit(
        "/accounts/login/", "correct username and password", act=send_wrong_password
    ),
    "company": Visit("/companies/northwind-labs/", "Northwind Labs"),
    "post-a-job": Visit("/post-a-job/", "Post a job", employer=True),
    "post-a-job-errors": Visit(
        "/post-a-job/", "Some fields need fixing", employer=True, act=send_empty_posting
    ),
    "post-a-job-preview": Visit(
        "/post-a-job/",
        "How candidates will see the description",
        employer=True,
        act=preview_posting,
    ),
    "company-new": Visit("/companies/new/", "Add your company", employer=True),
    "company-manage": Visit("/companies/northwind-labs/manage/", "Northwind Labs", employer=True),
    "dashboard": Visit("/employer/", "All (30)", employer=True),
    "imports": Visit(
        "/employer/companies/northwind-labs/imports/", "Imports for Northwind Labs", employer=True
    ),
    "saved": Visit("/jobs/saved/", "ML Engineer 01", employer=True),
}


def violations(page) -> list[dict]:
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in found
    )


def axe_page(open_page, **options):
    """A page (own context) with axe loaded into every document it opens. axe is injected
    as a script; the page's own policy forbids that, so the policy is lifted here only."""
    page = open_page("/healthz", bypass_csp=True, **options)
    page.context.add_init_script(path=str(AXE))
    return page


@pytest.mark.parametrize("viewport", [{}, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(open_page, catalogue_site, viewport):
    # Every page in one test per screen size: one board and two browser contexts (a visitor
    # and the employer) serve them all, and every page's problems are reported together.
    visitor = axe_page(open_page, **viewport)
    employer = axe_page(open_page, user=catalogue_site.employer, **viewport)
    problems = []
    for name, visit in PAGES.items():
        page = employer if visit.employer else visitor
        response = page.goto(visit.path)
        assert response.status in {200, 400}, f"{visit.path} answered {response.status}"
        if visit.act is not None:
            visit.act(page, catalogue_site)
            page.wait_for_load_state()
        assert visit.expect in page.locator("main").inner_text(), f"{name}: not the expected page"
        found = violations(page)
        if found:
            problems.append(f"{name} ({page.url}):\n{describe(found)}")
    assert not problems, "\n\n".join(problems)


def test_axe_reports_what_it_should(open_page):
    # The check above can fail: an image without a text alternative is a critical violation.
    page = axe_page(open_page)
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    page.set_content(f'<html lang="en"><title>t</title><main><img src="{pixel}"></main></html>')
    page.add_script_tag(path=str(AXE))  # set_content is no navigation: no init script
    assert [v["id"] for v in violations(page)] == ["image-alt"]
