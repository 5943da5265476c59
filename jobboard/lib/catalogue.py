"""Loading the catalogue data files kept in each app's `catalogue/` folder, again and again.

A load creates what is missing and brings each row's fields to the file's values, except
the fields an admin has changed since the last load: those are left as the admin left them,
and the load says which. To tell the two apart, each load remembers, field by field, a
digest of what it wrote (the `records`, kept by the roles app); a field whose value is no
longer what the load wrote was edited in the admin. `force` takes the file's value anyway.
"""

import hashlib
import json
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def digest(value: Any) -> str:
    text = json.dumps(_plain(value), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class CatalogueLoad:
    """One run of `load_catalogue`: what it did (`report`), what it left (`left`), and the
    digests of what every load wrote, by model label and row (`records`)."""

    records: MutableMapping[tuple[str, str], dict[str, str]]
    force: bool = False
    report: Counter = field(default_factory=Counter)
    left: list[str] = field(default_factory=list)
    # Rows this load created: their many-to-many links are the file's to set.
    created: set[tuple[str, Any]] = field(default_factory=set)

    def _key(self, model: type[models.Model], lookup: dict[str, Any]) -> tuple[str, str]:
        return model._meta.label_lower, json.dumps(_plain(lookup), sort_keys=True, default=str)

    def settle(
        self,
        model: type[models.Model],
        lookup: dict,
        current: dict,
        wanted: dict,
        *,
        new: bool = False,
        shown: str = "",
    ) -> list[str]:
        """The fields to bring to the file's value; remembers what this load leaves behind."""
        key = self._key(model, lookup)
        written = self.records.get(key, {})
        take, kept = [], []
        for name, value in wanted.items():
            if digest(current[name]) == digest(value):
                continue
            if new or self.force or written.get(name) == digest(current[name]):
                take.append(name)
            else:
                kept.append(name)
        remembered = {name: digest(value) for name, value in wanted.items()}
        for name in kept:
            if name in written:
                remembered[name] = written[name]
            else:
                remembered.pop(name)
        if kept:
            row = shown or key[1]
            self.left.append(f"{model._meta.verbose_name} {row}: {', '.join(sorted(kept))}")
        if remembered != written:
            self.records[key] = remembered
        return take


def sync_row(
    model: type[models.Model], load: CatalogueLoad, lookup: dict[str, Any], values: dict[str, Any]
) -> models.Model:
    """Create the row, or bring the fields an admin has not changed to the file's values.

    Writing nothing for an unchanged row is what makes a second load a no-op.
    """
    obj = model.objects.filter(**lookup).first()
    label = model._meta.verbose_name_plural
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        load.settle(model, lookup, values, values)
        load.created.add((model._meta.label_lower, obj.pk))
        load.report[f"{label} created"] += 1
        return obj
    current = {name: getattr(obj, name) for name in values}
    changed = load.settle(model, lookup, current, values)
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=changed)
        load.report[f"{label} updated"] += 1
    else:
        load.report[f"{label} unchanged"] += 1
    return obj


def sync_m2m(
    obj: models.Model, name: str, targets: list[models.Model], load: CatalogueLoad
) -> None:
    """Make a many-to-many field hold exactly `targets`, unless an admin changed it."""
    manager = getattr(obj, name)
    current = sorted(manager.values_list("pk", flat=True))
    wanted = sorted(target.pk for target in targets)
    lookup = {"pk": obj.pk, "many_to_many": name}
    new = (obj._meta.label_lower, obj.pk) in load.created
    if load.settle(type(obj), lookup, {name: current}, {name: wanted}, new=new, shown=str(obj)):
        manager.set(wanted)
        load.report[f"{obj._meta.verbose_name_plural} {name} updated"] += 1
