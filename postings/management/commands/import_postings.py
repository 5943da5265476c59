from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from postings.imports.sync import import_company


class Command(BaseCommand):
    help = (
        "Import and keep in sync a company's openings from its sources (Greenhouse, Lever, "
        "Ashby, Workable, or a careers page's JSON-LD): new ones go to moderation, changed "
        "ones are updated, vanished ones closed. Without --company, every company's sources."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--company", help="the company's slug")

    def handle(self, *args, company: str | None, **options) -> None:
        companies = Company.objects.filter(import_sources__isnull=False).distinct()
        if company:
            companies = Company.objects.filter(slug=company)
            if not companies.exists():
                raise CommandError(f"No company with the slug {company!r}.")
        for each in companies.order_by("slug"):
            for source, outcome in import_company(company=each).items():
                if isinstance(outcome, Exception):
                    self.stderr.write(f"{source}: could not import: {outcome}")
                    continue
                counts = outcome.summary()
                self.stdout.write(
                    f"{source}: {counts['created']} created, {counts['updated']} updated, "
                    f"{counts['closed']} closed, {counts['unchanged']} unchanged, "
                    f"{counts['held_back']} held back"
                )
                for row in outcome.held_back:
                    self.stdout.write(f"  held back: {row['title']}: {row['reason']}")
