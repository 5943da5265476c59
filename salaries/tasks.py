"""Background work on the salary survey."""

from jobboard.lib.tasks import background

from .importers import AlreadyImported, import_salaries


@background(retries=0)
def import_survey(location: str, source: str | None = None, replace: bool = False) -> dict:
    """Import a survey file (or URL) in a worker; `import_salaries --in-background` enqueues
    it. Not retried: a refused file is the operator's to look at, in the task's record."""
    try:
        report = import_salaries(location=location, source=source, replace=replace)
    except AlreadyImported as done:
        return {"already_imported_as": done.source}
    return {"imported": report.imported, "skipped": report.skipped, "replaced": report.replaced}
