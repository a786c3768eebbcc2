"""The exchanges' periodic work, registered with core/periodic.py.

The task is named by dotted path so that this module does not import exchanges/tasks.py (and bind
the task backend) at start-up (see practices/schedule.py).
"""

from datetime import timedelta

from strongcities.core import periodic

DAILY = timedelta(days=1)
TASKS = {
    # The visiting city is asked what became of the exchange, 3 and 6 months after it.
    "exchanges.follow_up_reminders": "strongcities.exchanges.tasks.send_follow_up_reminders",
}


def register_periodic() -> None:
    for name, path in TASKS.items():
        periodic.register(name, path, every=DAILY)
