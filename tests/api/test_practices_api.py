"""/api/v1/practices: search list, detail, create, update, submit — and confidentiality.

"zanzibarine" is a word only the restricted practice of Tunis uses: no caller outside Tunis
and the secretariat may ever see it, in items, counts, facets or snippets.
"""

import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from strongcities.practices import services
from strongcities.practices.models import Practice
from tests.api.factories import ApiTokenFactory
from tests.factories import CityFactory, CityRoleFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

SECRET = "zanzibarine"


@dataclass
class Library:
    public: Practice
    members: Practice
    secret: Practice
    draft: Practice


@pytest.fixture
def library(world, settings, tmp_path) -> Library:
    settings.MEDIA_ROOT = tmp_path
    public = make_practice(
        world.city,
        title="Youth mentoring in schools",
        summary="Mentors meet pupils weekly to build resilience.",
        themes=("youth-engagement",),
        audiences=("adolescents",),
        stakeholders=("education",),
        translations={"fr": {"title": "Tutorat des jeunes", "summary": "Des tuteurs."}},
        levels={"prevention_level": concept("prevention-level", "primary")},
        start_year=2019,
        contact_name="Amira B.",
        contact_role="Coordinator",
        contact_email="amira@tunis.example.org",
    )
    Practice.objects.filter(pk=public.pk).update(external_id="tn-001")
    services.add_attachment(
        public,
        title="Handbook",
        file=SimpleUploadedFile("handbook.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n"),
        user=world.focal_point,
    )
    members = make_practice(
        world.other_city,
        title="Clubs sportifs contre la haine",
        language="fr",
        summary="Le sport rassemble les jeunes.",
        themes=("sport-culture",),
        visibility="members",
    )
    secret = make_practice(
        world.city,
        title=f"The {SECRET} dialogue circles",
        summary=f"Circles where {SECRET} mentors listen to young people.",
        themes=("prisons-probation",),
        visibility="restricted",
    )
    draft = make_practice(world.city, title="Draft plan", status="draft")
    return Library(
        public=Practice.objects.get(pk=public.pk), members=members, secret=secret, draft=draft
    )


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiTokenFactory(user=user).raw}"}


def as_role(world, role: str) -> dict:
    user = world.user(role)
    return {} if user is None else bearer(user)


def items(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


# --- List ----------------------------------------------------------------------------------------

FACET_KEYS = [
    "theme",
    "audience",
    "stakeholder",
    "prevention",
    "evidence",
    "region",
    "city",
    "language",
    "label",
]


def test_list_shape(client, world, library):
    response = client.get("/api/v1/practices")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    item = body["items"][0]
    assert isinstance(item.pop("snippet"), str)
    assert item == {
        "id": library.public.pk,
        "external_id": "tn-001",
        "slug": "youth-mentoring-in-schools",
        "title": "Youth mentoring in schools",
        "language": "en",
        "city": {"slug": "tunis", "name": "Tunis"},
        "partner": None,
        "label": "inspiring",
        "visibility": "public",
        "url": "http://testserver/practices/youth-mentoring-in-schools/",
    }
    assert list(body["facets"]) == FACET_KEYS
    assert facet(body, "theme") == {"youth-engagement": 1}
    assert facet(body, "city") == {"tunis": 1}
    assert body["expansions"] == []


def facet(body: dict, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name] if v["count"]}


def test_list_title_follows_the_language(client, world, library):
    response = client.get("/api/v1/practices?lang=fr", **bearer(world.other_focal_point))
    titles = {item["slug"]: item["title"] for item in response.json()["items"]}
    assert titles == {
        "youth-mentoring-in-schools": "Tutorat des jeunes",
        "clubs-sportifs-contre-la-haine": "Clubs sportifs contre la haine",
    }
    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"youth-mentoring-in-schools"}),
        ("other_focal_point", {"youth-mentoring-in-schools", "clubs-sportifs-contre-la-haine"}),
        (
            "member",
            {
                "youth-mentoring-in-schools",
                "clubs-sportifs-contre-la-haine",
                "the-zanzibarine-dialogue-circles",
            },
        ),
        (
            "secretariat",
            {
                "youth-mentoring-in-schools",
                "clubs-sportifs-contre-la-haine",
                "the-zanzibarine-dialogue-circles",
            },
        ),
    ],
)
def test_list_visibility_per_caller(client, world, library, role, expected):
    response = client.get("/api/v1/practices", **as_role(world, role))
    assert set(items(response)) == expected
    assert response.json()["count"] == len(expected)
    themes = facet(response.json(), "theme")
    assert ("prisons-probation" in themes) == ("the-zanzibarine-dialogue-circles" in expected)


