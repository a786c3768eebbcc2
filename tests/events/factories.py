"""Factories for events. Registrations that hold seats must go through the registration
service (it keeps Category.held in step); `RegistrationFactory` is for states that hold none
(pending, waitlisted, cancelled, rejected) unless `held` is adjusted by the test."""

from datetime import timedelta

import factory
from django.utils import timezone

from strongcities.core.visibility import Visibility
from strongcities.events.models import (
    Category,
    Event,
    Invitation,
    Material,
    Outcome,
    Registration,
    Session,
    Speaker,
)
from tests.factories import concept


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = factory.LazyFunction(lambda: concept("event-type", "regional-workshop"))
    language = "en"
    title = factory.Sequence(lambda n: f"Regional workshop {n}")
    summary = "Practitioners of the region meet to share what works."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=1))
    time_zone = "Africa/Nairobi"
    visibility = Visibility.PUBLIC
    status = Event.Status.PUBLISHED
    mode = Event.Mode.OPEN


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"category-{n}")
    name = "Practitioners"
    capacity = 10


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    start = factory.LazyAttribute(lambda o: o.event.start + timedelta(hours=1))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1, minutes=30))
    room = "Main hall"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    public_name = factory.Sequence(lambda n: f"Speaker {n}")
    consent_given = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.LazyAttribute(lambda o: o.category.event)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    status = Registration.Status.PENDING


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.LazyAttribute(lambda o: o.category.event)
    category = factory.SubFactory(CategoryFactory)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    event = factory.SubFactory(EventFactory)
    title = "Slides"
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4\n%%EOF\n")
    filename = "slides.pdf"
    kind = "pdf"
    size = 15


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    event = factory.SubFactory(EventFactory)
    text = "Tunis will pilot a practice from Aarhus."
