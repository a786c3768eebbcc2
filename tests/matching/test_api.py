"""GET /api/v1/cities/{slug}/recommendations: for network members, practices as the caller may
see them, reasons in the caller's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from strongcities.members.models import City
from tests.api.factories import ApiTokenFactory
from tests.factories import CityFactory
from tests.matching.recommendation_world import build, more_of_everything, partner_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/cities/tunis/recommendations"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiTokenFactory(user=user).raw}"}


@pytest.fixture
def matched(world):
    return build(world)


def get(client, user, url: str = URL, **extra):
    return client.get(url, **bearer(user), **extra)


def test_member_gets_the_ranked_peers_and_practices(client, matched):
    response = get(client, matched.world.member)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert response.json() == {
        "city": {"slug": "tunis", "name": "Tunis"},
        "peers": [
            {
                "city": {"slug": "beirut", "name": "Beirut"},
                "score": 50.0,
                "rank": 1,
                "reasons": [
                    "also works on online radicalisation",
                    "published 1 practice on these themes",
                    "similar size",
                    "also in Middle East & North Africa",
                    "speaks Arabic and French",
                ],
            },
            {
                "city": {"slug": "aarhus", "name": "Aarhus"},
                "score": 20.0,
                "rank": 2,
                "reasons": ["also works on youth engagement"],
            },
        ],
        "practices": [
            {
                "practice": {
                    "slug": matched.shared.slug,
                    "title": "Youth mentoring in Beirut",
                    "url": f"http://testserver/practices/{matched.shared.slug}/",
                },
                "score": 55.0,
                "rank": 1,
                "reasons": [
                    "addresses the city's challenges: youth engagement",
                    "from a similar city: Beirut",
                ],
            },
            {
                "practice": {
                    "slug": matched.public.slug,
                    "title": "Online counter-narratives",
                    "url": f"http://testserver/practices/{matched.public.slug}/",
                },
                "score": 55.0,
                "rank": 2,
                "reasons": [
                    "addresses the city's challenges: online radicalisation",
                    "from a similar city: Beirut",
                ],
            },
        ],
    }


def practice_slugs(response) -> list[str]:
    return [item["practice"]["slug"] for item in response.json()["practices"]]


def test_restricted_practice_shared_with_the_city_is_for_its_team_only(client, matched):
    world = matched.world
    for user in (world.member, world.focal_point, world.secretariat):
        assert practice_slugs(get(client, user)) == [matched.shared.slug, matched.public.slug]
    other = get(client, world.other_focal_point)
    assert other.status_code == 200
    # Ranked among what the caller sees: no gap betrays the hidden practice.
    assert [(item["practice"]["slug"], item["rank"]) for item in other.json()["practices"]] == [
        (matched.public.slug, 1)
    ]


def test_reasons_in_the_requested_language(client, matched):
    response = get(client, matched.world.member, f"{URL}?lang=fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    with translation.override("fr"):
        expected = gettext("also works on %(concepts)s") % {"concepts": "radicalisation en ligne"}
    assert response.json()["peers"][0]["reasons"][0] == expected


def test_anonymous_is_401(client, matched):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_partner_people_get_404(client, matched):
    response = get(client, partner_user())
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "There is no member city at this address.",
        "errors": [],
    }


@pytest.mark.parametrize("slug", ["nowhere", "former"])
def test_unknown_or_former_city_is_404(client, matched, slug):
    CityFactory(slug="former", status=City.Status.FORMER)
    response = get(client, matched.world.member, f"/api/v1/cities/{slug}/recommendations")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_session_caller_is_accepted(client, matched):
    client.force_login(matched.world.other_focal_point)
    response = client.get(URL)
    assert response.status_code == 200
    assert [peer["city"]["slug"] for peer in response.json()["peers"]] == ["beirut", "aarhus"]


def test_query_count_is_fixed(client, matched, django_assert_num_queries):
    headers = bearer(matched.world.member)
    client.get(URL, **headers)  # the token's first use is recorded once
    # token with its user; city; global roles, city roles; peers, their reasons' labels;
    # practices matched, partner organisations, the visible practices, their reasons' labels
    with django_assert_num_queries(10):
        client.get(URL, **headers)
    more_of_everything(matched.world)
    with django_assert_num_queries(10):
        response = client.get(URL, **headers)
    assert len(response.json()["peers"]) == 6
    assert len(response.json()["practices"]) == 6
