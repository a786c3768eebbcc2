"""Periodic work: django-tasks has no scheduler, so this small registry enqueues tasks on time.

Register a task (one that takes no arguments) once, in your app's `AppConfig.ready()`, by its
dotted path::

    # practices/apps.py
    def ready(self):
        from datetime import timedelta

        from strongcities.core import periodic

        periodic.register(
            "practices.review_reminders",
            "strongcities.practices.tasks.send_review_reminders",
            every=timedelta(days=1),
        )

Give the dotted path rather than the task object: `@task()` binds its backend when the module is
imported, and importing a tasks module from `ready()` would fix the backend before settings are
final (the test suite switches to the immediate backend after start-up). The path is resolved
when the task is due. A task object works too, when registered from code that runs later.

`run_due(now)` enqueues every registered task whose last run is at least `every` old and
records the run in `PeriodicRun`, with a conditional UPDATE: two processes calling it at the same
moment enqueue each task once. Something must call `run_due` regularly:

- `manage.py serve` (development, small installations) calls it every minute while it runs;
- in production, cron (or a systemd timer) runs `manage.py run_periodic` every few minutes (see
  docs/deployment.md, "Periodic work").

The task itself runs in the worker (`db_worker`), like any other task. A task should be
idempotent anyway: if enqueueing fails after the run was recorded, it runs next period.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A task to enqueue every `every`."""

    name: str
    task: object  # a django_tasks Task taking no arguments, or its dotted path
    every: timedelta

    def resolve(self):
        """The Task itself (imported now if registered by path)."""
        return import_string(self.task) if isinstance(self.task, str) else self.task


_registry: dict[str, Periodic] = {}


def register(name: str, task, every: timedelta) -> None:
    """Enqueue `task` (a Task or its dotted path; no arguments) every `every`.

    Registering a name again replaces the earlier registration.
    """
    if every <= timedelta(0):
        raise ValueError("every must be a positive duration")
    _registry[name] = Periodic(name=name, task=task, every=every)


def registered() -> list[Periodic]:
    """The registered tasks, by name."""
    return [_registry[name] for name in sorted(_registry)]


def _claim(entry: Periodic, now: datetime) -> bool:
    """Record a run of `entry` at `now` if its last one is old enough; True if this call won."""
    from strongcities.core.notifications.models import PeriodicRun

    PeriodicRun.objects.get_or_create(name=entry.name)
    due = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - entry.every)
    return bool(PeriodicRun.objects.filter(due, name=entry.name).update(last_enqueued_at=now))


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue each registered task that is due; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in registered():
        try:
            with transaction.atomic():
                if not _claim(entry, now):
                    continue
                entry.resolve().enqueue()  # the database backend writes it in this same transaction
        except Exception:
            logger.exception("Could not enqueue the periodic task %s", entry.name)
            continue
        enqueued.append(entry.name)
    return enqueued
