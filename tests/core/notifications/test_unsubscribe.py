"""The one unsubscribe link: GET asks, POST turns emails off; a bad link is a clear 400."""

import pytest
from django.conf import settings
from django.urls import reverse

from strongcities.core.notifications.models import NotificationPreference
from strongcities.core.notifications.services import email_mode, set_email_mode, unsubscribe_token

pytestmark = pytest.mark.django_db

OFF = NotificationPreference.EmailMode.OFF


def url(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def test_get_shows_a_button_and_changes_nothing(client, world):
    set_email_mode(world.member, NotificationPreference.EmailMode.DIGEST)
    response = client.get(url(unsubscribe_token(world.member)))
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    assert email_mode(world.member) == NotificationPreference.EmailMode.DIGEST


def test_post_turns_emails_off_without_signing_in(client, world):
    response = client.post(url(unsubscribe_token(world.member)))
    assert response.status_code == 200
    assert response.context["done"] is True
    assert email_mode(world.member) == OFF
    assert email_mode(world.focal_point) == NotificationPreference.EmailMode.IMMEDIATE


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(url(unsubscribe_token(world.member)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert email_mode(world.member) == OFF


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_clear_error(client, world, method):
    token = unsubscribe_token(world.member)
    response = getattr(client, method)(url(token[:-2] + "xx"))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()
    assert email_mode(world.member) == NotificationPreference.EmailMode.IMMEDIATE


def test_a_link_of_a_deactivated_account_is_an_error(client, world):
    token = unsubscribe_token(world.member)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert client.post(url(token)).status_code == 400


def test_the_link_of_the_email_works(client, world, practice, mailoutbox):
    from strongcities.core.notifications.services import notify
    from strongcities.core.notifications.tasks import deliver

    (notification,) = notify([world.member], "test-kind", target=practice)
    deliver.call(notification.pk)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix(settings.SITE_URL)
    assert client.post(path).status_code == 200
    assert email_mode(world.member) == OFF
