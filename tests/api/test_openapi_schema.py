"""Schemathesis against our own OpenAPI description.

The description is fetched from /api/v1/openapi.json through the WSGI application (no server),
then every operation is called with generated requests, valid and invalid, as an anonymous
caller and as a network member (the focal point of Tunis) with a Bearer token. Every check of
schemathesis must pass: no 5xx, only documented status codes, bodies and headers that match
the documented schemas, the documented content types, 405 for undocumented methods, invalid
requests refused and valid ones accepted.

One allowance, for the two operations that write a practice and for registering for an event:
a body that matches the schema may still be refused with the documented 422 when it breaks a
rule the schema cannot state (a concept code that is not in its scheme, a city slug that is not
a member, a translation in the original language, shared_with outside a restricted practice, an
invalid email address; a category code the event does not have, an invitation code that is not
usable), or with the documented 409 when the state refuses it (registered already: the first
valid registration of the run takes a seat, the next ones are duplicates). The same goes for the
exchanges' writes (a proposal's dates in the past, an unknown practice slug; a step the
exchange's state does not allow; a 403 for a step the caller may not take).

The documented examples (the city "tunis", the partner "unhcr", the practice
"youth-mentoring-in-schools", the event "mombasa-workshop" and its category "practitioners")
exist in the data below, so detail answers and a successful registration are checked too.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from strongcities.practices import services
from tests.api.factories import ApiTokenFactory
from tests.events.factories import CategoryFactory, EventFactory, SessionFactory, SpeakerFactory
from tests.factories import PartnerFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                # A query string carries no types: "city=116623" is a valid list of one city
                # slug, yet schemathesis sends it as a "negative" integer and expects a
                # refusal. Reads take their filters from the query string only.
                "include-method": ["GET"],
                "checks": {"negative_data_rejection": {"enabled": False}},
            },
            {
                "include-operation-id": [
                    "createPractice",
                    "updatePractice",
                    "registerForEvent",
                    "proposeExchange",
                    "acceptExchange",
                    "declineExchange",
                    "submitExchangeReport",
                ],
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
                    }
                },
            },
        ]
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)

FAST_AND_REPEATABLE = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, not Django's test client: like the
    client, keep Django from closing the database connection at each request's start and end
    (on PostgreSQL that closed the connection holding the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None}


@pytest.fixture(autouse=True)
def _network(world):
    """Tunis and Aarhus (the world), two partners, practices of Tunis: a public one with a
    PDF, a members-only one of Aarhus and a draft; and a published public event hosted by
    Tunis with seats, a session and a pseudonymous speaker."""
    public = make_practice(
        world.city,
        title="Youth mentoring in schools",
        summary="Mentors meet pupils weekly.",
        themes=("youth-engagement",),
        translations={"fr": {"title": "Tutorat des jeunes", "summary": "Des tuteurs."}},
    )
    services.add_attachment(
        public,
        title="Handbook",
        file=SimpleUploadedFile("handbook.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n"),
        user=world.focal_point,
    )
    make_practice(world.other_city, title="Sport clubs", visibility="members")
    make_practice(world.city, title="Draft plan", status="draft")
    PartnerFactory(slug="unhcr", name="UN Refugee Agency", kind="international-organisation")
    PartnerFactory(slug="denmark", name="Government of Denmark", country="")
    event = EventFactory(slug="mombasa-workshop", host_city=world.city, venue="Fort Jesus")
    CategoryFactory(event=event, code="practitioners", name="Practitioners", capacity=50)
    speaker = SpeakerFactory(event=event, public_name="Amina", real_name="A. B.", pseudonymous=True)
    SessionFactory(event=event, kind="panel", capacity=20).speakers.add(speaker)


@pytest.fixture
def member_token(world) -> dict:
    return {"Authorization": f"Bearer {ApiTokenFactory(user=world.focal_point).raw}"}


@schema.parametrize()
@FAST_AND_REPEATABLE
def test_anonymous_caller(case):
    case.call_and_validate()


@schema.parametrize()
@FAST_AND_REPEATABLE
def test_network_member_with_a_token(case, member_token):
    case.call_and_validate(headers=member_token)
