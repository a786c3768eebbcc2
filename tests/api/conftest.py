"""A small network for the API tests: member cities with every field set, and some that are not."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache

from strongcities.core.taxonomy.models import Scheme
from tests.api.factories import ConceptFactory
from tests.factories import CityFactory, PartnerFactory, concept


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Network:
    tunis: object
    montreal: object
    aarhus: object
    lyon: object  # a former member
    candidate: object  # an applicant
    unhcr: object
    denmark: object


@pytest.fixture
def network(db) -> Network:
    theme = {
        "youth": ConceptFactory(
            scheme=Scheme.objects.get(code="theme"),
            code="api-test-youth",
            position=900,
            label_en="Young people",
            label_fr="Jeunes",
        ),
        "online": ConceptFactory(
            scheme=Scheme.objects.get(code="theme"),
            code="api-test-online",
            position=901,
            label_en="Online hate",
            label_fr="Haine en ligne",
        ),
    }
    tunis = CityFactory(
        slug="tunis",
        name="Tunis",
        name_fr="Tunis",
        name_ar="تونس",
        country="TN",
        region=concept("region", "middle-east-north-africa"),
        latitude=Decimal("36.806500"),
        longitude=Decimal("10.181500"),
        population=1_056_247,
        languages=["ar", "fr"],
        joined_on=datetime.date(2016, 9, 29),
        summary_en="Capital of Tunisia.",
        summary_fr="Capitale de la Tunisie.",
    )
    tunis.challenges.set([theme["online"], theme["youth"]])
    montreal = CityFactory(
        slug="montreal",
        name="Montréal",
        name_fr="Montréal",
        name_es="Montreal",
        country="CA",
        region=concept("region", "north-america"),
        latitude=Decimal("45.501700"),
        longitude=Decimal("-73.567300"),
        population=None,
        languages=["fr", "en"],
        joined_on=None,
        summary_en="",
    )
    montreal.challenges.set([theme["online"]])
    aarhus = CityFactory(
        slug="aarhus",
        name="Aarhus",
        name_tr="Aarhus",
        country="DK",
        region=concept("region", "europe"),
        latitude=Decimal("56.162900"),
        longitude=Decimal("10.203900"),
        population=285_273,
        languages=["da"],
        joined_on=datetime.date(2015, 9, 29),
        summary_en="A Danish city.",
    )
    lyon = CityFactory(
        slug="lyon",
        name="Lyon",
        country="FR",
        status="former",
        region=concept("region", "europe"),
    )
    candidate = CityFactory(
        slug="candidate",
        name="Candidate",
        country="TN",
        status="applicant",
    )
    unhcr = PartnerFactory(
        slug="unhcr",
        name="UN Refugee Agency",
        name_fr="Agence des Nations unies pour les réfugiés",
        kind="international-organisation",
        country="",
        website="https://www.unhcr.org/",
        description_en="Protects refugees.",
    )
    denmark = PartnerFactory(
        slug="denmark",
        name="Government of Denmark",
        kind="national-government",
        country="DK",
        website="",
        description_en="",
    )
    return Network(tunis, montreal, aarhus, lyon, candidate, unhcr, denmark)
