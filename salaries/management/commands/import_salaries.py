from django.core.management.base import BaseCommand, CommandError

from salaries.importers import (
    AlreadyImported,
    BadFile,
    ImportReport,
    import_salaries,
    remap_titles,
)
from salaries.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import a salary survey CSV (aijobs.net columns) from a path or an http(s)/file URL. "
        "Importing the same source again replaces its earlier rows. Bad rows are skipped and "
        "listed with their line numbers. With --remap, apply the current title aliases to the "
        "reports already imported instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("location", nargs="?", help="A CSV file path or URL.")
        parser.add_argument("--source", help="The batch name; defaults to the path or URL itself.")
        parser.add_argument(
            "--remap",
            action="store_true",
            help="Re-apply the title aliases to every imported report and rebuild the summaries.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Import even when many rows are not valid or the source would lose many of "
            "its reports (a damaged or cut file is otherwise refused).",
        )
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="Hand the import to a worker (run_worker) and return at once.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when a batch with this source name already exists.",
        )

    def handle(self, *args, location: str | None, source: str | None, **options) -> None:
        if options["remap"]:
            result = remap_titles()
            self.stdout.write(
                f"Title mapping applied: {result['mapped']} reports map to a role, "
                f"{result['unmapped']} do not."
            )
            return
        if not location:
            raise CommandError("Give the CSV path or URL to import (or --remap).")
        source = source or location
        if options["if_missing"] and ImportBatch.objects.filter(source=source).exists():
            self.stdout.write(f"Salary survey already imported from {source}; skipping.")
            return
        if options["in_background"]:
            from salaries.tasks import import_survey

            result = import_survey.enqueue(location, source, options["replace"])
            self.stdout.write(f"The import is queued (task {result.id}); a worker runs it.")
            return
        progress = self.progress_bar if self.stdout.isatty() else None
        try:
            report = import_salaries(
                location=location, source=source, progress=progress, replace=options["replace"]
            )
        except AlreadyImported as done:
            self.stdout.write(str(done))
            return
        except BadFile as error:
            raise CommandError(str(error)) from error
        if progress:
            self.stdout.write("")
        self.write_report(report)

    def progress_bar(self, done: int, total: int) -> None:
        width = 40
        filled = min(width, width * done // total)
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}%", ending=""
        )
        self.stdout.flush()

    def write_report(self, report: ImportReport) -> None:
        line = f"{report.imported} reports imported from {report.source}"
        if report.replaced:
            line += f", replacing the {report.replaced} of its earlier import"
        self.stdout.write(self.style.SUCCESS(line + "."))
        self.stdout.write(f"{report.unmapped} of them have a job title that maps to no role.")
        if report.skipped:
            self.stdout.write(f"{report.skipped} rows skipped:")
            for reason, count in report.reasons.most_common():
                self.stdout.write(f"  {count} × {reason}")
            self.stdout.write(f"The first {len(report.examples)}:")
            for number, message in report.examples:
                self.stdout.write(f"  line {number}: {message}")
