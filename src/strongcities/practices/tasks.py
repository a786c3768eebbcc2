"""Background jobs of the practice library: review reminders, then archiving.

Both run daily (practices/schedule.py registers them with core/periodic.py) and are safe to run
twice: a practice is reminded once per confirmation and archived once.
"""

from django_tasks import task

from strongcities.practices import services


@task()
def send_review_reminders() -> int:
    """Remind the owners of published practices not confirmed for PRACTICE_REVIEW_AFTER_DAYS."""
    return services.send_review_reminders()


@task()
def archive_unconfirmed() -> int:
    """Archive practices still unconfirmed PRACTICE_ARCHIVE_GRACE_DAYS after their reminder."""
    return services.archive_unconfirmed()
