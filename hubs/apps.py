from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Hubs"
    catalogue_loader = "hubs.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.lib.cache import watch_catalogue

        from .models import City, Hub, ReportedWorkSplit

        watch_catalogue(City, Hub, ReportedWorkSplit)
