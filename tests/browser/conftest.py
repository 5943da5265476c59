"""Real-browser fixtures: Playwright driving the system's Chromium against pytest-django's
live server (which runs the tests on a transactional database).

Every test here is skipped, with the reason, where Playwright or Chromium is missing, so
`make test` passes on a fresh clone; `.ci/run` installs Chromium so CI runs them.
"""

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from postings.models import Posting, RemoteStatus

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

    Script errors, Content-Security-Policy violations and broken images, styles or scripts
    fail the test. (A page's own status is for the test to check; the browser's automatic
    favicon request is not the page's doing.)
    """
    contexts, errors = [], []

    def open_(path: str = "/", **context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
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
