"""Invitation-only events: codes, named invitations, revoking; the organisers' messages."""

import pytest

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.events.models import Event, Invitation, Registration
from strongcities.events.services import invitations as inv
from strongcities.events.services import registration as reg
from strongcities.events.services.errors import EventError
from tests.events.factories import CategoryFactory, EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def person(name="Mayor Ana", email="ana@example.org") -> reg.Person:
    return reg.Person(name=name, email=email)


@pytest.fixture
def mayors(world):
    event = EventFactory(mode=Event.Mode.INVITATION, title="Mayoral meeting")
    return CategoryFactory(event=event, name="Mayors", capacity=10)


def refusal(category, someone, code="", by=None) -> EventError:
    with pytest.raises(EventError) as error:
        reg.register(category.event, category, someone, by=by, code=code)
    return error.value


def test_invitation_only_event_needs_an_invitation(world, mayors):
    error = refusal(mayors, person())
    assert str(error) == "This event is by invitation only: enter the code of your invitation."
    assert error.code == "invitation"
    assert str(refusal(mayors, person(), code="NOPE")) == (
        "This invitation code is not valid for this event."
    )
    assert Registration.objects.count() == 0


def test_code_lets_in_as_many_as_it_allows(world, mayors):
    code = inv.create_code(mayors.event, mayors, uses=2, by=world.secretariat, note="Letter")
    first = reg.register(mayors.event, mayors, person(), by=None, code=code.code.lower())
    second = reg.register(
        mayors.event, mayors, person("B", "b@example.org"), by=None, code=f" {code.code} "
    )
    assert [first.status, second.status] == [Status.CONFIRMED, Status.CONFIRMED]
    assert first.invitation == code
    code.refresh_from_db()
    assert code.uses == 2
    error = refusal(mayors, person("C", "c@example.org"), code=code.code)
    assert str(error) == "This invitation has already been used as many times as it allows."
    assert error.code == "invitation_used"


def test_a_failed_registration_does_not_use_the_code(world, mayors):
    code = inv.create_code(mayors.event, mayors, uses=1, by=world.secretariat)
    reg.register(mayors.event, mayors, person(), by=world.secretariat)
    assert refusal(mayors, person(), code=code.code).code == "duplicate"
    code.refresh_from_db()
    assert code.uses == 0


def test_revoked_invitation_is_refused(world, mayors):
    code = inv.create_code(mayors.event, mayors, uses=5, by=world.secretariat)
    inv.revoke(code, by=world.secretariat)
    assert inv.revoke(code, by=world.secretariat).revoked is True  # twice: no harm
    error = refusal(mayors, person(), code=code.code)
    assert (str(error), error.code) == (
        "This invitation was withdrawn by the organisers.",
        "invitation_revoked",
    )
    assert AuditEntry.objects.filter(action="events.invitation_revoked").count() == 1


def test_invitation_is_for_its_category(world, mayors):
    staff = CategoryFactory(event=mayors.event, name="City staff")
    code = inv.create_code(mayors.event, mayors, uses=5, by=world.secretariat)
    error = refusal(staff, person(), code=code.code)
    assert str(error) == "This invitation is for the category “Mayors”."


def test_code_of_another_event_is_not_valid(world, mayors):
    other = CategoryFactory(event=EventFactory(mode=Event.Mode.INVITATION))
    code = inv.create_code(other.event, other, uses=5, by=world.secretariat)
    assert refusal(mayors, person(), code=code.code).code == "invitation"


