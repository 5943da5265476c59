from django.apps import AppConfig


class SalariesConfig(AppConfig):
    name = "salaries"
    verbose_name = "Salary survey"
    catalogue_loader = "salaries.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.lib.cache import watch_catalogue

        from .models import ExchangeRate, ImportBatch, TitleAlias

        # The reports and summaries change in bulk: rebuild_summaries() and the reports'
        # admin make the catalogue stale for them. Deleting a batch deletes its reports.
        watch_catalogue(ImportBatch, TitleAlias, ExchangeRate)
