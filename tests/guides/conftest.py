"""Builders for guides, their categories and FAQ entries."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from guides.models import FAQ, Category, GuideArticle, GuideStatus

_sequence = itertools.count(1)

BODY = """Opening paragraph.

## First section

Some words.

### A detail

More words.

## Second section

The end.
"""


@pytest.fixture
def make_category(db):
    def build(**overrides) -> Category:
        n = next(_sequence)
        values = {"name": f"Category {n}", "slug": f"category-{n}"}
        values.update(overrides)
        return Category.objects.create(**values)

    return build


@pytest.fixture
def make_guide(db, make_category):
    """A published guide unless told otherwise; roles are linked after creation."""

    def build(status: str = GuideStatus.PUBLISHED, roles=(), **overrides) -> GuideArticle:
        n = next(_sequence)
        values = {
            "title": f"Guide {n}",
            "slug": f"guide-{n}",
            "summary": f"Summary of guide {n}.",
            "body": BODY,
            "category": overrides.pop("category", None) or make_category(),
            "status": status,
        }
        if status == GuideStatus.PUBLISHED:
            values["published_at"] = timezone.now() - timedelta(days=n % 30 + 1)
        values.update(overrides)
        guide = GuideArticle.objects.create(**values)
        guide.related_roles.set(roles)
        return guide

    return build


@pytest.fixture
def make_faq(db):
    def build(**overrides) -> FAQ:
        n = next(_sequence)
        values = {"question": f"Question {n}?", "slug": f"question-{n}", "answer": "An answer."}
        values.update(overrides)
        return FAQ.objects.create(**values)

    return build
