from pathlib import Path

from django.db import transaction

from jobboard.lib.catalogue import CatalogueLoad, read_json, sync_row
from roles.models import Role

from .models import TitleAlias

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


@transaction.atomic
def load_catalogue(load: CatalogueLoad) -> None:
    from .rates import load_catalogue as load_rates

    load_title_aliases(load)
    load_rates(load.report)


def load_title_aliases(load: CatalogueLoad) -> None:
    """Seed the survey's title aliases; a title that already has one keeps it.

    The admin owns the mapping once seeded: a title an editor pointed at another role stays
    where they put it, and only titles with no alias at all are added from the file.
    """
    roles = {role.slug: role for role in Role.objects.all()}
    existing = {title.casefold() for title in TitleAlias.objects.values_list("title", flat=True)}
    for entry in read_json(CATALOGUE / "title_aliases.json")["aliases"]:
        if entry["title"].casefold() in existing:
            load.report["title aliases unchanged"] += 1
            continue
        sync_row(TitleAlias, load, {"title": entry["title"]}, {"role": roles[entry["role"]]})
