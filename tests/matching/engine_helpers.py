"""A small network where the right recommendations are known (tests of the matching engine)."""

from dataclasses import dataclass

from strongcities.core.visibility import Visibility
from tests.factories import CityFactory, concept
from tests.practices.factories import make_practice


def profile(city, *, challenges=(), audiences=(), running=(), **fields):
    """Set a city's matching profile (fields: population, languages, region code...)."""
    if "region" in fields:
        fields["region"] = concept("region", fields["region"])
    for name, value in fields.items():
        setattr(city, name, value)
    city.save()
    city.challenges.set([concept("theme", code) for code in challenges])
    city.priority_audiences.set([concept("audience", code) for code in audiences])
    city.running_themes.set([concept("theme", code) for code in running])
    return city


@dataclass
class Network:
    tunis: object
    aarhus: object
    lyon: object
    beirut: object
    aarhus_practices: list


def build(world) -> Network:
    """Tunis (online radicalisation + youth engagement, ar/fr), Aarhus (both, 3 practices),
    Lyon (one shared challenge, French), Beirut (nothing shared with Tunis)."""
    tunis = profile(
        world.city,
        challenges=("online-radicalisation", "youth-engagement"),
        audiences=("young-adults",),
        population=1_000_000,
        languages=["ar", "fr"],
        region="middle-east-north-africa",
    )
    aarhus = profile(
        world.other_city,
        challenges=("online-radicalisation", "youth-engagement", "education"),
        audiences=("young-adults", "parents-families"),
        running=("youth-engagement",),
        population=350_000,
        languages=["da", "en"],
        country="DK",
        region="europe",
    )
    lyon = profile(
        CityFactory(slug="lyon", name="Lyon", country="FR"),
        challenges=("online-radicalisation",),
        population=520_000,
        languages=["fr"],
        region="europe",
    )
    beirut = profile(
        CityFactory(slug="beirut", name="Beirut", country="LB"),
        challenges=("family-support",),
        population=2_400_000,
        languages=["ar"],
        region="middle-east-north-africa",
    )
    practices = [
        make_practice(
            aarhus,
            title=title,
            themes=("online-radicalisation",),
            visibility=Visibility.PUBLIC if n else Visibility.MEMBERS,
        )
        for n, title in enumerate(("Online safety", "Digital youth work", "Gaming outreach"))
    ]
    return Network(tunis, aarhus, lyon, beirut, practices)
