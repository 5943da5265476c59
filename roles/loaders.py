from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from django.db import transaction

from jobboard.lib.catalogue import CatalogueLoad, read_json, sync_m2m, sync_row

from .models import (
    CareerStep,
    CatalogueRecord,
    Certification,
    Role,
    SalaryBand,
    Source,
    Transition,
)

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


class CatalogueRecords(MutableMapping):
    """Every CatalogueRecord, read once when a load starts and written back when it ends."""

    def __init__(self) -> None:
        self._rows = {(row.model, row.key): row.written for row in CatalogueRecord.objects.all()}
        self._changed: set[tuple[str, str]] = set()

    def __getitem__(self, key):
        return self._rows[key]

    def __setitem__(self, key, value) -> None:
        self._rows[key] = value
        self._changed.add(key)

    def __delitem__(self, key) -> None:
        raise NotImplementedError("catalogue records are only ever added or replaced")

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def save(self) -> None:
        CatalogueRecord.objects.bulk_create(
            [
                CatalogueRecord(model=model, key=key, written=self._rows[model, key])
                for model, key in sorted(self._changed)
            ],
            update_conflicts=True,
            unique_fields=["model", "key"],
            update_fields=["written"],
        )
        self._changed.clear()


def new_load(*, force: bool = False) -> CatalogueLoad:
    """A load that remembers what it writes in the database, for the next one."""
    return CatalogueLoad(records=CatalogueRecords(), force=force)


def sync_sources(sources: dict[str, dict[str, Any]], load: CatalogueLoad) -> dict[str, Source]:
    """Load a data file's "sources" block; return the sources by slug."""
    return {
        slug: sync_row(
            Source,
            load,
            {"slug": slug},
            {"title": entry["title"], "file": entry.get("file", "")},
        )
        for slug, entry in sources.items()
    }


@transaction.atomic
def load_catalogue(load: CatalogueLoad) -> None:
    roles = load_roles(load)
    certifications = load_certifications(load, roles)
    load_career_path(load, roles)
    load_transitions(load, roles, certifications)


def load_roles(load: CatalogueLoad) -> dict[str, Role]:
    data = read_json(CATALOGUE / "roles.json")
    sources = sync_sources(data["sources"], load)
    roles: dict[str, Role] = {}
    for entry in data["roles"]:
        reported_source = entry.get("reported_postings_source")
        role = sync_row(
            Role,
            load,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "family": entry["family"],
                "summary": entry["summary"],
                "responsibilities": entry.get("responsibilities", []),
                "skills": entry.get("skills", []),
                "tools": entry.get("tools", []),
                "reported_postings": entry.get("reported_postings"),
                "reported_postings_source": sources[reported_source] if reported_source else None,
            },
        )
        roles[role.slug] = role
        for band in entry.get("salary_bands", []):
            sync_row(
                SalaryBand,
                load,
                {"role": role, "level": band["level"], "country": band["country"]},
                {
                    "minimum": band["min"],
                    "maximum": band["max"],
                    "currency": band["currency"],
                    "basis": band["basis"],
                    "open_ended": band.get("open_ended", False),
                    "source": band.get("source", ""),
                },
            )
    # Related roles point at each other, so they are linked once every role exists.
    for entry in data["roles"]:
        related = [roles[slug] for slug in entry.get("related", [])]
        sync_m2m(roles[entry["slug"]], "related", related, load)
    return roles


def load_certifications(load: CatalogueLoad, roles: dict[str, Role]) -> dict[str, Certification]:
    data = read_json(CATALOGUE / "certifications.json")
    sources = sync_sources(data["sources"], load)
    certifications: dict[str, Certification] = {}
    for entry in data["certifications"]:
        certification = sync_row(
            Certification,
            load,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "issuer": entry["issuer"],
                "kind": entry["kind"],
                "covers": entry["covers"],
                "exists": entry["exists"],
                "note": entry.get("note", ""),
                "source": sources[entry["source"]],
            },
        )
        sync_m2m(certification, "roles", [roles[slug] for slug in entry["roles"]], load)
        certifications[certification.slug] = certification
    return certifications


def load_career_path(load: CatalogueLoad, roles: dict[str, Role]) -> None:
    data = read_json(CATALOGUE / "career_path.json")
    sources = sync_sources(data["sources"], load)
    for entry in data["steps"]:
        sync_row(
            CareerStep,
            load,
            {"slug": entry["slug"]},
            {
                "order": entry["order"],
                "title": entry["title"],
                "role": roles.get(entry.get("role") or ""),
                "years_min": entry.get("years_min"),
                "years_max": entry.get("years_max"),
                "responsibilities": entry["responsibilities"],
                "note": entry.get("note", ""),
                "source": sources[entry["source"]],
            },
        )


def load_transitions(
    load: CatalogueLoad, roles: dict[str, Role], certifications: dict[str, Certification]
) -> None:
    data = read_json(CATALOGUE / "transitions.json")
    sources = sync_sources(data["sources"], load)
    for entry in data["transitions"]:
        # The source mixes named certifications with things like "a portfolio": the first
        # are linked to the catalogue's certifications, the rest kept as text.
        named = [certifications[item] for item in entry["certifications"] if item in certifications]
        others = [item for item in entry["certifications"] if item not in certifications]
        transition = sync_row(
            Transition,
            load,
            {"background": entry["background"], "target_role": roles[entry["target_role"]]},
            {
                "background_label": entry["background_label"],
                "months_min": entry["months_min"],
                "months_max": entry["months_max"],
                "other_credentials": others,
                "prerequisites": entry["prerequisites"],
                "source": sources[entry["source"]],
            },
        )
        sync_m2m(transition, "certifications", named, load)
