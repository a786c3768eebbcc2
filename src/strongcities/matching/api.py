"""API: a member city's recommendations — peer cities and practices, each with its score and
its reasons in the caller's language (docs/matching.md).

For members of the network only, as on the site: anyone else signed in is answered 404, an
anonymous caller 401. Each practice is one the caller may open (`Practice.objects.listed_for`),
so a restricted practice shared with a city is listed for that city's team and no one else.
"""

import rules
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.params import P, PathEx

from strongcities.api.auth import AUTHENTICATED
from strongcities.api.errors import ApiError
from strongcities.api.language import LanguageQuery
from strongcities.matching import services
from strongcities.members.models import City

router = Router(tags=["Matching"])

CitySlug = PathEx[
    str,
    P(
        max_length=80,
        description="The city's slug, as in its address on the site.",
        example="tunis",
    ),
]


class MatchedCity(Schema):
    slug: str
    name: str = Field(description="In the response's language.")


class MatchedPractice(Schema):
    slug: str
    title: str = Field(description="In the response's language when translated, else the original.")
    url: str = Field(description="The practice's page on the site.")


class PeerOut(Schema):
    city: MatchedCity
    score: float = Field(description="0 to 100, rounded to one decimal.")
    rank: int = Field(description="1 for the city most like this one.")
    reasons: list[str] = Field(description="Why, one sentence each, in the response's language.")


class PracticeMatchOut(Schema):
    practice: MatchedPractice
    score: float = Field(description="0 to 100, rounded to one decimal.")
    rank: int = Field(
        description="1 for the practice that fits the city's challenges best, among those the "
        "caller may open."
    )
    reasons: list[str] = Field(description="Why, one sentence each, in the response's language.")


class RecommendationsOut(Schema):
    city: MatchedCity
    peers: list[PeerOut] = Field(description="The member cities most like this one, best first.")
    practices: list[PracticeMatchOut] = Field(
        description="The practices for the city's challenges that the caller may open, best first."
    )


def _city(city: City) -> dict:
    return {"slug": city.slug, "name": str(city.name)}


@router.get(
    "/cities/{slug}/recommendations",
    response=RecommendationsOut,
    auth=AUTHENTICATED,
    url_name="city_recommendations",
    operation_id="getCityRecommendations",
    summary="Get a city's recommended peers and practices",
)
def city_recommendations(
    request: HttpRequest, slug: CitySlug, params: Query[LanguageQuery]
) -> dict:
    """The member cities most like this one and the practices that fit its challenges, ranked,
    each with its score and its reasons. For members of the network; the practices are those
    the caller may open."""
    user = request.auth
    city = City.objects.members().filter(slug=slug).first()
    if city is None or not rules.has_perm("matching.view_recommendations", user):
        raise ApiError(404, message=gettext("There is no member city at this address."))
    return {
        "city": _city(city),
        "peers": [
            {"city": _city(p.city), "score": p.score, "rank": p.rank, "reasons": p.reasons}
            for p in services.peers_for(city)
        ],
        "practices": [
            {
                "practice": {
                    "slug": m.practice.slug,
                    "title": m.practice.display_title,
                    "url": request.build_absolute_uri(m.practice.get_absolute_url()),
                },
                "score": m.score,
                # The position among what the caller sees: a gap would betray a hidden practice.
                "rank": position,
                "reasons": m.reasons,
            }
            for position, m in enumerate(services.practices_for(city, user), start=1)
        ],
    }
