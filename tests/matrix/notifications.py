"""My notifications, marking read, email settings and the unsubscribe link."""

from strongcities.core.notifications.services import notify, unsubscribe_token
from tests.matrix import LOGIN, Entry

SIGNED_IN = {"member": 200, "focal_point": 200, "other_focal_point": 200, "secretariat": 200}


def members_notification(world) -> dict:
    """A notification of the Tunis member: only they may mark it read."""
    (notification,) = notify([world.member], "matrix-kind", data={"url": "/"})
    return {"pk": notification.pk}


def members_token(world) -> dict:
    return {"token": unsubscribe_token(world.member)}


ENTRIES = [
    Entry("notifications:list", expect={"anonymous": LOGIN, **SIGNED_IN}),
    Entry(
        "notifications:list",
        query="?page=x",
        label="bad page",
        expect={"anonymous": LOGIN, **SIGNED_IN},
    ),
    Entry(
        "notifications:read",
        kwargs=members_notification,
        method="post",
        expect={
            "anonymous": LOGIN,
            "member": 302,
            "focal_point": 404,
            "other_focal_point": 404,
            "secretariat": 404,
        },
    ),
    Entry(
        "notifications:read",
        kwargs=members_notification,
        label="get",
        expect={
            "anonymous": LOGIN,
            "member": 405,
            "focal_point": 405,
            "other_focal_point": 405,
            "secretariat": 405,
        },
    ),
    Entry(
        "notifications:read_all",
        method="post",
        expect={
            "anonymous": LOGIN,
            "member": 302,
            "focal_point": 302,
            "other_focal_point": 302,
            "secretariat": 302,
        },
    ),
    Entry("notifications:preferences", expect={"anonymous": LOGIN, **SIGNED_IN}),
    Entry(
        "notifications:preferences",
        method="post",
        data=lambda w: {"email_mode": "digest"},
        label="save",
        expect={
            "anonymous": LOGIN,
            "member": 302,
            "focal_point": 302,
            "other_focal_point": 302,
            "secretariat": 302,
        },
    ),
    Entry(
        "notifications:preferences",
        method="post",
        data=lambda w: {"email_mode": "weekly"},
        label="invalid",
        expect={"anonymous": LOGIN, **SIGNED_IN},
    ),
    Entry("notifications:unsubscribe", every=200, kwargs=members_token),
    Entry(
        "notifications:unsubscribe", every=200, kwargs=members_token, method="post", label="apply"
    ),
    Entry(
        "notifications:unsubscribe",
        every=400,
        kwargs=lambda w: {"token": "not-a-token"},
        label="bad token",
    ),
]
