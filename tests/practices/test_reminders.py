"""Review reminders: a practice left unconfirmed is reminded, then archived unless confirmed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.practices import services, tasks
from strongcities.practices.models import Practice
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)
YEAR_AGO = NOW - timedelta(days=366)


def confirmed(practice, when):
    Practice.objects.filter(pk=practice.pk).update(confirmed_at=when, reminder_sent_at=None)
    return Practice.objects.get(pk=practice.pk)


def reminders() -> list[tuple[str, str]]:
    return [
        (n.recipient.email, n.target.title_en)
        for n in Notification.objects.filter(kind="practice-review-reminder")
        .order_by("pk")
        .select_related("recipient")
    ]


@pytest.fixture
def stale(world):
    practice = make_practice(world.city, title="Old practice", user=world.focal_point)
    return confirmed(practice, YEAR_AGO)


def test_reminder_then_archive(world, stale):
    fresh = confirmed(make_practice(world.city, title="Fresh"), NOW - timedelta(days=10))
    draft = make_practice(world.city, status="draft", title="Draft")
    Practice.objects.filter(pk=draft.pk).update(confirmed_at=YEAR_AGO)

    assert services.send_review_reminders(NOW) == 1
    assert Practice.objects.get(pk=stale.pk).reminder_sent_at == NOW
    assert Practice.objects.get(pk=fresh.pk).reminder_sent_at is None
    assert reminders() == [
        (world.member.email, "Old practice"),
        (world.focal_point.email, "Old practice"),
    ]
    notification = Notification.objects.filter(kind="practice-review-reminder").first()
    assert notification.data == {
        "url": f"/practices/{stale.slug}/",
        "archive_on": "2030-07-31",
    }
    assert AuditEntry.objects.filter(action="practice.review_reminder_sent").count() == 1

    # Within the grace period nothing is archived; after it, the practice is.
    assert services.archive_unconfirmed(NOW + timedelta(days=59)) == 0
    assert services.archive_unconfirmed(NOW + timedelta(days=61)) == 1
    practice = Practice.objects.get(pk=stale.pk)
    assert practice.status == Practice.Status.ARCHIVED
    change = practice.history.first()
    assert (change.from_status, change.to_status, change.actor) == ("published", "archived", None)
    assert change.comment == (
        "Archived automatically: not confirmed up to date within 60 days of the review reminder."
    )
    archived = Notification.objects.filter(kind="practice-archived").order_by("pk")
    assert [n.recipient for n in archived] == [world.member, world.focal_point]
    assert Practice.objects.get(pk=fresh.pk).status == Practice.Status.PUBLISHED


def test_running_twice_changes_nothing_more(world, stale):
    assert services.send_review_reminders(NOW) == 1
    assert services.send_review_reminders(NOW + timedelta(days=1)) == 0
    assert len(reminders()) == 2
    later = NOW + timedelta(days=61)
    assert services.archive_unconfirmed(later) == 1
    assert services.archive_unconfirmed(later) == 0
    assert Notification.objects.filter(kind="practice-archived").count() == 2
    assert Practice.objects.get(pk=stale.pk).history.count() == 3  # submit, publish, archive


def test_confirming_resets_the_clock(world, stale):
    services.send_review_reminders(NOW)
    services.confirm_up_to_date(stale, user=world.member)
    practice = Practice.objects.get(pk=stale.pk)
    assert practice.reminder_sent_at is None
    assert services.archive_unconfirmed(NOW + timedelta(days=61)) == 0
    assert Practice.objects.get(pk=stale.pk).status == Practice.Status.PUBLISHED
    # A year after the confirmation, a new reminder goes out.
    next_year = practice.confirmed_at + timedelta(days=366)
    assert services.send_review_reminders(next_year) == 1
    assert len(reminders()) == 4


def test_updating_also_confirms(world, stale):
    from tests.practices.factories import practice_input

    services.send_review_reminders(NOW)
    services.update_practice(stale, practice_input("Old practice, renewed"), user=world.member)
    assert services.archive_unconfirmed(NOW + timedelta(days=400)) == 0


@override_settings(PRACTICE_REVIEW_AFTER_DAYS=30, PRACTICE_ARCHIVE_GRACE_DAYS=7)
def test_the_periods_are_settings(world):
    practice = confirmed(make_practice(world.city), NOW - timedelta(days=31))
    assert services.send_review_reminders(NOW) == 1
    assert services.archive_unconfirmed(NOW + timedelta(days=6)) == 0
    assert services.archive_unconfirmed(NOW + timedelta(days=8)) == 1
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.ARCHIVED


def test_the_tasks_run_the_services(world):
    practice = confirmed(make_practice(world.city), datetime(2000, 1, 1, tzinfo=UTC))
    assert tasks.send_review_reminders.call() == 1
    Practice.objects.filter(pk=practice.pk).update(
        reminder_sent_at=datetime(2000, 1, 1, tzinfo=UTC)
    )
    assert tasks.archive_unconfirmed.call() == 1
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.ARCHIVED


def test_the_tasks_are_scheduled_daily():
    from strongcities.core import periodic
    from strongcities.practices.schedule import register_periodic

    register_periodic()
    entries = {entry.name: entry for entry in periodic.registered()}
    for name in ("practices.review_reminders", "practices.archive_unconfirmed"):
        assert entries[name].every == timedelta(days=1)
    assert entries["practices.review_reminders"].resolve() is tasks.send_review_reminders
    assert entries["practices.archive_unconfirmed"].resolve() is tasks.archive_unconfirmed
