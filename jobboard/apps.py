from django.apps import AppConfig


class JobboardConfig(AppConfig):
    """The project itself: it wires the apps together and owns no models."""

    name = "jobboard"
    verbose_name = "AI Jobs Board"

    def ready(self) -> None:
        # The one place that knows every app: the lower apps' pages get what they show of
        # the higher ones through this Board (jobboard/lib/board.py).
        from candidates.forms import JobAlertForm
        from candidates.models import saved_ids
        from guides.models import guides_about
        from postings import board as live
        from salaries.stats import percentiles_by_level

        from .lib.board import Board, install

        install(
            Board(
                live_counts=live.live_counts,
                newest_postings=live.newest_postings,
                postings_page=live.postings_page,
                postings_url=live.postings_url,
                guides_about=guides_about,
                survey_by_level=percentiles_by_level,
                saved_ids=saved_ids,
                alert_form=lambda query: JobAlertForm(initial={"query": query}),
            )
        )
