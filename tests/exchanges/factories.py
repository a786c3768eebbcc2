"""Factories for exchanges. States beyond `proposed` are best reached through the services
(tests of the lifecycle do); these factories set fields directly for tests of what is shown."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import (
    Exchange,
    FollowUp,
    Participant,
    Programme,
    Report,
    Side,
    Transfer,
)
from tests.factories import CityFactory, PartnerFactory, UserFactory, concept


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Capacity-building programme {n}")
    description = "Staff exchanges between the cities of the programme."
    sponsor = factory.SubFactory(PartnerFactory)
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=600))
    budget_note = "Travel and two nights per participant."
    visibility = Visibility.MEMBERS

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)


class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exchange
        skip_postgeneration_save = True

    visiting_city = factory.SubFactory(CityFactory)
    host_city = factory.SubFactory(CityFactory)
    kind = factory.LazyFunction(lambda: concept("exchange-type", "study-visit"))
    objectives = "See how the host city's youth workers and police cooperate."
    language = "en"
    proposed_start = factory.LazyFunction(lambda: date.today() + timedelta(days=45))
    proposed_end = factory.LazyAttribute(lambda o: o.proposed_start + timedelta(days=3))
    state = Exchange.State.PROPOSED
    proposed_by = factory.SubFactory(UserFactory)
    proposed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def practices(self, create, extracted, **kwargs):
        if create and extracted:
            self.practices.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    exchange = factory.SubFactory(ExchangeFactory)
    side = Side.VISITING
    user = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    exchange = factory.SubFactory(ExchangeFactory)
    side = Side.VISITING
    learned = "How the host's multi-agency panel shares cases without naming people."
    plans = "Pilot a monthly case panel with schools and youth workers."
    language = "en"
    author = factory.SubFactory(UserFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    exchange = factory.SubFactory(ExchangeFactory)
    month = 3
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=90))


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    practice = None  # pass one (tests.practices.factories.make_practice)
    from_city = factory.LazyAttribute(lambda o: o.practice.city)
    to_city = factory.SubFactory(CityFactory)
    status = "adopted"
