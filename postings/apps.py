from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"
    catalogue_loader = "postings.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.catalogue_cache import watch_catalogue

        from .models import Hub, ReportedWorkSplit

        watch_catalogue(Hub, ReportedWorkSplit)