@pytest.mark.parametrize(
    ("role", "sees"),
    [("anonymous", False), ("other_focal_point", False), ("member", True), ("secretariat", True)],
)
def test_the_restricted_word_never_leaks(client, world, library, role, sees):
    for query in (f"?q={SECRET}", f"?q={SECRET}&theme=prisons-probation", "?q=mentors"):
        response = client.get(f"/api/v1/practices{query}", **as_role(world, role))
        assert response.status_code == 200
        assert (SECRET in response.content.decode().lower()) == sees, (role, query)
    body = client.get(f"/api/v1/practices?q={SECRET}", **as_role(world, role)).json()
    if sees:
        assert items_of(body) == ["the-zanzibarine-dialogue-circles"]
        assert body["count"] == 1
        assert "<mark>" in body["items"][0]["snippet"]
        assert facet(body, "theme") == {"prisons-probation": 1}
    else:
        assert (body["count"], body["items"]) == (0, [])
        assert all(facet(body, name) == {} for name in FACET_KEYS)


def items_of(body: dict) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_filters_and_repeated_parameters(client, world, library):
    headers = bearer(world.member)
    url = "/api/v1/practices?theme=sport-culture"
    assert items(client.get(url, **headers)) == ["clubs-sportifs-contre-la-haine"]
    url = "/api/v1/practices?theme=sport-culture&theme=youth-engagement&order=title"
    assert items(client.get(url, **headers)) == [
        "clubs-sportifs-contre-la-haine",
        "youth-mentoring-in-schools",
    ]
    url = "/api/v1/practices?theme=sport-culture&city=tunis"
    assert items(client.get(url, **headers)) == []
    url = "/api/v1/practices?city=aarhus"
    assert items(client.get(url, **headers)) == ["clubs-sportifs-contre-la-haine"]
    url = "/api/v1/practices?label=inspiring&audience=adolescents&prevention=primary"
    assert items(client.get(url, **headers)) == ["youth-mentoring-in-schools"]
    url = "/api/v1/practices?label=peer-reviewed"
    assert items(client.get(url, **headers)) == []


def test_list_pages(client, world, library):
    url = "/api/v1/practices?order=title&page_size=1&page=2"
    body = client.get(url, **bearer(world.secretariat)).json()
    assert (body["count"], body["page"], body["page_size"]) == (3, 2, 1)
    assert items_of(body) == ["the-zanzibarine-dialogue-circles"]
    body = client.get(f"{url[:-1]}9", **bearer(world.secretariat)).json()
    assert (body["count"], body["page"], body["items"]) == (3, 9, [])
    response = client.get("/api/v1/practices?page_size=101")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "page_size", "message": "Ensure this value is less than or equal to 100."}
    ]


def test_list_query_count_does_not_grow(client, world, library, django_assert_num_queries):
    headers = bearer(world.member)
    client.get("/api/v1/practices", **headers)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(items(client.get("/api/v1/practices", **headers))) == 3
    for n in range(4):
        make_practice(world.city, title=f"More practice {n}", themes=("gender",))
    client.get("/api/v1/practices", **headers)  # the index takes in the new practices
    with django_assert_num_queries(LIST_QUERIES):
        assert len(items(client.get("/api/v1/practices", **headers))) == 7


# The token (1), the caller's roles (global, city, partner: 3); the search: the index's change
# log (1) and the texts of the page's hits (1); the practices of the page (1).
LIST_QUERIES = 7


# --- Detail ------------------------------------------------------------------------------------


