"""A small network whose recommendations are known, for the pages and API tests of matching.

Tunis works on online radicalisation and youth engagement (Arabic, French; 1M–5M; MENA).
Beirut works on online radicalisation (same band and region, speaks Arabic and French) and has a
public practice on it, plus a restricted one on youth engagement shared with Tunis only.
Aarhus works on youth engagement (Danish, English; 100k–500k; Europe).
"""

from dataclasses import dataclass

from strongcities.accounts.models import PartnerRole
from strongcities.core.visibility import Visibility
from strongcities.matching.services import recompute_all
from tests.factories import CityFactory, PartnerFactory, UserFactory, concept
from tests.practices.factories import make_practice


@dataclass
class Matched:
    world: object
    beirut: object
    public: object  # Beirut's public practice on online radicalisation
    shared: object  # Beirut's restricted practice on youth engagement, shared with Tunis


def theme(code: str):
    return concept("theme", code)


def build(world) -> Matched:
    tunis = world.city
    tunis.population = 1_056_247
    tunis.languages = ["ar", "fr"]
    tunis.save()
    tunis.challenges.set([theme("online-radicalisation"), theme("youth-engagement")])
    tunis.priority_audiences.set([concept("audience", "young-adults")])
    aarhus = world.other_city
    aarhus.population = 350_000
    aarhus.languages = ["da", "en"]
    aarhus.region = concept("region", "europe")
    aarhus.save()
    aarhus.challenges.set([theme("youth-engagement")])
    beirut = CityFactory(
        slug="beirut", name="Beirut", population=2_400_000, languages=["ar", "fr", "en"]
    )
    beirut.challenges.set([theme("online-radicalisation")])
    public = make_practice(
        beirut, title="Online counter-narratives", themes=("online-radicalisation",)
    )
    shared = make_practice(
        beirut,
        title="Youth mentoring in Beirut",
        themes=("youth-engagement",),
        visibility=Visibility.RESTRICTED,
        shared_with=[tunis],
    )
    # Never a candidate for Tunis: restricted and not shared with it.
    make_practice(
        aarhus, title="Aarhus exit talks", themes=("youth-engagement",), visibility="restricted"
    )
    recompute_all()
    return Matched(world=world, beirut=beirut, public=public, shared=shared)


def more_of_everything(world, count: int = 4) -> None:
    """Cities and practices that join Tunis's recommendations (for query-count tests)."""
    for number in range(count):
        city = CityFactory(slug=f"peer-{number}", name=f"Peer {number}")
        city.challenges.set([theme("youth-engagement")])
        city.priority_audiences.set([concept("audience", "young-adults")])
        make_practice(city, title=f"Practice {number}", themes=("youth-engagement",))
    recompute_all()


def partner_user():
    """Someone of a partner organisation: signed in, never a network member."""
    person = UserFactory(email="partner@example.org")
    PartnerRole.objects.create(user=person, partner=PartnerFactory())
    return person
