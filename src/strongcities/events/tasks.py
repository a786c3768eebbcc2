"""Background jobs of events: offers of freed seats that were not taken in time pass on."""

from django_tasks import task

from strongcities.events.services import registration


@task()
def expire_offers() -> int:
    """Cancel offers past their expiry and offer the seats to the next people waiting."""
    return registration.expire_offers()