def test_detail_has_every_field(client, world, library):
    public = library.public
    attachment = public.attachments.get()
    response = client.get(f"/api/v1/practices/{public.pk}", **bearer(world.other_focal_point))
    assert response.status_code == 200
    assert response.json() == {
        "id": public.pk,
        "external_id": "tn-001",
        "slug": "youth-mentoring-in-schools",
        "url": "http://testserver/practices/youth-mentoring-in-schools/",
        "status": "published",
        "label": "inspiring",
        "visibility": "public",
        "language": "en",
        "shown_language": "en",
        "languages": ["en", "fr"],
        "title": "Youth mentoring in schools",
        "summary": "Mentors meet pupils weekly to build resilience.",
        "context": "",
        "approach": "",
        "resources": "",
        "results": "",
        "theory_of_change": "",
        "lessons_learned": "",
        "transferability": "",
        "translations": {
            "en": {
                "title": "Youth mentoring in schools",
                "summary": "Mentors meet pupils weekly to build resilience.",
            },
            "fr": {"title": "Tutorat des jeunes", "summary": "Des tuteurs."},
        },
        "city": {"slug": "tunis", "name": "Tunis"},
        "partner": None,
        "themes": [{"code": "youth-engagement", "label": "Youth engagement"}],
        "audiences": [{"code": "adolescents", "label": "Adolescents"}],
        "stakeholders": [{"code": "education", "label": "Educator"}],
        "prevention_level": {"code": "primary", "label": "Primary prevention"},
        "evidence_level": None,
        "geographic_scope": None,
        "start_year": 2019,
        "still_running": True,
        "contact": {
            "name": "Amira B.",
            "role": "Coordinator",
            "email": "amira@tunis.example.org",
        },
        "shared_with": None,
        "related": [],
        "attachments": [
            {
                "id": attachment.pk,
                "title": "Handbook",
                "filename": "handbook.pdf",
                "kind": "pdf",
                "size": attachment.size,
                "url": (
                    f"http://testserver/practices/youth-mentoring-in-schools/files/{attachment.pk}/"
                ),
            }
        ],
        "version": 1,
        "published_at": DjangoJSONEncoder().default(public.published_at),
        "updated_at": DjangoJSONEncoder().default(public.updated_at),
    }


def test_detail_by_slug_in_another_language(client, world, library):
    response = client.get("/api/v1/practices/youth-mentoring-in-schools?lang=fr")
    assert response.status_code == 200
    body = response.json()
    assert (body["shown_language"], body["title"], body["summary"]) == (
        "fr",
        "Tutorat des jeunes",
        "Des tuteurs.",
    )
    assert body["themes"] == [{"code": "youth-engagement", "label": "Engagement des jeunes"}]
    assert body["contact"] is None  # anonymous: members only


def test_owner_sees_shared_with_and_drafts(client, world, library):
    response = client.get(f"/api/v1/practices/{library.draft.slug}", **bearer(world.member))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["label"], body["shared_with"]) == ("draft", None, [])


def test_related_links_show_only_visible_practices(client, world, library):
    data = services.PracticeInput(
        language="en",
        texts={"en": {"title": "Youth mentoring in schools", "summary": "Mentors."}},
        visibility="public",
        related=[library.secret, library.members],
    )
    services.update_practice(library.public, data, user=world.secretariat)
    url = f"/api/v1/practices/{library.public.pk}"
    assert client.get(url).json()["related"] == []
    related = client.get(url, **bearer(world.member)).json()["related"]
    assert [r["slug"] for r in related] == [library.members.slug, library.secret.slug]
    related = client.get(url, **bearer(world.other_focal_point)).json()["related"]
    assert related == [
        {
            "id": library.members.pk,
            "slug": "clubs-sportifs-contre-la-haine",
            "title": "Clubs sportifs contre la haine",
            "url": "http://testserver/practices/clubs-sportifs-contre-la-haine/",
        }
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", (404, 404, 404)),
        ("member", (200, 200, 200)),
        ("focal_point", (200, 200, 200)),
        ("other_focal_point", (404, 200, 404)),
        ("secretariat", (200, 200, 200)),
    ],
)
def test_detail_visibility_per_caller(client, world, library, role, expected):
    secret, members, draft = expected
    headers = as_role(world, role)
    for practice, status in ((library.secret, secret), (library.members, members)):
        for key in (practice.pk, practice.slug):
            response = client.get(f"/api/v1/practices/{key}", **headers)
            assert response.status_code == status, (role, key)
    assert client.get(f"/api/v1/practices/{library.draft.pk}", **headers).status_code == draft


def test_hidden_detail_is_404_in_our_format(client, world, library):
    for key in (library.secret.pk, library.secret.slug, "no-such-practice", "99999999999999999999"):
        response = client.get(f"/api/v1/practices/{key}", **bearer(world.other_focal_point))
        assert response.status_code == 404
        assert response.json() == {
            "code": "not_found",
            "message": "There is no practice at this address.",
            "errors": [],
        }
        assert SECRET not in response.content.decode()


def test_detail_query_count(client, world, library, django_assert_num_queries):
    headers = bearer(world.member)
    url = f"/api/v1/practices/{library.public.pk}"
    client.get(url, **headers)  # warm caches that are not per request
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url, **headers)
    assert response.status_code == 200


# The token (1), the caller's roles (global, city, partner: 3), the practice (1), its three tag
# lists, attachments, shared_with and related practices (6).
DETAIL_QUERIES = 11


# --- Create --------------------------------------------------------------------------------------


