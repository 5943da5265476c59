from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"
    catalogue_loader = "postings.loaders.load_catalogue"
