import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobboard.lib.tasks import enqueue_once, recover_lost
from jobboard.schedule import SCHEDULE

log = logging.getLogger("jobboard.worker")


class Scheduler:
    """Enqueues each slot of the schedule once, and retries tasks whose worker died."""

    def __init__(self, *, tick: float) -> None:
        self.tick = tick
        self.running = True
        self.enqueued: dict[object, str] = {}

    def run(self) -> None:
        while self.running:
            close_old_connections()
            try:
                self.once()
            except Exception:
                log.exception("The scheduler's tick failed; trying again")
            time.sleep(self.tick)

    def once(self) -> None:
        now = timezone.now()
        for entry in SCHEDULE:
            slot = entry.slot(now)
            if self.enqueued.get(entry) != slot:
                if enqueue_once(entry.task, slot):
                    log.info("Enqueued %s", slot)
                self.enqueued[entry] = slot
        recover_lost(older_than=settings.TASK_LOST_AFTER)


class Command(BaseCommand):
    help = (
        "Run the background worker: the queued tasks (e-mail, imports) and the schedule in "
        "jobboard/schedule.py (expiry, reminders, alerts, clean-ups). Run one or more "
        "anywhere that reaches the database; each task runs once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks for work"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is due now, then stop (for tests)"
        )
        parser.add_argument("--no-schedule", action="store_true", help="tasks only")

    def handle(self, *args, interval: float, batch: bool, no_schedule: bool, **options) -> None:
        scheduler = Scheduler(tick=max(interval, 1.0))
        if not no_schedule:
            if batch:
                scheduler.once()
            else:
                threading.Thread(target=scheduler.run, name="scheduler", daemon=True).start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        try:
            worker.run()
        finally:
            scheduler.running = False
