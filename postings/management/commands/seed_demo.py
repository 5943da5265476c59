from django.core.management.base import BaseCommand, CommandError

from postings.demo import create_demo
from postings.models import Posting

MAX_COUNT = 100_000


class Command(BaseCommand):
    help = "Create realistic demo companies and live postings (bulk inserts; needs the catalogue)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=300, help="postings to create (300)")
        parser.add_argument("--seed", type=int, default=None, help="for repeatable output")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when any posting exists"
        )

    def handle(self, *args, count: int, seed: int | None, if_empty: bool, **options) -> None:
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT:,}.")
        if if_empty and Posting.objects.exists():
            self.stdout.write("Postings already exist; no demo data added.")
            return
        try:
            result = create_demo(count=count, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.postings:,} live postings and {result.companies} companies."
            )
        )
