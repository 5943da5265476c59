from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the roles, salary bands and hubs from the data files in each app's catalogue/ "
        "folder. Safe to run again: unchanged rows are left alone."
    )

    def handle(self, *args, **options) -> None:
        report: Counter = Counter()
        with transaction.atomic():
            # Apps declare their loader on their AppConfig; INSTALLED_APPS order is load order.
            for config in apps.get_app_configs():
                loader = getattr(config, "catalogue_loader", None)
                if loader:
                    import_string(loader)(report)
        for key in sorted(report):
            self.stdout.write(f"{key}: {report[key]}")
        if not any(n for key, n in report.items() if not key.endswith("unchanged")):
            self.stdout.write(self.style.SUCCESS("Catalogue already up to date; nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
