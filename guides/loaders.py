"""Load the demo guides, their categories and FAQ entries from guides/catalogue/.

`guides.json` holds each guide's metadata and FAQ; its body is the Markdown file named by
`body`. A guide's status and publication time are set from the file only when the guide is
first created: publishing is the admin's decision. Other fields follow the file unless an
admin changed them (jobboard/lib/catalogue.py).
"""

from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime

from jobboard.lib.catalogue import CatalogueLoad, read_json, sync_m2m, sync_row
from roles.models import Role

from .models import FAQ, Category, GuideArticle

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


@transaction.atomic
def load_catalogue(load: CatalogueLoad, catalogue: Path = CATALOGUE) -> None:
    data = read_json(catalogue / "guides.json")
    roles = Role.objects.in_bulk(field_name="slug")
    categories = {
        entry["slug"]: sync_row(
            Category,
            load,
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
        guide = sync_row(GuideArticle, load, {"slug": slug}, values)
        wanted = [_role(roles, name, slug) for name in entry.get("roles", [])]
        sync_m2m(guide, "related_roles", wanted, load)
        for order, faq in enumerate(entry.get("faqs", []), start=1):
            sync_row(
                FAQ,
                load,
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