def new_practice(**overrides) -> dict:
    body = {
        "city": "tunis",
        "language": "fr",
        "title": "Médiation de quartier",
        "summary": "Des médiateurs dans les quartiers.",
        "approach": "Permanences hebdomadaires.",
        "themes": ["community-resilience"],
        "audiences": ["young-adults"],
        "stakeholders": ["social-worker"],
        "evidence_level": "described",
        "visibility": "restricted",
        "shared_with": ["aarhus"],
        "start_year": 2021,
        "still_running": False,
        "contact": {"name": "Karim", "role": "Médiateur", "email": "karim@tunis.example.org"},
        "translations": {"en": {"title": "Neighbourhood mediation"}},
    }
    body.update(overrides)
    return body


def post(client, url: str, body, headers: dict):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def put(client, url: str, body, headers: dict):
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def test_focal_point_creates_a_draft(client, world):
    response = post(client, "/api/v1/practices", new_practice(), bearer(world.focal_point))
    assert response.status_code == 201, response.content
    practice = Practice.objects.get()
    body = response.json()
    assert body["id"] == practice.pk
    assert (body["status"], body["slug"], body["language"]) == (
        "draft",
        "mediation-de-quartier",
        "fr",
    )
    assert body["languages"] == ["fr", "en"]
    assert body["translations"]["en"] == {"title": "Neighbourhood mediation"}
    assert body["shared_with"] == [{"slug": "aarhus", "name": "Aarhus"}]
    assert body["evidence_level"] == {"code": "described", "label": "Described"}
    assert (practice.city, practice.created_by, practice.still_running) == (
        world.city,
        world.focal_point,
        False,
    )
    assert practice.contact_email == "karim@tunis.example.org"


def test_secretariat_creates_for_any_member_city(client, world):
    body = new_practice(city="aarhus", visibility="public", shared_with=[])
    response = post(client, "/api/v1/practices", body, bearer(world.secretariat))
    assert response.status_code == 201
    assert Practice.objects.get().city == world.other_city


@pytest.mark.parametrize("city", ["aarhus", "atlantis", "former"])
def test_create_for_a_city_not_ones_own_is_404(client, world, city):
    CityFactory(slug="former", status="former")
    response = post(client, "/api/v1/practices", new_practice(city=city), bearer(world.member))
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "There is no city of yours at this address.",
        "errors": [],
    }
    assert Practice.objects.count() == 0


def test_create_needs_authentication(client, world):
    response = post(client, "/api/v1/practices", new_practice(), {})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_user_without_a_city_gets_404(client, world):
    response = post(client, "/api/v1/practices", new_practice(), bearer(UserFactory()))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"themes": ["primary"]},
            [
                {
                    "field": "themes",
                    "message": '"primary" is a concept of the prevention-level scheme, not of '
                    "the theme scheme.",
                }
            ],
        ),
        (
            {"visibility": "public"},
            [
                {
                    "field": "shared_with",
                    "message": "Only a restricted practice is shared with named cities.",
                }
            ],
        ),
        (
            {"translations": {"xx": {"title": "?"}, "en": {"summary": "No title"}}},
            [
                {
                    "field": "translations.xx",
                    "message": 'Unknown language "xx": use one of en, fr, ar, es, tr.',
                },
                {
                    "field": "translations.en.title",
                    "message": "A translation needs at least a title.",
                },
            ],
        ),
        (
            {"title": "  "},
            [{"field": "title", "message": "A practice needs a title in its original language."}],
        ),
        ({"title": None}, [{"field": "title", "message": "Enter a valid value."}]),
        ({"start_year": "soon"}, [{"field": "start_year", "message": "Enter a whole number."}]),
        (
            {"start_year": 1800},
            [
                {
                    "field": "start_year",
                    "message": "Ensure this value is greater than or equal to 1950.",
                }
            ],
        ),
        ({"colour": "blue"}, [{"field": "colour", "message": "Enter a valid value."}]),
        (
            {"language": "de"},
            [
                {
                    "field": "language",
                    "message": "Select a valid choice. That choice is not one of the available "
                    "choices.",
                }
            ],
        ),
        (
            {"contact": {"email": "nope"}},
            [{"field": "contact.email", "message": "Enter a valid email address."}],
        ),
        # Found by schemathesis: these passed as an empty contact, false and 2019.
        ({"contact": [None, None]}, [{"field": "contact", "message": "Enter a valid value."}]),
        ({"still_running": 0}, [{"field": "still_running", "message": "Enter a valid value."}]),
        ({"start_year": "2019"}, [{"field": "start_year", "message": "Enter a whole number."}]),
    ],
)
def test_create_validation_errors_name_the_field(client, world, overrides, errors):
    response = post(
        client, "/api/v1/practices", new_practice(**overrides), bearer(world.focal_point)
    )
    assert response.status_code == 422, response.content
    assert response.json() == {
        "code": "validation_error",
        "message": "The request is not valid: see the errors of each field.",
        "errors": errors,
    }
    assert Practice.objects.count() == 0


