from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from salaries.rates import ECB_SOURCE, RatesFileError, read_ecb_file, store_rates


class Command(BaseCommand):
    help = (
        "Update the reference exchange rates from a file in the European Central Bank's "
        "euro reference rates format (eurofxref-daily.xml). Postings' converted pay follows."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The rates file, already downloaded.")
        parser.add_argument("--source", default=ECB_SOURCE, help="Who published the rates.")

    def handle(self, *args, path: Path, source: str, **options) -> None:
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            on, rates = read_ecb_file(path)
        except RatesFileError as error:
            raise CommandError(str(error)) from None
        report: Counter = Counter()
        store_rates(rates=rates, on=on, source=source, report=report)
        for key in sorted(report):
            self.stdout.write(f"{key}: {report[key]}")
        self.stdout.write(self.style.SUCCESS(f"Rates of {on.isoformat()} stored."))
