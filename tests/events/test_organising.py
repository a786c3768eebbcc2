"""Organising an event: the services of events/services/organising.py and the organisers'
pages (events/views/organising.py), with who may use them and what bad input gives."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.core.visibility import Visibility
from strongcities.events.models import Category, Event, Material, Outcome, Registration, Speaker
from strongcities.events.services import organising as services
from strongcities.events.services import registration as registering
from strongcities.events.services.errors import EventError
from tests.events.factories import (
    CategoryFactory,
    EventFactory,
    MaterialFactory,
    OutcomeFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.factories import concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

START = datetime(2030, 5, 11, 6, 0, tzinfo=UTC)  # 09:00 in Istanbul


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("face.png", png_bytes(), content_type="image/png")


def event_input(**changes) -> services.EventInput:
    values = {
        "kind": concept("event-type", "global-summit"),
        "language": "en",
        "texts": {"en": {"title": "Global Summit", "summary": "The network meets."}},
        "start": START,
        "end": START + timedelta(days=1, hours=9),
        "time_zone": "Europe/Istanbul",
        "venue": "Congress centre",
        "online_url": "https://meet.example.org/summit",
    }
    values.update(changes)
    return services.EventInput(**values)


def person(name: str, user=None) -> registering.Person:
    email = user.email if user else f"{name.lower().replace(' ', '.')}@example.org"
    return registering.Person(name=name, email=email, user=user)


@pytest.fixture
def delegated(world) -> Event:
    """A published event hosted by Tunis and delegated to it."""
    return EventFactory(
        host_city=world.city, delegated_to_host=True, title="Tunis workshop", slug="tunis-ws"
    )


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- events -----------------------------------------------------------------------------------


def test_create_event_stores_texts_per_language_and_audits(world):
    data = event_input(
        texts={
            "en": {"title": "Global Summit", "summary": "The network meets."},
            "fr": {"title": "Sommet mondial", "summary": ""},
        },
        visibility=Visibility.RESTRICTED,
        shared_with=[world.other_city],
        host_city=world.city,
    )
    event = services.create_event(data, by=world.secretariat)
    event.refresh_from_db()
    assert (event.slug, event.status, event.title_en, event.title_fr) == (
        "global-summit",
        Event.Status.DRAFT,
        "Global Summit",
        "Sommet mondial",
    )
    assert (event.start, event.time_zone, event.created_by) == (
        START,
        "Europe/Istanbul",
        world.secretariat,
    )
    assert list(event.shared_with.all()) == [world.other_city]
    assert actions() == ["events.event_created"]
    assert services.create_event(data, by=world.secretariat).slug == "global-summit-2"


def test_only_the_secretariat_creates_events(world):
    with pytest.raises(EventError):
        services.create_event(event_input(), by=world.focal_point)
    assert Event.objects.count() == 0


def test_reserved_addresses_are_not_slugs(world):
    data = event_input(texts={"en": {"title": "New"}})
    assert services.create_event(data, by=world.secretariat).slug == "new-event"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": START}, "end"),
        ({"end": START - timedelta(hours=1)}, "end"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"texts": {"en": {"title": " "}}}, "title"),
        ({"online_url": "", "host_city": None}, "host_city"),
        ({"delegated_to_host": True}, "delegated_to_host"),
        ({"shared_with": ["x"], "visibility": Visibility.MEMBERS}, "shared_with"),
        ({"registration_closes": START + timedelta(days=3)}, "registration_closes"),
        (
            {"registration_opens": START, "registration_closes": START - timedelta(days=1)},
            "registration_closes",
        ),
        ({"offer_hours": 1000}, "offer_hours"),
    ],
)
def test_create_event_refuses_bad_input(world, changes, field):
    with pytest.raises(EventError) as refused:
        services.create_event(event_input(**changes), by=world.secretariat)
    assert refused.value.field == field


def test_delegated_host_edits_but_never_moves_the_host_or_delegation(world, delegated):
    data = event_input(host_city=world.city, delegated_to_host=True, visibility="members")
    event = services.update_event(delegated, data, by=world.focal_point)
    assert (event.visibility, event.host_city, event.delegated_to_host) == (
        "members",
        world.city,
        True,
    )
    assert actions() == ["events.event_updated", "events.visibility_changed"]
    for changes in ({"host_city": world.other_city}, {"delegated_to_host": False}):
        data = event_input(**{"host_city": world.city, "delegated_to_host": True, **changes})
        with pytest.raises(EventError):
            services.update_event(delegated, data, by=world.focal_point)
    data = event_input(host_city=world.other_city, delegated_to_host=False)
    event = services.update_event(delegated, data, by=world.secretariat)
    assert (event.host_city, event.delegated_to_host) == (world.other_city, False)
    assert actions()[-1] == "events.delegation_changed"


def test_rescheduling_tells_the_registrants(world, delegated):
    category = CategoryFactory(event=delegated)
    registering.register(delegated, category, person("Amal", world.member), by=world.member)
    Notification.objects.all().delete()
    data = event_input(host_city=world.city, delegated_to_host=True)
    services.update_event(delegated, data, by=world.secretariat)
    assert list(Notification.objects.values_list("recipient__email", "kind")) == [
        ("member@tunis.example.org", "events.event_rescheduled")
    ]


def test_a_cancelled_event_is_not_edited(world):
    event = EventFactory(status=Event.Status.CANCELLED, online_url="https://x.example.org")
    with pytest.raises(EventError):
        services.update_event(event, event_input(), by=world.secretariat)


def test_publish_needs_a_category_and_a_draft(world):
    event = EventFactory(status=Event.Status.DRAFT)
    with pytest.raises(EventError):
        services.publish(event, by=world.secretariat)
    CategoryFactory(event=event)
    assert services.publish(event, by=world.secretariat).status == Event.Status.PUBLISHED
    with pytest.raises(EventError):
        services.publish(event, by=world.secretariat)
    assert actions() == ["events.event_published"]


def test_cancel_event_tells_active_registrants_and_keeps_registrations(
    world, delegated, django_capture_on_commit_callbacks
):
    category = CategoryFactory(event=delegated, capacity=1)
    mine = registering.register(delegated, category, person("Amal", world.member), by=world.member)
    guest = registering.register(delegated, category, person("Guest Person"), by=world.focal_point)
    gone = RegistrationFactory(category=category, status=Registration.Status.CANCELLED)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with pytest.raises(EventError) as refused:
        services.cancel_event(delegated, by=world.secretariat, message="  ")
    assert refused.value.field == "message"
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(delegated, by=world.secretariat, message="The venue flooded.")
    delegated.refresh_from_db()
    assert delegated.status == Event.Status.CANCELLED
    notified = Notification.objects.order_by("recipient__email")
    assert [(n.recipient.email, n.kind, n.data["message"]) for n in notified] == [
        ("focal@tunis.example.org", "events.event_cancelled", "The venue flooded."),
        ("member@tunis.example.org", "events.event_cancelled", "The venue flooded."),
    ]
    cancelled_mail = [m for m in mail.outbox if m.to == ["guest.person@example.org"]]
    assert len(cancelled_mail) == 1
    assert "The venue flooded." in cancelled_mail[0].body
    assert "Cancelled: Tunis workshop" in cancelled_mail[0].subject
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert (statuses[mine.pk], statuses[guest.pk], statuses[gone.pk]) == (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
        Registration.Status.CANCELLED,
    )
    assert actions()[-1] == "events.event_cancelled"
    with pytest.raises(EventError):
        services.cancel_event(delegated, by=world.secretariat, message="Again.")


# --- categories -------------------------------------------------------------------------------


def test_save_category_names_codes_and_positions(world, delegated):
    data = services.CategoryInput(names={"en": "Mayors", "fr": "Maires"}, capacity=55)
    first = services.save_category(delegated, data, by=world.focal_point)
    second = services.save_category(delegated, data, by=world.focal_point)
    assert (first.code, second.code, first.name_fr, first.capacity) == (
        "mayors",
        "mayors-2",
        "Maires",
        55,
    )
    taken = services.CategoryInput(names={"en": "Press"}, capacity=5, code="mayors")
    with pytest.raises(EventError) as refused:
        services.save_category(delegated, taken, by=world.focal_point)
    assert refused.value.field == "code"
    with pytest.raises(EventError) as refused:
        services.save_category(delegated, services.CategoryInput(names={}, capacity=5), by=None)
    assert refused.value.field == "name"
    assert actions() == ["events.category_added", "events.category_added"]


def test_capacity_never_goes_below_the_seats_held(world, delegated):
    category = CategoryFactory(event=delegated, capacity=2, code="practitioners")
    for name in ("Ann One", "Bob Two"):
        registering.register(delegated, category, person(name), by=world.secretariat)
    category.refresh_from_db()
    data = services.CategoryInput(names={"en": "Practitioners"}, capacity=1)
    with pytest.raises(EventError) as refused:
        services.save_category(delegated, data, by=world.secretariat, category=category)
    assert refused.value.field == "capacity"
    assert str(refused.value.message) == (
        "2 seats are already taken (confirmed or offered): the category cannot have fewer seats."
    )
    category.refresh_from_db()
    assert (category.capacity, category.held) == (2, 2)


def test_more_seats_go_to_the_waiting_list(world, delegated):
    category = CategoryFactory(event=delegated, capacity=1, code="practitioners")
    registering.register(delegated, category, person("Ann One"), by=world.secretariat)
    waiting = registering.register(delegated, category, person("Bob Two"), by=world.secretariat)
    assert waiting.status == Registration.Status.WAITLISTED
    data = services.CategoryInput(names={"en": "Practitioners"}, capacity=2)
    services.save_category(delegated, data, by=world.secretariat, category=category)
    waiting.refresh_from_db()
    category.refresh_from_db()
    assert (waiting.status, category.held) == (Registration.Status.OFFERED, 2)


def test_delete_category_refused_while_it_has_registrations(world, delegated):
    category = CategoryFactory(event=delegated)
    RegistrationFactory(category=category, status=Registration.Status.CANCELLED)
    with pytest.raises(EventError):
        services.delete_category(category, by=world.secretariat)
    empty = CategoryFactory(event=delegated)
    services.delete_category(empty, by=world.secretariat)
    assert list(Category.objects.values_list("pk", flat=True)) == [category.pk]


# --- agenda -----------------------------------------------------------------------------------


def session_input(event, **changes) -> services.SessionInput:
    values = {
        "kind": "panel",
        "texts": {"en": {"title": "Opening panel", "description": ""}},
        "start": event.start + timedelta(hours=1),
        "end": event.start + timedelta(hours=2),
        "room": "Hall A",
    }
    values.update(changes)
    return services.SessionInput(**values)


def test_save_session_within_the_event_with_its_speakers(world, delegated):
    speaker = SpeakerFactory(event=delegated)
    session = services.save_session(
        delegated, session_input(delegated, speakers=[speaker], capacity=30), by=world.focal_point
    )
    assert (session.title_en, session.capacity, list(session.speakers.all())) == (
        "Opening panel",
        30,
        [speaker],
    )
    stranger = SpeakerFactory()
    bad = {
        "end": session_input(delegated, end=delegated.start),
        "start": session_input(
            delegated,
            start=delegated.start - timedelta(hours=2),
            end=delegated.start - timedelta(hours=1),
        ),
        "speakers": session_input(delegated, speakers=[stranger]),
        "title": session_input(delegated, texts={"fr": {"title": "Panel"}}),
        "kind": session_input(delegated, kind="party"),
    }
    for field, data in bad.items():
        with pytest.raises(EventError) as refused:
            services.save_session(delegated, data, by=world.focal_point)
        assert refused.value.field == field


def test_session_seats_and_deletion_respect_sign_ups(world, delegated):
    category = CategoryFactory(event=delegated)
    registration = registering.register(
        delegated, category, person("Ann One"), by=world.secretariat
    )
    session = SessionFactory(event=delegated, capacity=5, signup=True)
    registering.sign_up(registration, session, by=world.secretariat)
    with pytest.raises(EventError) as refused:
        services.save_session(
            delegated, session_input(delegated, capacity=0), by=world.secretariat, session=session
        )
    assert refused.value.field == "capacity"
    with pytest.raises(EventError):
        services.delete_session(session, by=world.secretariat)
    other = SessionFactory(event=delegated)
    services.delete_session(other, by=world.secretariat)
    assert list(delegated.sessions.values_list("pk", flat=True)) == [session.pk]


def test_speaker_identity_and_consent_are_the_secretariats(world, delegated):
    identity = services.SpeakerIdentity(
        real_name="Real Person", consent_given=True, consent_note="Signed form"
    )
    data = services.SpeakerInput(public_name="Layla", pseudonymous=True, identity=identity)
    with pytest.raises(EventError):
        services.save_speaker(delegated, data, by=world.focal_point)
    speaker = services.save_speaker(delegated, data, by=world.secretariat)
    assert (speaker.real_name, speaker.consent_given, speaker.consent_recorded_by) == (
        "Real Person",
        True,
        world.secretariat,
    )
    recorded_at = speaker.consent_recorded_at
    assert recorded_at is not None
    # The delegated host edits without seeing the identity: it stays as it was.
    edit = services.SpeakerInput(public_name="Layla", pseudonymous=True, bio="A survivor.")
    speaker = services.save_speaker(delegated, edit, by=world.focal_point, speaker=speaker)
    speaker.refresh_from_db()
    assert (speaker.real_name, speaker.consent_note, speaker.bio) == (
        "Real Person",
        "Signed form",
        "A survivor.",
    )
    assert speaker.consent_recorded_at == recorded_at
    entry = AuditEntry.objects.filter(action="events.speaker_added").get()
    assert "Real Person" not in str(entry.data)


def test_pseudonymous_speakers_have_no_photo(world, delegated, django_capture_on_commit_callbacks):
    with pytest.raises(EventError) as refused:
        services.save_speaker(
            delegated,
            services.SpeakerInput(public_name="Layla", pseudonymous=True, photo=photo()),
            by=world.secretariat,
        )
    assert refused.value.field == "photo"
    speaker = services.save_speaker(
        delegated, services.SpeakerInput(public_name="Dr Amal", photo=photo()), by=world.secretariat
    )
    stored = speaker.photo.name
    assert speaker.photo.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        speaker = services.save_speaker(
            delegated,
            services.SpeakerInput(public_name="Layla", pseudonymous=True),
            by=world.secretariat,
            speaker=speaker,
        )
    speaker.refresh_from_db()
    assert (speaker.photo.name, speaker.pseudonymous) == ("", True)
    assert not speaker.photo.storage.exists(stored)


def test_a_speaker_photo_must_be_an_image(world, delegated):
    text = SimpleUploadedFile("face.png", b"<html><script>x</script></html>")
    with pytest.raises(ValidationError) as refused:
        services.save_speaker(
            delegated, services.SpeakerInput(public_name="Amal", photo=text), by=world.secretariat
        )
    assert refused.value.code == "html"
    assert Speaker.objects.count() == 0


# --- materials and outcomes -------------------------------------------------------------------


def test_add_and_remove_material(world, delegated, django_capture_on_commit_callbacks):
    session = SessionFactory(event=delegated)
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n%%EOF\n")
    material = services.add_material(
        delegated, upload, "", Visibility.MEMBERS, session, by=world.focal_point
    )
    assert (material.title, material.kind, material.size, material.session) == (
        "slides.pdf",
        "pdf",
        15,
        session,
    )
    stored = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_material(material, by=world.focal_point)
    assert Material.objects.count() == 0
    assert not material.file.storage.exists(stored)
    assert actions() == ["events.material_added", "events.material_removed"]
    with pytest.raises(EventError) as refused:
        services.add_material(
            delegated, upload, "", Visibility.MEMBERS, SessionFactory(), by=world.focal_point
        )
    assert refused.value.field == "session"


def test_outcomes_and_commitments(world, delegated):
    practice = make_practice(world.other_city, status="published", visibility=Visibility.MEMBERS)
    hidden = make_practice(world.other_city, status="draft")
    outcome = services.add_outcome(
        delegated,
        "commitment",
        "Tunis pilots it.",
        city=world.city,
        practice=practice,
        by=world.focal_point,
    )
    assert (outcome.kind, outcome.city, outcome.practice) == ("commitment", world.city, practice)
    with pytest.raises(EventError) as refused:
        services.add_outcome(delegated, "commitment", "Someone will.", by=world.focal_point)
    assert refused.value.field == "city"
    with pytest.raises(EventError) as refused:
        services.add_outcome(delegated, "outcome", "Hidden.", practice=hidden, by=world.focal_point)
    assert refused.value.field == "practice"
    services.remove_outcome(outcome, by=world.focal_point)
    assert Outcome.objects.count() == 0


# --- pages ------------------------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "kind": concept("event-type", "global-summit").pk,
        "language": "en",
        "title": "Global Summit",
        "summary": "The network meets.",
        "time_zone": "Europe/Istanbul",
        "start": "2030-05-11T09:00",
        "end": "2030-05-12T18:00",
        "online_url": "https://meet.example.org/summit",
        "visibility": "public",
        "mode": "open",
        "offer_hours": "48",
        "title_fr": "Sommet mondial",
    }
    data.update(changes)
    return data


def test_create_page_reads_times_in_the_event_time_zone(client, world):
    client.force_login(world.secretariat)
    response = client.post(reverse("events:create"), form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:categories", args=[event.slug])
    assert (event.start, event.end) == (START, datetime(2030, 5, 12, 15, 0, tzinfo=UTC))
    assert (event.title_fr, event.status) == ("Sommet mondial", Event.Status.DRAFT)
    page = client.get(reverse("events:edit", args=[event.slug]))
    assert 'value="2030-05-11T09:00"' in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2030-05-11T08:00"}, "end", "The event must end after it starts."),
        (
            {"time_zone": "Europe/Atlantis"},
            "time_zone",
            "“Europe/Atlantis” is not a known time zone (e.g. Europe/Istanbul).",
        ),
        (
            {"time_zone": "Europe/Paris", "start": "2030-03-31T02:30"},
            "start",
            "This time does not exist in Europe/Paris (the clocks change then).",
        ),
        ({"start": "yesterday"}, "start", "Enter a valid date/time."),
        (
            {"registration_closes": "2030-06-01T00:00"},
            "registration_closes",
            "Registration must close before the event ends.",
        ),
        ({"online_url": ""}, "online_url", "An event needs a host city or an online link."),
        ({"title_ar": "", "summary_ar": "ملخص"}, "title_ar", None),
    ],
)
def test_create_page_bad_input_gives_form_errors(client, world, changes, field, message):
    client.force_login(world.secretariat)
    response = client.post(reverse("events:create"), form_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert Event.objects.count() == 0


def test_edit_page_for_the_delegated_host(client, world, delegated):
    client.force_login(world.focal_point)
    page = client.get(reverse("events:edit", args=[delegated.slug]))
    assert page.status_code == 200
    assert "host_city" not in page.context["form"].fields
    data = form_data(title="Tunis workshop, renamed", title_fr="")
    response = client.post(reverse("events:edit", args=[delegated.slug]), data)
    assert response.status_code == 302
    delegated.refresh_from_db()
    assert (delegated.title_en, delegated.host_city, delegated.delegated_to_host) == (
        "Tunis workshop, renamed",
        world.city,
        True,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("focal_point", 404),  # host city, but not delegated
        ("other_focal_point", 404),
        ("member", 404),
        ("anonymous", 302),
        ("secretariat", 200),
    ],
)
def test_organiser_pages_of_an_undelegated_event(client, world, role, status):
    event = EventFactory(host_city=world.city, delegated_to_host=False)
    user = world.user(role)
    if user:
        client.force_login(user)
    for name in ("edit", "categories", "agenda", "materials", "outcomes", "cancel_event"):
        response = client.get(reverse(f"events:{name}", args=[event.slug]))
        assert response.status_code == status, name
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_draft_is_hidden_from_anonymous_visitors(client, world):
    event = EventFactory(status=Event.Status.DRAFT, host_city=world.city, delegated_to_host=True)
    assert client.get(reverse("events:agenda", args=[event.slug])).status_code == 404
    client.force_login(world.focal_point)
    assert client.get(reverse("events:agenda", args=[event.slug])).status_code == 200


def test_lowering_capacity_below_held_is_a_form_error(client, world, delegated):
    category = CategoryFactory(event=delegated, capacity=2, name="Mayors", code="mayors")
    for name in ("Ann One", "Bob Two"):
        registering.register(delegated, category, person(name), by=world.secretariat)
    client.force_login(world.focal_point)
    url = reverse("events:category_edit", args=[delegated.slug, category.pk])
    response = client.post(
        url, {"category-name": "Mayors", "category-capacity": "1", "category-waitlist": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "capacity": [
            "2 seats are already taken (confirmed or offered): the category cannot have "
            "fewer seats."
        ]
    }
    category.refresh_from_db()
    assert category.capacity == 2


def test_category_pages(client, world, delegated, django_assert_num_queries):
    client.force_login(world.focal_point)
    url = reverse("events:categories", args=[delegated.slug])
    response = client.post(
        url, {"category-name": "Mayors", "category-capacity": "55", "category-name_fr": "Maires"}
    )
    assert response.status_code == 302
    category = delegated.categories.get()
    assert (category.code, category.name_fr, category.capacity, category.waitlist) == (
        "mayors",
        "Maires",
        55,
        False,
    )
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for n in range(3):
        CategoryFactory(event=delegated, code=f"c{n}")
    with django_assert_num_queries(7):
        page = client.get(url)
    assert len(page.context["categories"]) == 4
    RegistrationFactory(category=category, status=Registration.Status.PENDING)
    delete = reverse("events:category_delete", args=[delegated.slug, category.pk])
    assert client.post(delete).status_code == 302
    assert delegated.categories.filter(pk=category.pk).exists()


def test_agenda_never_shows_real_names_to_the_delegated_host(client, world, delegated):
    SpeakerFactory(
        event=delegated, public_name="Layla", pseudonymous=True, real_name="Hidden Realname"
    )
    client.force_login(world.focal_point)
    page = client.get(reverse("events:agenda", args=[delegated.slug])).content.decode()
    assert "Layla" in page
    assert "Hidden Realname" not in page
    client.force_login(world.secretariat)
    page = client.get(reverse("events:agenda", args=[delegated.slug])).content.decode()
    assert "Hidden Realname" in page


def test_speaker_form_of_the_delegated_host_keeps_the_identity(client, world, delegated):
    speaker = SpeakerFactory(
        event=delegated, public_name="Layla", pseudonymous=True, real_name="Hidden Realname"
    )
    client.force_login(world.focal_point)
    url = reverse("events:speaker_edit", args=[delegated.slug, speaker.pk])
    page = client.get(url)
    assert "Hidden Realname" not in page.content.decode()
    assert "real_name" not in page.context["form"].fields
    response = client.post(
        url, {"public_name": "Layla", "pseudonymous": "on", "real_name": "Injected"}
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.real_name, speaker.consent_given) == ("Hidden Realname", True)


def test_speaker_photo_refused_for_a_pseudonymous_speaker(client, world, delegated):
    client.force_login(world.secretariat)
    url = reverse("events:speaker_add", args=[delegated.slug])
    response = client.post(
        url,
        {"public_name": "Layla", "pseudonymous": "on", "photo": photo(), "real_name": "R"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "photo": ["A pseudonymous speaker is never shown with a photo."]
    }
    response = client.post(
        url,
        {
            "public_name": "Layla",
            "pseudonymous": "on",
            "real_name": "R",
            "consent_given": "on",
            "consent_note": "Signed",
        },
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert (speaker.real_name, speaker.consent_recorded_by) == ("R", world.secretariat)


def test_session_form_in_the_event_time_zone(client, world, delegated):
    client.force_login(world.focal_point)
    local = timezone.localtime(delegated.start, delegated.tz).replace(second=0, microsecond=0)
    start = local + timedelta(hours=2)
    url = reverse("events:session_add", args=[delegated.slug])
    data = {
        "kind": "workshop",
        "title": "Exit work",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(url, data).status_code == 302
    session = delegated.sessions.get()
    assert session.start == delegated.start.replace(second=0, microsecond=0) + timedelta(hours=2)
    bad = {**data, "end": data["start"]}
    response = client.post(url, bad)
    assert response.context["form"].errors == {"end": ["The session must end after it starts."]}


def test_material_upload_refuses_active_content(client, world, delegated):
    client.force_login(world.focal_point)
    url = reverse("events:materials", args=[delegated.slug])
    svg = SimpleUploadedFile("x.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    response = client.post(url, {"file": svg, "visibility": "members"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(url, {"file": pdf, "visibility": "public"}).status_code == 302
    material = Material.objects.get()
    assert (material.visibility, material.uploaded_by) == ("public", world.focal_point)
    remove = reverse("events:material_remove", args=[delegated.slug, material.pk])
    assert client.post(remove).status_code == 302
    assert Material.objects.count() == 0


def test_outcome_page_offers_only_visible_practices(client, world, delegated):
    seen = make_practice(world.other_city, status="published", visibility=Visibility.MEMBERS)
    hidden = make_practice(world.other_city, status="draft", title="Secret draft practice")
    client.force_login(world.focal_point)
    url = reverse("events:outcomes", args=[delegated.slug])
    choices = set(client.get(url).context["form"].fields["practice"].queryset)
    assert seen in choices
    assert hidden not in choices
    response = client.post(url, {"kind": "commitment", "text": "Pilot", "practice": hidden.pk})
    assert set(response.context["form"].errors) == {"city", "practice"}
    OutcomeFactory(event=delegated, practice=hidden)
    page = client.get(url).content.decode()
    assert "Secret draft practice" not in page
    assert "Tunis will pilot a practice from Aarhus." in page


def test_publish_and_cancel_pages(client, world):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(world.secretariat)
    publish = reverse("events:publish", args=[event.slug])
    assert client.post(publish)["Location"] == reverse("events:edit", args=[event.slug])
    CategoryFactory(event=event)
    assert client.post(publish)["Location"] == event.get_absolute_url()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    cancel = reverse("events:cancel_event", args=[event.slug])
    response = client.post(cancel, {"message": ""})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["message"]
    assert client.post(cancel, {"message": "Postponed to next year."}).status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_create_is_for_the_secretariat(client, world):
    for role in ("member", "focal_point"):
        client.force_login(world.user(role))
        assert client.get(reverse("events:create")).status_code == 404
    client.logout()
    assert client.get(reverse("events:create")).status_code == 302


def test_other_users_cannot_reach_another_events_objects(client, world, delegated):
    other = EventFactory()
    foreign = CategoryFactory(event=other)
    MaterialFactory(event=other)
    client.force_login(world.focal_point)
    url = reverse("events:category_edit", args=[delegated.slug, foreign.pk])
    assert client.get(url).status_code == 404
