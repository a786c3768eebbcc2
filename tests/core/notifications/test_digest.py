"""The daily digest: one email per person in their language, once, about what they may see."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from strongcities.core.notifications.models import Notification, NotificationPreference
from strongcities.core.notifications.services import mark_read, notify, set_email_mode
from strongcities.core.notifications.tasks import send_digest, send_digests
from tests.core.notifications.helpers import restrict_to_owner
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

DIGEST = NotificationPreference.EmailMode.DIGEST


@pytest.fixture
def reader(world):
    world.member.preferred_language = "fr"
    world.member.save(update_fields=["preferred_language"])
    set_email_mode(world.member, DIGEST)
    return world.member


def test_one_email_listing_each_sentence_with_its_link(
    world, reader, practice, kind_templates, mailoutbox
):
    other = make_practice(world.other_city, title="Sports clubs")
    notify([reader], "test-language", target=practice, data={"url": "/first/"})
    notify([reader], "test-language", target=other)
    assert send_digests.call() == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [reader.email]
    with translation.override("fr"):
        expected = ngettext("%(count)s new notification", "%(count)s new notifications", 2)
    assert email.subject == "[Strong Cities Hub] " + expected % {"count": 2}
    assert f"- language=fr about Street mediators\n  {settings.SITE_URL}/first/\n" in email.body
    other_link = settings.SITE_URL + reverse("practices:detail", args=[other.slug])
    assert f"- language=fr about Sports clubs\n  {other_link}\n" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL}/me/notifications/unsubscribe/"
    )
    assert Notification.objects.filter(recipient=reader, emailed_at__isnull=True).count() == 0


def test_a_second_run_sends_nothing(reader, practice, mailoutbox):
    notify([reader], "test-kind", target=practice)
    assert send_digest.call(reader.pk) == 1
    assert send_digest.call(reader.pk) == 0
    assert send_digests.call() == 0
    assert len(mailoutbox) == 1


def test_only_people_who_chose_the_digest(world, practice, mailoutbox):
    (notification,) = notify([world.member], "test-kind", target=practice)
    assert send_digests.call() == 0
    assert send_digest.call(world.member.pk) == 0
    set_email_mode(world.member, NotificationPreference.EmailMode.OFF)
    assert send_digests.call() == 0
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_read_notifications_are_not_emailed(reader, practice, mailoutbox):
    (notification,) = notify([reader], "test-kind", target=practice)
    mark_read(reader, notification.pk)
    assert send_digests.call() == 0
    assert mailoutbox == []


def test_nothing_about_what_the_reader_can_no_longer_see(world, reader, practice, mailoutbox):
    notify([reader], "test-kind", target=practice)
    restrict_to_owner(practice, world.secretariat)
    assert send_digest.call(reader.pk) == 0
    assert mailoutbox == []


def test_invisible_ones_are_left_out_of_a_digest(world, reader, practice, mailoutbox):
    visible = make_practice(world.other_city, title="Sports clubs")
    notify([reader], "test-kind", target=practice)
    notify([reader], "test-kind", target=visible)
    restrict_to_owner(practice, world.secretariat)
    assert send_digest.call(reader.pk) == 1
    assert "Sports clubs" in mailoutbox[0].body
    assert "Street mediators" not in mailoutbox[0].body
