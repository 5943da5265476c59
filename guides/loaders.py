"""Load the demo guides, their categories and FAQ entries from guides/catalogue/.

`guides.json` holds each guide's metadata and FAQ; its body is the Markdown file named by
`body`. The files own a guide's words; the admin owns whether it is published: a guide's
status and publication time are set from the file only when the guide is first created,
so unpublishing a guide in the admin survives the next load.
"""

from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime

from jobboard.lib.catalogue import read_json, sync_row
from roles.models import Role

from .models import FAQ, Category, GuideArticle

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


@transaction.atomic
def load_catalogue(report: Counter, catalogue: Path = CATALOGUE) -> None:
    data = read_json(catalogue / "guides.json")
    roles = Role.objects.in_bulk(field_name="slug")
    categories = {
        entry["slug"]: sync_row(
            Category,
            report,
            {"slug": entry["slug"]},
            {"name": entry["name"], "description": entry["description"], "order": position},
        )
        for position, entry in enumerate(data["categories"], start=1)
    }
    for entry in data["guides"]:
        slug = entry["slug"]
        values = {
            "title": entry["title"],
            "summary": entry["summary"],
            "body": (catalogue / entry["body"]).read_text(encoding="utf-8"),
            "category": categories[entry["category"]],
        }
        if not GuideArticle.objects.filter(slug=slug).exists():
            published = entry.get("published")
            values["status"] = GuideArticle.Status.PUBLISHED if published else "draft"
            values["published_at"] = parse_datetime(published) if published else None
        guide = sync_row(GuideArticle, report, {"slug": slug}, values)
        _sync_roles(guide, [_role(roles, name, slug) for name in entry.get("roles", [])], report)
        for order, faq in enumerate(entry.get("faqs", []), start=1):
            sync_row(
                FAQ,
                report,
                {"slug": faq["slug"]},
                {
                    "question": faq["question"],
                    "answer": faq["answer"],
                    "order": order * 10,
                    "guide": guide,
                    "role": _role(roles, faq["role"], faq["slug"]) if faq.get("role") else None,
                },
            )


def _role(roles: dict[str, Role], slug: str, used_by: str) -> Role:
    try:
        return roles[slug]
    except KeyError:
        raise ValueError(
            f"{used_by} names the role {slug!r}, which is not in the catalogue"
        ) from None


def _sync_roles(guide: GuideArticle, wanted: list[Role], report: Counter) -> None:
    if {role.pk for role in guide.related_roles.all()} != {role.pk for role in wanted}:
        guide.related_roles.set(wanted)
        report["guide role links updated"] += 1
