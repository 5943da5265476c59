from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles"
    # `load_catalogue` calls each app's loader in INSTALLED_APPS order, without importing the app.
    catalogue_loader = "roles.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.catalogue_cache import watch_catalogue

        from .models import (
            CareerStep,
            Certification,
            ImportBatch,
            Role,
            SalaryBand,
            Source,
            Transition,
        )

        # The survey's reports and summaries change in bulk: rebuild_summaries() and the
        # reports' admin invalidate for them. Deleting a batch deletes its reports.
        watch_catalogue(
            Source, Role, SalaryBand, CareerStep, Certification, Transition, ImportBatch
        )
