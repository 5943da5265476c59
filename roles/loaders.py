from collections import Counter
from pathlib import Path

from django.db import transaction

from jobboard.catalogue import read_json, sync_row

from .models import Role, SalaryBand

CATALOGUE = Path(__file__).resolve().parent / "catalogue"


@transaction.atomic
def load_catalogue(report: Counter) -> None:
    data = read_json(CATALOGUE / "roles.json")
    for entry in data["roles"]:
        role = sync_row(
            Role,
            report,
            {"slug": entry["slug"]},
            {"name": entry["name"], "family": entry["family"], "summary": entry["summary"]},
        )
        for band in entry.get("salary_bands", []):
            sync_row(
                SalaryBand,
                report,
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
