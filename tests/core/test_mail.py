import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from strongcities.core.mail import email_after_commit

CONTEXT = {
    "city": "Tunis",
    "role": "member",
    "full_name": "Leïla",
    "inviter": "",
    "url": "http://testserver/x",
    "valid_days": 14,
}


@pytest.mark.django_db
def test_email_is_sent_after_commit_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_after_commit("leila@example.org", "accounts/email/invitation", CONTEXT, "en")
        assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["leila@example.org"]
    assert mailoutbox[0].subject == (
        "[Strong Cities Hub] You are invited to join the Tunis team on Strong Cities Hub"
    )
    assert "http://testserver/x" in mailoutbox[0].body


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_after_commit("leila@example.org", "accounts/email/invitation", CONTEXT, "en")
    # A rolled-back transaction never runs its on_commit callbacks.
    assert len(callbacks) == 1
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_queued_mail(settings, mailoutbox):
    """The real path: the task is stored in the database and `db_worker` runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email_after_commit("leila@example.org", "accounts/email/invitation", CONTEXT, "en")
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mailoutbox) == 1
