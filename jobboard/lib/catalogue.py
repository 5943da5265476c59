"""Idempotent loading of the catalogue data files kept in each app's `catalogue/` folder."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import models


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def sync_row(
    model: type[models.Model], report: Counter, lookup: dict[str, Any], values: dict[str, Any]
) -> models.Model:
    """Create the row, or update only the fields that differ, and count which it was.

    Writing nothing for an unchanged row is what makes a second load a no-op.
    """
    obj = model.objects.filter(**lookup).first()
    label = model._meta.verbose_name_plural
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report[f"{label} created"] += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj.save(update_fields=changed)
        report[f"{label} updated"] += 1
    else:
        report[f"{label} unchanged"] += 1
    return obj


def sync_m2m(obj: models.Model, field: str, targets: list[models.Model], report: Counter) -> None:
    """Make a many-to-many field hold exactly `targets`, writing only when it differs."""
    manager = getattr(obj, field)
    wanted = {target.pk for target in targets}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)
        report[f"{obj._meta.verbose_name_plural} {field} updated"] += 1
