"""notify() and immediate delivery: idempotent, never the actor, in the recipient's language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from strongcities.core.notifications.models import Notification, NotificationPreference
from strongcities.core.notifications.services import notify, set_email_mode
from strongcities.core.notifications.tasks import deliver, render_text
from tests.core.notifications.helpers import restrict_to_owner
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def test_key_makes_notify_idempotent(world, practice):
    first = notify([world.member], "test-kind", target=practice, key="once")
    second = notify([world.member], "test-kind", target=practice, key="once")
    assert len(first) == 1
    assert second == []
    assert Notification.objects.filter(kind="test-kind").count() == 1
    assert Notification.objects.get(kind="test-kind").key == f"once:{world.member.pk}"


def test_never_the_actor_and_each_recipient_once(world, practice):
    created = notify(
        [world.member, world.focal_point, world.member, None],
        "test-kind",
        target=practice,
        actor=world.focal_point,
    )
    assert [n.recipient for n in created] == [world.member]


def test_email_after_commit_in_the_recipients_language(
    world, practice, kind_templates, mailoutbox, django_capture_on_commit_callbacks
):
    world.member.preferred_language = "fr"
    world.member.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.member], "test-language", target=practice, data={"url": "/somewhere/"})
        assert mailoutbox == []  # nothing before the commit
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [world.member.email]
    assert email.subject == "[Strong Cities Hub] language=fr about Street mediators"
    assert email.body.startswith("language=fr about Street mediators\n")  # not escaped
    assert f"\n{settings.SITE_URL}/somewhere/\n" in email.body
    assert Notification.objects.get(kind="test-language").emailed_at is not None


def test_unsubscribe_link_in_body_and_header(world, practice, mailoutbox):
    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    email = mailoutbox[0]
    header = email.extra_headers["List-Unsubscribe"]
    url = re.fullmatch(r"<(.+)>", header).group(1)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.body.count("/unsubscribe/") == 1
    assert url in email.body
    assert url.startswith(f"{settings.SITE_URL}/me/notifications/unsubscribe/")


def test_a_retried_delivery_sends_nothing_twice(world, practice, mailoutbox):
    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    deliver.call(notification.pk)
    assert len(mailoutbox) == 1


def test_a_kind_without_template_gets_a_neutral_sentence(world, practice):
    (notification,) = notify([world.member], "no-such-kind", target=practice)
    assert render_text(notification) == "Something changed: Street mediators"
    (without_target,) = notify([world.member], "no-such-kind")
    assert render_text(without_target) == "Something changed."


def test_html_escapes_once_and_email_not_at_all(world, kind_templates):
    practice = make_practice(world.other_city, title="Parents & <schools>")
    (notification,) = notify([world.member], "test-language", target=practice)
    assert render_text(notification, html=True) == (
        "language=en about Parents &amp; &lt;schools&gt;"
    )
    assert render_text(notification) == "language=en about Parents & <schools>"


def test_email_off_sends_nothing_and_marks_nothing(world, practice, mailoutbox):
    set_email_mode(world.member, NotificationPreference.EmailMode.OFF)
    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_digest_mode_leaves_it_for_the_digest(world, practice, mailoutbox):
    set_email_mode(world.member, NotificationPreference.EmailMode.DIGEST)
    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_no_email_about_what_the_recipient_can_no_longer_see(world, practice, mailoutbox):
    (notification,) = notify([world.member], "test-kind", target=practice)
    restrict_to_owner(practice, world.secretariat)
    deliver.call(notification.pk)
    assert mailoutbox == []


def test_the_email_link_leads_to_the_target(world, practice, mailoutbox):
    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    link = settings.SITE_URL + reverse("practices:detail", args=[practice.slug])
    assert f"\n{link}\n" in mailoutbox[0].body
