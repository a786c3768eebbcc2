"""Background jobs of exchanges: reminders of the 3- and 6-month follow-ups now due.

Runs daily (exchanges/schedule.py registers it with core/periodic.py) and is safe to run twice:
each follow-up is reminded once.
"""

from django_tasks import task

from strongcities.exchanges.services import followups


@task()
def send_follow_up_reminders() -> int:
    """Ask the visiting cities' focal points for the follow-ups due today or earlier."""
    return followups.send_follow_up_reminders()
