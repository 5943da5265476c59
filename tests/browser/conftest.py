"""Real-browser fixtures: Playwright driving the system's Chromium against pytest-django's
live server (which runs the tests on a transactional database).

Every test here is skipped, with the reason, where Playwright or Chromium is missing, so
`make test` passes on a fresh clone; `.ci/run` installs Chromium so CI runs them.
"""

import os
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from candidates.models import SavedPosting
from companies.models import Company, Membership, MembershipRole
from hubs.models import Hub
from postings.models import Posting, PostingStatus
from roles.models import RemoteStatus, Role
from salaries.models import ImportBatch, SalaryReport
from salaries.stats import rebuild_summaries

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's synchronous API keeps an event loop running in this thread while it is
    started, which trips Django's guard against database calls from async code on our own
    (synchronous) test set-up. The guard is lifted only while the browser lives, which is
    why this fixture is per module rather than per session.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)")
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def open_page(live_server, browser) -> Iterator:
    """Open a fresh page (own cookies) on the live server; extra options go to new_context.

    With `user`, the page opens logged in as that user. Script errors, Content-Security-Policy
    violations and broken images, styles or scripts fail the test. (A page's own status is
    for the test to check; the browser's automatic favicon request is not the page's doing.)
    """
    contexts, errors = [], []

    def open_(path: str = "/", user=None, **context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            sign_in(context, user, live_server.url)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: (
                errors.append(f"{r.status} {r.url}")
                if r.status >= 400
                and r.request.resource_type not in {"document"}
                and not r.url.endswith("/favicon.ico")
                else None
            ),
        )
        page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"the browser reported errors: {errors}"


def sign_in(context, user, url: str) -> None:
    """Give a browser context the session cookie of `user`, as if they had logged in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


@pytest.fixture
def board(make_posting, make_company, ml_engineer, prompt_engineer, austin, new_york):
    """25 on-site ML engineer jobs in Austin and 5 remote prompt engineer jobs: two pages."""
    company = make_company(name="Northwind Labs", slug="northwind-labs")
    now = timezone.now()
    postings = []
    for n in range(25):
        postings.append(
            make_posting(
                title=f"ML Engineer {n:02d}",
                role=ml_engineer,
                hub=austin,
                company=company,
                published_at=now - timedelta(hours=n + 1),
                apply_url=f"https://apply.example.com/ml-{n:02d}",
            )
        )
    for n in range(5):
        postings.append(
            make_posting(
                title=f"Prompt Engineer {n}",
                role=prompt_engineer,
                remote=RemoteStatus.REMOTE,
                hub=None,
                company=company,
                published_at=now - timedelta(days=2, hours=n),
            )
        )
    return Posting.objects.filter(pk__in=[p.pk for p in postings])


DESCRIPTION = """Northwind Labs builds forecasting models for regional power grids.

## What you will do

- Train and evaluate models on **sensor data** from thousands of substations.
- Ship them behind an API that operators use every day.

## What we look for

Experience with *PyTorch* or JAX, and care for [reproducible experiments](https://example.com/repro).
"""


@pytest.fixture
def catalogue_site(transactional_db, catalogue, django_user_model):
    """The real catalogue (roles, hubs, guides) with a board, survey figures and an employer.

    25 machine learning engineer jobs in Austin and 5 remote prompt engineer jobs at
    Northwind Labs; salary reports for machine learning engineers in the US at three levels;
    an employer, Olivia, who owns Northwind Labs and has saved two of its jobs.
    """
    ml_engineer = Role.objects.get(slug="machine-learning-engineer")
    prompt_engineer = Role.objects.get(slug="prompt-engineer")
    austin = Hub.objects.get(slug="austin")
    company = Company.objects.create(
        name="Northwind Labs",
        slug="northwind-labs",
        website="https://northwind.example",
        description="Forecasting for power grids, from **Austin** and remote.",
    )
    now = timezone.now()
    common = {
        "company": company,
        "level": "mid",
        "employment_type": "full-time",
        "salary_min": 140_000,
        "salary_max": 190_000,
        "description": DESCRIPTION,
        "status": PostingStatus.PUBLISHED,
        "expires_at": now + timedelta(days=30),
    }
    postings = [
        Posting(
            title=f"ML Engineer {n:02d}",
            slug=f"ml-engineer-{n:02d}-northwind-labs",
            role=ml_engineer,
            hub=austin,
            remote=RemoteStatus.ONSITE,
            published_at=now - timedelta(hours=n + 1),
            apply_url=f"https://apply.example.com/ml-{n:02d}",
            **common,
        )
        for n in range(25)
    ] + [
        Posting(
            title=f"Prompt Engineer {n}",
            slug=f"prompt-engineer-{n}-northwind-labs",
            role=prompt_engineer,
            hub=None,
            remote=RemoteStatus.REMOTE,
            published_at=now - timedelta(days=2, hours=n),
            apply_email="jobs@northwind.example",
            **common,
        )
        for n in range(5)
    ]
    for posting in postings:
        posting.save()

    batch = ImportBatch.objects.create(source="browser tests", location="-")
    rng = random.Random(6)
    SalaryReport.objects.bulk_create(
        SalaryReport(
            batch=batch,
            year=2024,
            level=level,
            employment_type="full-time",
            job_title="Machine Learning Engineer",
            amount=(amount := rng.randint(low, low + 150_000)),
            currency="USD",
            amount_usd=amount,
            residence_country="US",
            company_country="US",
            remote="onsite",
            company_size="M",
            role=ml_engineer,
        )
        for level, low, count in [
            ("entry", 70_000, 20),
            ("mid", 110_000, 40),
            ("senior", 150_000, 60),
        ]
        for _ in range(count)
    )
    rebuild_summaries()

    employer = django_user_model.objects.create_user(
        username="olivia", email="olivia@northwind.example", password="a long passphrase 9"
    )
    Membership.objects.create(user=employer, company=company, role=MembershipRole.OWNER)
    for posting in postings[:2]:
        SavedPosting.objects.create(user=employer, posting=posting)
    return SimpleNamespace(
        company=company, employer=employer, postings=postings, role=ml_engineer, hub=austin
    )
