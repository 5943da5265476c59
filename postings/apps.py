from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Postings"

    def ready(self) -> None:
        from companies.models import Company
        from jobboard.lib.cache import watch_postings

        from .models import Posting

        # A company's name shows in every list of its postings and in their search text.
        watch_postings(Posting, Company)
