"""core/periodic.py: each registered task is enqueued once per period, however often it is asked."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks.signals import task_enqueued

from strongcities.core import periodic
from strongcities.core.notifications.models import NotificationPreference, PeriodicRun
from strongcities.core.notifications.services import notify, set_email_mode

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@task()
def tick() -> str:
    return "tick"


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' own registrations are put back after)."""
    monkeypatch.setattr(periodic, "_registry", {})
    return periodic


@pytest.fixture
def enqueued():
    names = []

    def receiver(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(receiver)
    yield names
    task_enqueued.disconnect(receiver)


def test_once_per_period_even_when_asked_twice(registry, enqueued):
    registry.register("test.tick", tick, every=timedelta(hours=1))
    assert registry.run_due(NOON) == ["test.tick"]
    assert registry.run_due(NOON) == []
    assert registry.run_due(NOON + timedelta(minutes=59)) == []
    assert enqueued == ["tick"]
    assert registry.run_due(NOON + timedelta(hours=1)) == ["test.tick"]
    assert enqueued == ["tick", "tick"]
    assert PeriodicRun.objects.get(name="test.tick").last_enqueued_at == NOON + timedelta(hours=1)


def test_registered_by_dotted_path(registry, enqueued):
    registry.register(
        "test.tick", "tests.core.notifications.test_periodic.tick", every=timedelta(days=1)
    )
    assert registry.run_due(NOON) == ["test.tick"]
    assert enqueued == ["tick"]


def test_a_task_that_cannot_be_found_does_not_stop_the_others(registry, enqueued):
    registry.register("a.missing", "tests.core.notifications.test_periodic.nope", timedelta(1))
    registry.register("b.tick", tick, every=timedelta(days=1))
    assert registry.run_due(NOON) == ["b.tick"]
    # The failed claim was rolled back: it is tried again next time.
    assert not PeriodicRun.objects.filter(name="a.missing", last_enqueued_at__isnull=False).exists()


def test_the_period_must_be_positive(registry):
    with pytest.raises(ValueError, match="positive"):
        registry.register("test.never", tick, every=timedelta(0))


def test_the_digest_is_registered_daily():
    entries = {entry.name: entry for entry in periodic.registered()}
    digest = entries["notifications.daily_digest"]
    assert digest.every == timedelta(days=1)
    assert digest.resolve().name == "send_digests"


def test_run_periodic_command_sends_the_digest_once(world, practice, mailoutbox, capsys):
    set_email_mode(world.member, NotificationPreference.EmailMode.DIGEST)
    notify([world.member], "test-kind", target=practice)
    call_command("run_periodic")
    call_command("run_periodic")
    assert capsys.readouterr().out.count("Enqueued notifications.daily_digest") == 1
    assert [email.to for email in mailoutbox] == [[world.member.email]]


def test_the_serve_scheduler_checks_until_stopped(monkeypatch):
    """`manage.py serve`'s scheduler thread checks at once, then every interval, until stopped."""
    from strongcities.core.management.commands import serve

    stop = threading.Event()
    checks = []

    def run_due():
        checks.append(len(checks))
        if len(checks) == 1:
            raise RuntimeError("database is locked")  # a failed check does not end the loop
        stop.set()

    monkeypatch.setattr(serve.periodic, "run_due", run_due)
    thread = threading.Thread(target=serve.schedule, args=(stop,), kwargs={"interval": 0})
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert checks == [0, 1]
