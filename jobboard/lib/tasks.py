"""Background work on Django's tasks API (the django-tasks backport) and its database backend.

The queue is django-tasks-db's: each task is a row, claimed by one worker with a row lock
(SKIP LOCKED on PostgreSQL, an exclusive transaction on SQLite), and its outcome is kept
with the traceback of a failure. What the board adds on top, here:

- `background(retries=..., backoff=...)`: a task that, when an attempt fails, is enqueued
  again to run later (doubling the delay each time) until its retries are spent. Each
  failed attempt stays recorded as failed, with its exception, in the admin.
- `enqueue_once(task, key)`: enqueue a task unless one with this key was enqueued before.
  The key becomes the task's id, so when several workers reach the same slot of the
  schedule at once the database lets one insert it.
- `recover_lost(older_than)`: a task left running by a worker that died (killed, out of
  memory, the machine gone) is marked failed and tried again by the same rules.
"""

import functools
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

log = logging.getLogger(__name__)

# Names the ids made by enqueue_once, so they cannot collide with the backend's random ones.
ONCE = uuid.UUID("6f9d1c2e-7a0b-4c55-9d3f-1b2e8a4c5d60")


class WorkerLost(Exception):
    """Recorded for a task whose worker stopped before the task finished."""


def background(*, retries: int = 3, backoff: timedelta = timedelta(minutes=1)) -> Callable:
    """Make a function a task, retried `retries` times after a failure, waiting `backoff`,
    then twice that, and so on. The function must take JSON-able arguments."""

    def decorate(function: Callable) -> Task:
        @functools.wraps(function)
        def attempt(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                retry(work, args, kwargs, attempt)
                raise

        attempt.retries = retries
        attempt.backoff = backoff
        work = task(attempt)
        return work

    return decorate


def retry(work: Task, args, kwargs: dict, attempt: int) -> bool:
    """Enqueue the next attempt of a failed one, if any is left; True when one was."""
    if attempt > getattr(work.func, "retries", 0):
        log.error("Task %s failed for good after %d attempt(s)", work.module_path, attempt)
        return False
    delay = work.func.backoff * 2 ** (attempt - 1)
    backend = work.get_backend()
    later = work.using(run_after=timezone.now() + delay) if backend.supports_defer else work
    later.enqueue(*args, attempt=attempt + 1, **kwargs)
    log.warning("Task %s failed; attempt %d in %s", work.module_path, attempt + 1, delay)
    return True


def enqueue_once(work: Task, key: str, *args, **kwargs) -> bool:
    """Enqueue `work` unless a task with this key was enqueued before; True when it was now."""
    from django_tasks_db.models import DBTaskResult

    task_id = uuid.uuid5(ONCE, key)
    if DBTaskResult.objects.filter(id=task_id).exists():
        return False
    backend = work.get_backend()
    try:
        with transaction.atomic():
            backend.id_function = lambda: task_id
            work.enqueue(*args, **kwargs)
    except IntegrityError:
        return False  # another worker enqueued it a moment ago
    finally:
        backend.id_function = None
    return True


def recover_lost(*, older_than: timedelta) -> int:
    """Mark tasks running longer than `older_than` as failed, and retry them; how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - older_than
    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since)
    recovered = 0
    for pk in list(stuck.values_list("pk", flat=True)):
        with transaction.atomic():
            # The conditional update is the claim: of two workers recovering at once, one
            # changes the row and retries the task.
            claimed = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED
            )
            if not claimed:
                continue
            row = DBTaskResult.objects.get(pk=pk)
            row.set_failed(WorkerLost(f"no worker finished this task within {older_than}"))
            kwargs = dict(row.args_kwargs["kwargs"])
            attempt = kwargs.pop("attempt", 1)
            retry(row.task, row.args_kwargs["args"], kwargs, attempt)
            recovered += 1
    return recovered
