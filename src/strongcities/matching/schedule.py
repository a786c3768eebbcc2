"""The matching's periodic work, registered with core/periodic.py.

Named by dotted path so that this module does not import matching/tasks.py (and bind the task
backend) at start-up.
"""

from datetime import timedelta

from strongcities.core import periodic

NIGHTLY = timedelta(days=1)
TASKS = {"matching.recompute": "strongcities.matching.tasks.recompute_matches"}


def register_periodic() -> None:
    """A full recomputation once a day, whatever changed (a safety net for missed signals)."""
    for name, path in TASKS.items():
        periodic.register(name, path, every=NIGHTLY)
