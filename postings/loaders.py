from collections import Counter
from pathlib import Path

from django.db import transaction

from jobboard.catalogue import read_json, sync_row

from .models import Hub

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


@transaction.atomic
def load_catalogue(report: Counter) -> None:
    for entry in read_json(CATALOGUE / "hubs.json")["hubs"]:
        sync_row(
            Hub,
            report,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "region": entry.get("region") or "",
                "country": entry.get("country") or "",
                "is_remote": entry.get("is_remote", False),
            },
        )
