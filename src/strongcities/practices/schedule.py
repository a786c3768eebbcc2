"""The practice library's periodic work, registered with core/periodic.py.

Call `register_periodic()` from `PracticesConfig.ready()`. The tasks are named by dotted path so
that this module does not import practices/tasks.py (and bind the task backend) at start-up.
"""

from datetime import timedelta

from strongcities.core import periodic

DAILY = timedelta(days=1)
TASKS = {
    "practices.review_reminders": "strongcities.practices.tasks.send_review_reminders",
    "practices.archive_unconfirmed": "strongcities.practices.tasks.archive_unconfirmed",
}


def register_periodic() -> None:
    """Review reminders, then archiving of unconfirmed practices, once a day each."""
    for name, path in TASKS.items():
        periodic.register(name, path, every=DAILY)
