from pathlib import Path

from django.db import transaction

from jobboard.lib.catalogue import CatalogueLoad, read_json, sync_row
from roles.loaders import sync_sources

from . import gazetteer
from .models import City, Hub, ReportedWorkSplit

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


def _pair(value: list[int] | None) -> tuple[int | None, int | None]:
    return (value[0], value[1]) if value else (None, None)


@transaction.atomic
def load_catalogue(load: CatalogueLoad) -> None:
    data = read_json(CATALOGUE / "hubs.json")
    sources = sync_sources(data["sources"], load)
    split = data["work_arrangement_split"]
    sync_row(
        ReportedWorkSplit,
        load,
        {"source": sources[split["source"]]},
        {
            "remote_pct": split["remote_pct"],
            "hybrid_pct": split["hybrid_pct"],
            "onsite_pct": split["onsite_pct"],
        },
    )
    for entry in data["hubs"]:
        city = None
        if entry.get("geonameid"):
            place = gazetteer.get(entry["geonameid"])
            if place is None:
                raise ValueError(f"Hub {entry['slug']}: no city {entry['geonameid']} in GeoNames")
            city = City.objects.from_place(place)
        cost_low, cost_high = _pair(entry.get("cost_of_living_range"))
        gain_low, gain_high = _pair(entry.get("net_income_advantage_range"))
        sync_row(
            Hub,
            load,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "region": entry.get("region") or "",
                "country": entry.get("country") or "",
                "city": city,
                "is_remote": entry.get("is_remote", False),
                "reported_postings": entry.get("reported_postings"),
                "growth_pct": entry.get("growth_pct"),
                "avg_salary": entry.get("avg_salary"),
                "avg_salary_currency": entry.get("avg_salary_currency") or "",
                "cost_of_living_index": entry.get("cost_of_living_index"),
                "cost_of_living_low": cost_low,
                "cost_of_living_high": cost_high,
                "net_income_advantage_pct": entry.get("net_income_advantage_pct"),
                "net_income_advantage_low": gain_low,
                "net_income_advantage_high": gain_high,
                "description": entry.get("description", ""),
                "source": sources[entry["source"]] if entry.get("source") else None,
            },
        )
