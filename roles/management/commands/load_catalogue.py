from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from roles.loaders import new_load


class Command(BaseCommand):
    help = (
        "Load the roles, salary bands, hubs, title aliases and guides from the data files in "
        "each app's catalogue/ folder. Safe to run again: what is missing is created, what "
        "the files changed is updated, and fields an admin changed are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="take the files' values even for fields an admin changed",
        )

    def handle(self, *args, force: bool, **options) -> None:
        load = new_load(force=force)
        with transaction.atomic():
            # Apps declare their loader on their AppConfig; INSTALLED_APPS order is load order.
            for config in apps.get_app_configs():
                loader = getattr(config, "catalogue_loader", None)
                if loader:
                    import_string(loader)(load)
            load.records.save()
        for key in sorted(load.report):
            self.stdout.write(f"{key}: {load.report[key]}")
        if load.left:
            self.stdout.write(
                self.style.WARNING(
                    f"Left {len(load.left)} field(s) as an admin changed them "
                    "(load with --force to take the files' values):"
                )
            )
            for line in load.left:
                self.stdout.write(f"  {line}")
        if not any(n for key, n in load.report.items() if not key.endswith("unchanged")):
            self.stdout.write(self.style.SUCCESS("Catalogue already up to date; nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
