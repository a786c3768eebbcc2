"""The organisers' registration pages: the list (filters, search, counts, positions, query
count), decisions (approve, reject, move, cancel), the CSV export, a message to a category and
invitations."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from strongcities.core.audit.models import AuditEntry
from strongcities.events.models import Event, Invitation, Registration
from strongcities.events.services import registration as services
from tests.events.factories import CategoryFactory, EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(event, category, name=None, email=None, by=None):
    user = UserFactory(
        **({"full_name": name} if name else {}), **({"email": email} if email else {})
    )
    return services.register(event, category, services.person_for(user), by=by or user)


@pytest.fixture
def event(world):
    return EventFactory(slug="summit", title="Antalya summit", host_city=world.city)


@pytest.fixture
def mayors(event):
    return CategoryFactory(event=event, code="mayors", name="Mayors", capacity=2, position=0)


@pytest.fixture
def practitioners(event):
    return CategoryFactory(
        event=event, code="practitioners", name="Practitioners", capacity=1, position=1
    )


@pytest.fixture
def office(client, world):
    client.force_login(world.secretariat)
    return client


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the list --------------------------------------------------------------------------------


def test_list_counts_per_category_and_waiting_positions(office, event, mayors, practitioners):
    register(event, mayors, "Mayor One")
    register(event, practitioners, "Practitioner One")
    register(event, practitioners, "Practitioner Two")
    register(event, practitioners, "Practitioner Three")
    response = office.get(url("registrations", event))
    assert response.status_code == 200
    assert [
        (line.category.code, line.capacity, line.held, line.free, line.waiting)
        for line in response.context["seat_lines"]
    ] == [("mayors", 2, 1, 1, 0), ("practitioners", 1, 1, 0, 2)]
    assert [(r.name, r.status, r.position) for r in response.context["rows"]] == [
        ("Mayor One", "confirmed", None),
        ("Practitioner One", "confirmed", None),
        ("Practitioner Two", "waitlisted", 1),
        ("Practitioner Three", "waitlisted", 2),
    ]


def test_list_filters_by_category_status_and_words(office, event, mayors, practitioners):
    register(event, mayors, "Leila Mansour", "leila@example.org")
    register(event, practitioners, "Jonas Berg", "jonas@aarhus.example.org")
    register(event, practitioners, "Sara Lind", "sara@example.org")

    def names(query):
        return [r.name for r in office.get(url("registrations", event) + query).context["rows"]]

    assert names(f"?category={practitioners.pk}") == ["Jonas Berg", "Sara Lind"]
    assert names("?status=waitlisted") == ["Sara Lind"]
    assert names("?q=AARHUS") == ["Jonas Berg"]
    assert names("?q=leila") == ["Leila Mansour"]
    assert names(f"?category={mayors.pk}&status=waitlisted") == []
    assert names("?category=nonsense&status=nonsense") == [
        "Leila Mansour",
        "Jonas Berg",
        "Sara Lind",
    ]


def test_list_is_paginated(office, event, mayors):
    mayors.capacity = 60
    mayors.save()
    for _ in range(51):
        register(event, mayors)
    response = office.get(url("registrations", event) + "?page=2")
    assert (response.context["page"].number, len(response.context["rows"])) == (2, 1)


def test_list_query_count_does_not_grow_with_registrations(
    office, event, mayors, practitioners, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            register(event, mayors)
            register(event, practitioners)

    fill(2)
    office.get(url("registrations", event))
    with django_assert_num_queries(11) as first:
        office.get(url("registrations", event))
    mayors.capacity = 20
    mayors.save()
    fill(10)  # more confirmed mayors, more waiting practitioners
    with django_assert_num_queries(len(first.captured_queries)):
        response = office.get(url("registrations", event))
    assert len(response.context["rows"]) == 24


# --- decisions -------------------------------------------------------------------------------


def test_approve_and_reject_with_a_message(office, world, event, mayors):
    event.mode = Event.Mode.APPROVAL
    event.save()
    first = register(event, mayors, "First")
    second = register(event, mayors, "Second")
    assert (first.status, second.status) == ("pending", "pending")
    response = office.post(
        url("manage_registration", event, first.pk),
        {"action": "approve", "note": "Welcome to Antalya."},
        follow=True,
    )
    assert texts(response) == ["First: Confirmed."]
    first.refresh_from_db()
    assert (first.status, first.decision_note, first.decided_by) == (
        "confirmed",
        "Welcome to Antalya.",
        world.secretariat,
    )
    response = office.post(
        url("manage_registration", event, second.pk),
        {"action": "reject", "note": "Mayors only."},
        follow=True,
    )
    assert texts(response) == ["Second was not accepted; they are told so."]
    second.refresh_from_db()
    assert (second.status, second.decision_note) == ("rejected", "Mayors only.")


def test_approve_from_the_list_keeps_the_filters(office, event, mayors):
    event.mode = Event.Mode.APPROVAL
    event.save()
    reg = register(event, mayors)
    response = office.post(
        url("manage_registration", event, reg.pk),
        {"action": "approve", "back": "?status=pending"},
    )
    assert response["Location"] == url("registrations", event) + "?status=pending"


def test_a_refused_decision_is_shown_on_the_page(office, event, mayors):
    reg = register(event, mayors)
    response = office.post(url("manage_registration", event, reg.pk), {"action": "approve"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This registration is confirmed: that step is not possible now."
    ]


def test_move_to_another_category_frees_the_seat(office, event, mayors, practitioners):
    reg = register(event, practitioners, "Moved")
    waiting = register(event, practitioners, "Waiting")
    response = office.post(
        url("manage_registration", event, reg.pk),
        {"action": "move", "category": mayors.pk},
        follow=True,
    )
    assert texts(response) == ["Moved is now in Mayors: Confirmed."]
    reg.refresh_from_db()
    waiting.refresh_from_db()
    assert (reg.category, reg.status, waiting.status) == (mayors, "confirmed", "offered")


def test_move_needs_a_category(office, event, mayors, practitioners):
    reg = register(event, practitioners)
    response = office.post(url("manage_registration", event, reg.pk), {"action": "move"})
    assert response.context["form"].errors == {
        "category": ["Choose the category to move the person to."]
    }


def test_organisers_cancel_with_a_reason(office, event, mayors):
    reg = register(event, mayors, "Gone")
    office.post(
        url("manage_registration", event, reg.pk), {"action": "cancel", "note": "Duplicate."}
    )
    reg.refresh_from_db()
    assert (reg.status, reg.decision_note) == ("cancelled", "Duplicate.")


def test_a_registration_of_another_event_is_404(office, event, mayors):
    other = CategoryFactory()
    reg = register(other.event, other)
    assert office.get(url("manage_registration", event, reg.pk)).status_code == 404


def test_the_delegated_host_focal_point_organises(client, world, event, mayors):
    client.force_login(world.focal_point)
    assert client.get(url("registrations", event)).status_code == 404
    event.delegated_to_host = True
    event.save()
    assert client.get(url("registrations", event)).status_code == 200
    client.force_login(world.other_focal_point)
    assert client.get(url("registrations", event)).status_code == 404


# --- CSV -------------------------------------------------------------------------------------


def test_csv_export_is_streamed_protected_and_audited(office, world, event, mayors, practitioners):
    register(event, mayors, '=HYPERLINK("http://evil")', "evil@example.org")
    register(event, practitioners, "Jonas Berg", "jonas@example.org")
    register(event, practitioners, "Sara Lind", "sara@example.org")
    response = office.get(url("registrations_csv", event))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="summit-registrations-')
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Name", "Email", "Category", "Status", "Waiting list position"]
    assert [row[:5] for row in rows[1:]] == [
        ['\'=HYPERLINK("http://evil")', "evil@example.org", "Mayors", "confirmed", ""],
        ["Jonas Berg", "jonas@example.org", "Practitioners", "confirmed", ""],
        ["Sara Lind", "sara@example.org", "Practitioners", "waitlisted", "1"],
    ]
    entry = AuditEntry.objects.get(action="events.registrations_exported")
    assert (entry.actor, entry.target_id, entry.data) == (
        world.secretariat,
        str(event.pk),
        {"rows": 3, "filters": {}},
    )


def test_csv_export_applies_the_filters(office, event, mayors, practitioners):
    register(event, mayors, "Leila")
    register(event, practitioners, "Jonas")
    response = office.get(url("registrations_csv", event) + f"?category={practitioners.pk}")
    content = b"".join(response.streaming_content).decode()
    assert [row[0] for row in csv.reader(io.StringIO(content.lstrip("\ufeff")))][1:] == ["Jonas"]
    entry = AuditEntry.objects.get(action="events.registrations_exported")
    assert entry.data == {"rows": 1, "filters": {"category": practitioners.pk}}


# --- email a category ------------------------------------------------------------------------


def test_email_a_category_after_commit(
    office, event, mayors, practitioners, django_capture_on_commit_callbacks
):
    register(event, practitioners, email="jonas@example.org")
    register(event, practitioners, email="sara@example.org")  # waiting
    register(event, mayors, email="leila@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            url("email_category", event),
            {
                "category": practitioners.pk,
                "statuses": ["confirmed", "waitlisted"],
                "subject": "Practical information",
                "body": "The venue opens at 8:00.",
            },
            follow=True,
        )
    assert texts(response) == ["The message is being sent to 2 people."]
    assert sorted(m.to[0] for m in mail.outbox) == ["jonas@example.org", "sara@example.org"]
    assert {m.subject for m in mail.outbox} == {"[Strong Cities Hub] Practical information"}


def test_email_needs_a_subject_and_a_body(office, event, mayors):
    response = office.post(url("email_category", event), {"category": mayors.pk})
    assert sorted(response.context["form"].errors) == ["body", "statuses", "subject"]


# --- invitations -----------------------------------------------------------------------------


def test_named_invitations_and_codes(office, event, mayors, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            url("invitations", event),
            {
                "action": "named",
                "named-category": mayors.pk,
                "named-emails": "mayor@tunis.example.org, mayor@aarhus.example.org\n",
            },
            follow=True,
        )
    assert texts(response) == ["2 invitations were sent."]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "mayor@aarhus.example.org",
        "mayor@tunis.example.org",
    ]
    response = office.post(
        url("invitations", event),
        {"action": "code", "code-category": mayors.pk, "code-uses": "25", "code-note": "Press"},
        follow=True,
    )
    code = Invitation.objects.get(event=event, email="")
    assert texts(response) == [f"The code {code.code} was created."]
    assert (code.max_uses, code.uses, code.note) == (25, 0, "Press")
    page = response.content.decode()
    assert "0 of 25" in page
    assert f"/events/summit/register/?code={code.code}" in page

    response = office.post(url("revoke_invitation", event, code.pk), follow=True)
    assert texts(response) == [f"The invitation {code.code} is revoked."]
    code.refresh_from_db()
    assert code.revoked is True


def test_invitation_forms_show_their_errors(office, event, mayors):
    response = office.post(
        url("invitations", event),
        {"action": "named", "named-category": mayors.pk, "named-emails": "not-an-email, a@b.org"},
    )
    assert response.context["named"].errors == {
        "emails": ["These are not email addresses: not-an-email"]
    }
    response = office.post(
        url("invitations", event), {"action": "code", "code-category": mayors.pk, "code-uses": "0"}
    )
    assert list(response.context["code"].errors) == ["uses"]
    assert Invitation.objects.count() == 0


def test_revoking_an_invitation_of_another_event_is_404(office, event):
    other = CategoryFactory()
    invitation = Invitation.objects.create(event=other.event, category=other)
    assert office.post(url("revoke_invitation", event, invitation.pk)).status_code == 404


def test_registration_statuses_are_not_changed_by_the_list(office, event, mayors):
    reg = register(event, mayors)
    office.get(url("registrations", event))
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"
