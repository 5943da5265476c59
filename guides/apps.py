from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = "Guides"
    # Called by `load_catalogue` after roles, so the guides' related roles exist.
    catalogue_loader = "guides.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.lib.cache import watch_catalogue

        from .models import GuideArticle

        watch_catalogue(GuideArticle)