def test_missing_fields_are_named(client, world):
    response = post(client, "/api/v1/practices", {"city": "tunis"}, bearer(world.focal_point))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["language", "title", "summary"]


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.focal_point)
    response = post(client, "/api/v1/practices", new_practice(), {})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


# --- Update and submit ------------------------------------------------------------------------


def test_team_member_updates_a_draft(client, world, library):
    body = new_practice(title="Draft plan, revised", language="en", translations={})
    del body["city"]
    response = put(client, f"/api/v1/practices/{library.draft.pk}", body, bearer(world.member))
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["version"]) == ("Draft plan, revised", 0)
    draft = Practice.objects.get(pk=library.draft.pk)
    assert draft.text("title", "en") == "Draft plan, revised"
    assert draft.slug == "draft-plan"


def test_update_of_a_published_practice_keeps_a_version(client, world, library):
    body = new_practice(title="Youth mentoring, second edition", language="en", translations={})
    del body["city"]
    url = f"/api/v1/practices/{library.public.slug}"
    response = put(client, url, body, bearer(world.focal_point))
    assert response.status_code == 200
    practice = Practice.objects.get(pk=library.public.pk)
    assert (practice.version, practice.status) == (2, "published")
    assert practice.versions.get(number=2).author == world.focal_point


@pytest.mark.parametrize("role", ["anonymous", "other_focal_point"])
def test_update_by_others_is_404(client, world, library, role):
    body = new_practice(language="en", translations={})
    del body["city"]
    for practice in (library.public, library.secret, library.draft):
        response = put(client, f"/api/v1/practices/{practice.pk}", body, as_role(world, role))
        expected = 401 if role == "anonymous" else 404
        assert response.status_code == expected
    assert Practice.objects.get(pk=library.public.pk).version == 1


def test_update_validation_error(client, world, library):
    body = new_practice(themes=["no-such-theme"], translations={})
    del body["city"]
    response = put(client, f"/api/v1/practices/{library.draft.pk}", body, bearer(world.member))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "themes", "message": 'Unknown concept code "no-such-theme" (scheme theme).'}
    ]


def test_city_field_is_not_part_of_an_update(client, world, library):
    response = put(
        client, f"/api/v1/practices/{library.draft.pk}", new_practice(), bearer(world.member)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "city", "message": "Enter a valid value."}]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("member", 404),
        ("focal_point", 200),
        ("other_focal_point", 404),
        ("secretariat", 200),
    ],
)
def test_submit_permissions(client, world, library, role, status):
    url = f"/api/v1/practices/{library.draft.pk}/submit"
    response = client.post(url, **as_role(world, role))
    assert response.status_code == status
    expected = "submitted" if status == 200 else "draft"
    assert Practice.objects.get(pk=library.draft.pk).status == expected
    if status == 200:
        assert response.json()["status"] == "submitted"


def test_submit_twice_is_404(client, world, library):
    url = f"/api/v1/practices/{library.draft.pk}/submit"
    assert client.post(url, **bearer(world.focal_point)).status_code == 200
    assert client.post(url, **bearer(world.focal_point)).status_code == 404


def test_member_of_a_second_city_can_create_there(client, world):
    lyon = CityFactory(slug="lyon")
    CityRoleFactory(user=world.member, city=lyon, role="member")
    body = new_practice(city="lyon", visibility="members", shared_with=[])
    response = post(client, "/api/v1/practices", body, bearer(world.member))
    assert response.status_code == 201
    assert Practice.objects.get().city == lyon


# --- OpenAPI -------------------------------------------------------------------------------------


def test_write_operations_are_described(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, method, expected in [
        ("/api/v1/practices", "post", {"201", "400", "401", "403", "404", "422", "429"}),
        ("/api/v1/practices/{key}", "put", {"200", "400", "401", "403", "404", "422", "429"}),
        ("/api/v1/practices/{key}/submit", "post", {"200", "401", "403", "404", "422", "429"}),
    ]:
        operation = schema["paths"][path][method]
        assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
        assert set(operation["responses"]) == expected
        assert operation["summary"]
        assert len(operation["description"]) > 10
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/practices"]["get"]["parameters"]}
    assert parameters["theme"]["schema"]["type"] == "array"
    assert parameters["order"]["schema"]["enum"] == ["relevance", "recent", "title"]
