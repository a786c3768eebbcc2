"""Helpers of the day-of tests (ticket, badge, check-in, attendance, feedback): confirmed
registrations are made through the registration service, as everywhere else."""

from datetime import timedelta

from django.utils import timezone

from strongcities.events.services import registration as reg
from tests.events.factories import CategoryFactory, EventFactory


def running_event(**fields):
    """An event that started an hour ago and ends in five hours."""
    now = timezone.now()
    defaults = {"start": now - timedelta(hours=1), "end": now + timedelta(hours=5)}
    return EventFactory(**{**defaults, **fields})


def confirmed(category, *, by, user=None, name="", email="", city=None, **extra):
    """A confirmed registration of `category`, made by the organiser `by` (seats counted)."""
    person = reg.person_for(user) if user is not None else reg.Person(name=name, email=email)
    if name:
        person.name = name
    if city is not None:
        person.city = city
    for key, value in extra.items():
        setattr(person, key, value)
    registration = reg.register(category.event, category, person, by=by)
    assert registration.status == "confirmed"
    return registration


def category_of(event, **fields):
    return CategoryFactory(event=event, **fields)
