"""My notifications page, marking read, the header badge and the email settings page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strongcities.core.notifications.models import Notification, NotificationPreference
from strongcities.core.notifications.services import email_mode, notify, unread_count
from tests.core.notifications.helpers import restrict_to_owner
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
# session, user, global roles (header), target types, city roles and partner memberships
# (visibility), unread count (badge), count, page, practices
QUERIES = 10


def badge(response) -> str:
    """The header badge's text ('' when there is nothing unread)."""
    html = response.content.decode()
    start = html.index('<span id="notification-badge">')
    return html[start : html.index("</a>", start)]


def test_newest_first_unread_highlighted(client, world, practice):
    first, second = (
        notify([world.member], "test-kind", target=practice, key=f"k{n}")[0] for n in range(2)
    )
    first.read_at = first.created_at
    first.save(update_fields=["read_at"])
    client.force_login(world.member)
    response = client.get(LIST)
    items = response.context["items"]
    assert [item["notification"].pk for item in items] == [second.pk, first.pk]
    assert [item["text"] for item in items] == ["Something changed: Street mediators"] * 2
    assert items[0]["url"] == reverse("practices:detail", args=[practice.slug])
    assert response.content.decode().count("list-group-item-primary") == 1
    assert '>1<span class="visually-hidden"> unread notification</span>' in badge(response)


def test_sentences_in_the_readers_language(client, world, practice, kind_templates):
    world.member.preferred_language = "fr"
    world.member.save(update_fields=["preferred_language"])
    notify([world.member], "test-language", target=practice)
    client.force_login(world.member)
    response = client.get(LIST)
    assert [item["text"] for item in response.context["items"]] == [
        "language=fr about Street mediators"
    ]


def test_only_my_own(client, world, practice):
    notify([world.focal_point], "test-kind", target=practice)
    client.force_login(world.member)
    response = client.get(LIST)
    assert response.context["items"] == []
    assert badge(response) == '<span id="notification-badge"></span>'


def test_invisible_targets_are_neither_listed_nor_counted(client, world, practice):
    (hidden,) = notify([world.member], "test-kind", target=practice)
    shown = make_practice(world.other_city, title="Sports clubs")
    notify([world.member], "test-kind", target=shown)
    notify([world.member], "test-kind")  # about nothing in particular
    restrict_to_owner(practice, world.secretariat)
    client.force_login(world.member)
    response = client.get(LIST)
    texts = [item["text"] for item in response.context["items"]]
    assert texts == ["Something changed.", "Something changed: Sports clubs"]
    assert "Street mediators" not in response.content.decode()
    assert ">2<span" in badge(response)
    assert unread_count(world.member) == 2
    # The owner city still sees it.
    notify([world.other_focal_point], "test-kind", target=practice)
    # practice-published of both practices, and this one
    assert unread_count(world.other_focal_point) == 3
    # Marking it read answers as if it did not exist.
    client.force_login(world.member)
    assert client.post(reverse("notifications:read", args=[hidden.pk])).status_code == 404


def test_a_deleted_target_is_not_shown(client, world):
    doomed = make_practice(world.other_city, title="Gone soon")
    notify([world.member], "test-kind", target=doomed)
    doomed.delete()
    assert unread_count(world.member) == 0


def test_mark_one_read_without_javascript(client, world, practice):
    (notification,) = notify([world.member], "test-kind", target=practice)
    client.force_login(world.member)
    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next": f"{LIST}?page=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(world.member) == 0


def test_next_must_stay_on_the_site(client, world, practice):
    (notification,) = notify([world.member], "test-kind", target=practice)
    client.force_login(world.member)
    response = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == LIST


def test_someone_elses_notification_is_not_found(client, world, practice):
    (notification,) = notify([world.focal_point], "test-kind", target=practice)
    client.force_login(world.member)
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, world, practice):
    notify([world.member], "test-kind", target=practice, key="a")
    notify([world.member], "test-kind", target=practice, key="b")
    notify([world.focal_point], "test-kind", target=practice, key="c")
    client.force_login(world.member)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(kind="test-kind", read_at__isnull=True).count() == 1
    assert unread_count(world.member) == 0


def test_list_is_paginated(client, world, practice):
    for n in range(23):
        notify([world.member], "test-kind", target=practice, key=f"n{n}")
    client.force_login(world.member)
    response = client.get(LIST, {"page": "2"})
    assert len(response.context["items"]) == 3
    assert response.context["page"].paginator.count == 23
    assert client.get(LIST, {"page": "x"}).context["page"].number == 1


def test_list_queries_do_not_grow(client, world, practice, django_assert_num_queries):
    other = make_practice(world.other_city, title="Sports clubs")
    notify([world.member], "test-kind", target=practice, key="first")
    client.force_login(world.member)
    client.get(LIST)  # warm the session and content type caches
    with django_assert_num_queries(QUERIES):
        client.get(LIST)
    for n in range(15):
        notify([world.member], "test-kind", target=other if n % 2 else practice, key=f"n{n}")
    with django_assert_num_queries(QUERIES):
        response = client.get(LIST)
    assert len(response.context["items"]) == 16


def test_other_pages_pay_one_query_when_nothing_is_unread(client, world):
    client.force_login(world.member)
    client.get(reverse("accounts:settings"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("accounts:settings"))
    ours = [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    assert len(ours) == 1


def test_preferences(client, world):
    client.force_login(world.member)
    url = reverse("notifications:preferences")
    response = client.get(url)
    assert response.context["form"]["email_mode"].value() == "immediate"
    response = client.post(url, {"email_mode": "digest"})
    assert response.status_code == 302
    assert email_mode(world.member) == NotificationPreference.EmailMode.DIGEST
    response = client.post(url, {"email_mode": "weekly"})
    assert response.status_code == 200
    assert response.context["form"].errors["email_mode"] == [
        "Select a valid choice. weekly is not one of the available choices."
    ]
    assert email_mode(world.member) == NotificationPreference.EmailMode.DIGEST


@pytest.mark.parametrize("name", ["notifications:list", "notifications:preferences"])
def test_anonymous_is_asked_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
