from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles"
    # `load_catalogue` calls each app's loader in INSTALLED_APPS order, without importing the app.
    catalogue_loader = "roles.loaders.load_catalogue"

    def ready(self) -> None:
        from jobboard.lib.cache import watch_catalogue

        from .models import CareerStep, Certification, Role, SalaryBand, Source, Transition

        watch_catalogue(Source, Role, SalaryBand, CareerStep, Certification, Transition)