def test_named_invitation_by_email_or_code_for_that_person_only(
    world, mayors, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (named,) = inv.invite_people(
            mayors.event, mayors, ["Ana@Example.org"], by=world.secretariat, note="Dear Ana"
        )
    assert (named.email, named.max_uses, named.user) == ("ana@example.org", 1, None)
    (mail,) = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert mail.subject.endswith("Invitation: Mayoral meeting")
    assert f"Your invitation code: {named.code}" in mail.body
    assert "Dear Ana" in mail.body
    error = refusal(mayors, person("Intruder", "intruder@example.org"), code=named.code)
    assert str(error) == "This invitation is personal: it was sent to another email address."
    registration = reg.register(mayors.event, mayors, person(email="ANA@example.org"), by=None)
    assert registration.invitation == named
    named.refresh_from_db()
    assert named.uses == 1


def test_named_invitation_for_an_account_notifies_and_links_it(world, mayors):
    (named,) = inv.invite_people(mayors.event, mayors, [world.member.email], by=world.secretariat)
    assert named.user == world.member
    notification = Notification.objects.get(recipient=world.member)
    assert notification.kind == "events.invited"
    assert notification.data["url"].endswith(f"code={named.code}")
    assert Event.objects.visible_to(world.member).filter(pk=mayors.event_id).exists()
    registration = reg.register(mayors.event, mayors, reg.person_for(world.member), by=world.member)
    assert registration.status == Status.CONFIRMED


def test_inviting_again_reuses_the_invitation_and_skips_the_registered(world, mayors):
    first = inv.invite_people(mayors.event, mayors, ["a@example.org", "a@example.org"], by=None)
    assert len(first) == 1
    again = inv.invite_people(mayors.event, mayors, ["a@example.org", "b@example.org"], by=None)
    assert again[0] == first[0]
    assert Invitation.objects.count() == 2
    reg.register(mayors.event, mayors, person("B", "b@example.org"), by=None)
    assert inv.invite_people(mayors.event, mayors, ["b@example.org"], by=None) == []


def test_invite_people_checks_the_addresses(world, mayors):
    with pytest.raises(EventError) as error:
        inv.invite_people(mayors.event, mayors, ["good@example.org", "bad"], by=None)
    assert str(error.value) == "“bad” is not a valid email address."
    with pytest.raises(EventError):
        inv.invite_people(mayors.event, mayors, ["", "  "], by=None)
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("uses", [0, -1, 10_001])
def test_code_uses_are_bounded(world, mayors, uses):
    with pytest.raises(EventError) as error:
        inv.create_code(mayors.event, mayors, uses=uses, by=world.secretariat)
    assert str(error.value) == "A code may be used from 1 to 10000 times."


def test_organisers_register_without_invitation(world, mayors):
    registration = reg.register(mayors.event, mayors, person(), by=world.secretariat)
    assert (registration.status, registration.invitation) == (Status.CONFIRMED, None)


def test_find_invitation(world, mayors):
    code = inv.create_code(mayors.event, mayors, uses=3, by=None)
    (named,) = inv.invite_people(mayors.event, mayors, ["x@example.org"], by=None)
    assert inv.find_invitation(mayors.event, code=code.code.lower()) == code
    assert inv.find_invitation(mayors.event, email="X@example.org") == named
    assert inv.find_invitation(mayors.event) is None
    assert inv.find_invitation(EventFactory(), code=code.code) is None


def test_email_category_writes_to_each_confirmed_person(
    world, mayors, mailoutbox, django_capture_on_commit_callbacks
):
    staff = CategoryFactory(event=mayors.event, name="Staff", capacity=1)
    reg.register(mayors.event, mayors, person("A", "a@example.org"), by=world.secretariat)
    reg.register(mayors.event, mayors, reg.person_for(world.member), by=world.secretariat)
    reg.register(mayors.event, staff, person("S", "s@example.org"), by=world.secretariat)
    reg.register(mayors.event, staff, person("W", "w@example.org"), by=world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        count = inv.email_category(
            mayors.event, mayors, "Venue change", "We meet in hall B.", by=world.secretariat
        )
    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", world.member.email]
    assert all(m.subject.endswith("Venue change") for m in mailoutbox)
    assert all("We meet in hall B." in m.body for m in mailoutbox)
    assert all(m.reply_to == [world.secretariat.email] for m in mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = inv.email_category(
            mayors.event,
            staff,
            "News",
            "Still waiting",
            by=world.secretariat,
            statuses=("waitlisted",),
        )
    assert waiting == 1
    assert [m.to for m in mailoutbox] == [["w@example.org"]]
    entry = AuditEntry.objects.filter(action="events.category_emailed").order_by("pk").last()
    assert entry.data["recipients"] == 1


def test_email_category_needs_subject_and_body(world, mayors):
    with pytest.raises(EventError) as error:
        inv.email_category(mayors.event, mayors, " ", "Body", by=world.secretariat)
    assert error.value.field == "subject"
    with pytest.raises(EventError) as error:
        inv.email_category(mayors.event, mayors, "Subject", "", by=world.secretariat)
    assert error.value.field == "body"


def test_invitations_refused_for_a_cancelled_event(world, mayors):
    Event.objects.filter(pk=mayors.event_id).update(status=Event.Status.CANCELLED)
    mayors.event.refresh_from_db()
    with pytest.raises(EventError):
        inv.create_code(mayors.event, mayors, uses=1, by=None)
    with pytest.raises(EventError):
        inv.invite_people(mayors.event, mayors, ["a@example.org"], by=UserFactory())
