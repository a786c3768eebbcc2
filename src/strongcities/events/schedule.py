"""The events' periodic work, registered with core/periodic.py (see practices/schedule.py)."""

from datetime import timedelta

from strongcities.core import periodic

TASKS = {
    # A seat offered from the waiting list and not taken in time passes to the next person.
    "events.expire_offers": ("strongcities.events.tasks.expire_offers", timedelta(minutes=5)),
}


def register_periodic() -> None:
    for name, (path, every) in TASKS.items():
        periodic.register(name, path, every=every)
