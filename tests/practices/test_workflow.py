"""The review workflow of a practice: who may take each step, what each step keeps and tells."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from strongcities.core.audit.models import AuditEntry
from strongcities.core.notifications.models import Notification
from strongcities.core.notifications.tasks import render_text
from strongcities.core.taxonomy.models import Concept
from strongcities.practices import services
from strongcities.practices.models import Practice, PracticeVersion, StatusChange
from tests.factories import concept
from tests.practices.factories import make_practice, practice_input

pytestmark = pytest.mark.django_db

S = Practice.Status
ROLES = ("anonymous", "member", "focal_point", "other_focal_point", "secretariat")


def who(world, role):
    return AnonymousUser() if role == "anonymous" else world.user(role)


def sent(practice=None) -> list[tuple[str, str]]:
    """(recipient email, kind) of the notifications, in creation order."""
    notifications = Notification.objects.order_by("pk").select_related("recipient")
    if practice is not None:
        notifications = notifications.filter(target_id=practice.pk)
    return [(n.recipient.email, n.kind) for n in notifications]


def actions(practice) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(practice.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Who may take each step (django-rules), per status and role.

ALLOWED = {
    # perm: {status: roles allowed}
    "practices.submit_practice": {
        S.DRAFT: {"focal_point", "secretariat"},
        S.CHANGES_REQUESTED: {"focal_point", "secretariat"},
    },
    "practices.change_practice": {
        S.DRAFT: {"member", "focal_point", "secretariat"},
        S.CHANGES_REQUESTED: {"member", "focal_point", "secretariat"},
        S.PUBLISHED: {"member", "focal_point", "secretariat"},
    },
    "practices.review_practice": {S.SUBMITTED: {"secretariat"}},
    "practices.archive_practice": {S.PUBLISHED: {"focal_point", "secretariat"}},
    "practices.restore_practice": {S.ARCHIVED: {"secretariat"}},
    "practices.confirm_practice": {S.PUBLISHED: {"member", "focal_point"}},
    "practices.propose_peer_review": {S.PUBLISHED: {"secretariat"}},
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("perm", list(ALLOWED))
def test_rules_by_status_and_role(world, perm, status):
    practice = make_practice(world.city, status=status, user=world.focal_point)
    answers = {role: rules.has_perm(perm, who(world, role), practice) for role in ROLES}
    expected = {role: role in ALLOWED[perm].get(status, set()) for role in ROLES}
    assert answers == expected


# --- The services refuse steps the status does not allow.

REFUSED = [
    ("submit", S.SUBMITTED),
    ("submit", S.PUBLISHED),
    ("submit", S.ARCHIVED),
    ("request_changes", S.DRAFT),
    ("request_changes", S.CHANGES_REQUESTED),
    ("request_changes", S.PUBLISHED),
    ("publish", S.DRAFT),
    ("publish", S.CHANGES_REQUESTED),
    ("publish", S.PUBLISHED),
    ("publish", S.ARCHIVED),
    ("archive", S.DRAFT),
    ("archive", S.SUBMITTED),
    ("archive", S.ARCHIVED),
    ("restore", S.DRAFT),
    ("restore", S.PUBLISHED),
    ("confirm", S.DRAFT),
    ("confirm", S.SUBMITTED),
    ("confirm", S.ARCHIVED),
]


def take_step(step: str, practice, user):
    steps = {
        "submit": lambda: services.submit_practice(practice, user=user),
        "request_changes": lambda: services.request_changes(
            practice, user=user, comment="More results."
        ),
        "publish": lambda: services.publish_practice(practice, user=user),
        "archive": lambda: services.archive_practice(practice, user=user),
        "restore": lambda: services.restore_practice(practice, user=user),
        "confirm": lambda: services.confirm_up_to_date(practice, user=user),
    }
    return steps[step]()


@pytest.mark.parametrize(("step", "status"), REFUSED)
def test_services_refuse_steps_the_status_does_not_allow(world, step, status):
    practice = make_practice(world.city, status=status, user=world.focal_point)
    history = StatusChange.objects.filter(practice=practice).count()
    with pytest.raises(services.PracticeError):
        take_step(step, practice, world.secretariat)
    assert Practice.objects.get(pk=practice.pk).status == status
    assert StatusChange.objects.filter(practice=practice).count() == history


def test_changes_need_a_comment(world):
    practice = make_practice(world.city, status=S.SUBMITTED, user=world.focal_point)
    with pytest.raises(services.PracticeError) as refused:
        services.request_changes(practice, user=world.secretariat, comment="  ")
    assert refused.value.field == "comment"
    assert Practice.objects.get(pk=practice.pk).status == S.SUBMITTED


def test_a_submitted_practice_cannot_be_edited_by_its_owner(world):
    practice = make_practice(world.city, status=S.SUBMITTED, user=world.focal_point)
    with pytest.raises(services.PracticeError):
        services.update_practice(practice, practice_input("Changed"), user=world.focal_point)


# --- The whole cycle: history, versions, audit and notifications.


def test_the_whole_cycle(world):
    fp, sec = world.focal_point, world.secretariat
    practice = services.create_practice(world.city, practice_input("Street mediators"), user=fp)
    services.submit_practice(practice, user=fp)
    services.request_changes(practice, user=sec, comment="Add the results.")
    services.update_practice(
        practice, practice_input("Street mediators", texts={"results": "Fewer fights"}), user=fp
    )
    services.submit_practice(practice, user=fp)
    services.publish_practice(practice, user=sec, comment="Well documented.")
    services.update_practice(
        practice, practice_input("Street mediators in Tunis"), user=fp, note="New title"
    )
    services.archive_practice(practice, user=sec, comment="Ended.")
    services.restore_practice(practice, user=sec)

    practice = Practice.objects.get(pk=practice.pk)
    assert (practice.status, practice.version, practice.label) == (S.PUBLISHED, 2, "inspiring")
    steps = [
        (c.from_status, c.to_status, c.actor, c.comment) for c in practice.history.order_by("pk")
    ]
    assert steps == [
        (S.DRAFT, S.SUBMITTED, fp, ""),
        (S.SUBMITTED, S.CHANGES_REQUESTED, sec, "Add the results."),
        (S.CHANGES_REQUESTED, S.SUBMITTED, fp, ""),
        (S.SUBMITTED, S.PUBLISHED, sec, "Well documented."),
        (S.PUBLISHED, S.ARCHIVED, sec, "Ended."),
        (S.ARCHIVED, S.PUBLISHED, sec, ""),
    ]
    versions = [
        (v.number, v.note, v.author, v.data["texts"]["en"]["title"])
        for v in PracticeVersion.objects.filter(practice=practice).order_by("number")
    ]
    assert versions == [
        (1, "Published", sec, "Street mediators"),
        (2, "New title", fp, "Street mediators in Tunis"),
    ]
    assert actions(practice) == [
        "practice.created",
        "practice.submitted",
        "practice.changes-requested",
        "practice.updated",
        "practice.submitted",
        "practice.published",
        "practice.updated",
        "practice.archived",
        "practice.published",
    ]
    member, sec_mail = world.member.email, sec.email
    assert sent(practice) == [
        (sec_mail, "practice-submitted"),
        (member, "practice-changes-requested"),
        (fp.email, "practice-changes-requested"),
        (sec_mail, "practice-submitted"),
        (member, "practice-published"),
        (fp.email, "practice-published"),
        (member, "practice-archived"),
        (fp.email, "practice-archived"),
        (member, "practice-restored"),
        (fp.email, "practice-restored"),
    ]


def test_the_actor_is_never_notified(world):
    practice = make_practice(world.city, status=S.PUBLISHED, user=world.focal_point)
    Notification.objects.all().delete()
    services.archive_practice(practice, user=world.focal_point, comment="We stopped.")
    assert sent(practice) == [(world.member.email, "practice-archived")]


def test_archived_practice_keeps_its_versions_and_returns_listed(world):
    practice = make_practice(world.city, status=S.ARCHIVED, user=world.focal_point)
    assert list(Practice.objects.listed_for(world.other_focal_point)) == []
    assert Practice.objects.visible_to(world.other_focal_point).get() == practice
    restored = services.restore_practice(practice, user=world.secretariat)
    assert restored.reminder_sent_at is None
    assert restored.confirmed_at is not None
    assert list(Practice.objects.listed_for(world.other_focal_point)) == [practice]
    assert list(practice.versions.values_list("number", flat=True)) == [1]


def test_update_after_publication_confirms_and_keeps_version(world):
    practice = make_practice(world.city, user=world.focal_point)
    Practice.objects.filter(pk=practice.pk).update(confirmed_at=None, reminder_sent_at=None)
    updated = services.update_practice(
        practice, practice_input("Mentoring 2"), user=world.member, note="Typo"
    )
    assert updated.confirmed_at is not None
    assert list(updated.versions.values_list("number", "note")) == [(2, "Typo"), (1, "Published")]
    entry = AuditEntry.objects.filter(action="practice.updated").get()
    assert (entry.actor, entry.data) == (world.member, {"version": 2})


def test_visibility_change_is_audited(world):
    practice = make_practice(world.city, user=world.focal_point)
    services.update_practice(practice, practice_input(visibility="members"), user=world.member)
    entry = AuditEntry.objects.get(action="practice.visibility_changed")
    assert entry.data == {"before": "public", "after": "members"}


# --- Emails: after commit only, in each recipient's language.


def test_emails_go_after_commit_in_the_recipients_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.member.preferred_language = "fr"
    world.member.save(update_fields=["preferred_language"])
    practice = make_practice(
        world.city,
        status=S.SUBMITTED,
        user=world.focal_point,
        title="Youth mentoring",
        translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(practice, user=world.secretariat)
        assert mailoutbox == []  # nothing leaves before the transaction commits
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_recipient) == [world.focal_point.email, world.member.email]
    assert "Mentorat des jeunes" in by_recipient[world.member.email].body
    assert "Youth mentoring" not in by_recipient[world.member.email].body
    assert '"Youth mentoring"' in by_recipient[world.focal_point.email].subject
    assert f"/practices/{practice.slug}/" in by_recipient[world.member.email].body
    published = Notification.objects.filter(kind="practice-published")
    assert list(published.filter(emailed_at__isnull=True)) == []


def test_no_email_about_a_practice_the_recipient_can_no_longer_see(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = make_practice(world.other_city, status=S.SUBMITTED, visibility="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        # Someone not in the team, named in the notification by mistake, gets no mail.
        services._notify([world.member], "practice-published", outsider, world.secretariat)
    assert mailoutbox == []


# --- The sentences of every practice notification kind.

KINDS = {
    "practice-submitted": 'Fatma (Tunis) submitted the practice "Youth mentoring" for review.',
    "practice-changes-requested": (
        'The secretariat asked for changes to your practice "Youth mentoring": Add results & costs.'
    ),
    "practice-published": (
        'Your practice "Youth mentoring" is published in the library as an inspiring practice.'
    ),
    "practice-archived": 'Your practice "Youth mentoring" was archived: Add results & costs.',
    "practice-restored": 'Your practice "Youth mentoring" is back in the library.',
    "practice-review-reminder": (
        'Is your practice "Youth mentoring" still up to date? Update it or confirm it is '
        "accurate before 2030-01-31, or it will be archived."
    ),
    "peer-review-proposed": (
        'The secretariat proposes an expert peer review of your practice "Youth mentoring". '
        "It needs your consent."
    ),
    "peer-review-requested": (
        'You are asked to peer review the practice "Youth mentoring" (Tunis); its owner has '
        "consented."
    ),
    "peer-review-declined": 'Tunis declined the proposed peer review of the practice "Youth '
    'mentoring".',
    "peer-review-completed": (
        'The peer review of the practice "Youth mentoring" is complete: it now carries the "peer '
        'reviewed" label.'
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_notification_sentences(world, kind):
    world.focal_point.full_name = "Fatma"
    practice = make_practice(world.city, title="Youth mentoring")
    notification = Notification(
        recipient=world.member,
        kind=kind,
        target=practice,
        actor=world.focal_point,
        data={"comment": "Add results & costs.", "archive_on": "2030-01-31", "positive": True},
    )
    assert render_text(notification) == KINDS[kind]


def test_sentences_are_escaped_in_pages(world):
    practice = make_practice(world.city, title="<b>Youth</b> & mentoring")
    notification = Notification(recipient=world.member, kind="practice-restored", target=practice)
    assert render_text(notification, html=True) == (
        'Your practice "&lt;b&gt;Youth&lt;/b&gt; &amp; mentoring" is back in the library.'
    )


def test_sentences_without_actor_or_comment(world):
    practice = make_practice(world.city, title="Youth mentoring")

    def text(kind, **data):
        return render_text(
            Notification(recipient=world.member, kind=kind, target=practice, data=data)
        )

    assert text("practice-submitted") == (
        'The practice "Youth mentoring" (Tunis) was submitted for review.'
    )
    assert text("practice-archived") == (
        'Your practice "Youth mentoring" was archived; it is no longer listed in the library.'
    )
    assert text("peer-review-completed", positive=False) == (
        'The peer review of the practice "Youth mentoring" is complete: it does not carry the '
        '"peer reviewed" label this time.'
    )


def test_a_concept_of_another_scheme_is_refused(world):
    data = practice_input(themes=())
    data.tags["themes"] = [concept("audience", "parents-families")]
    with pytest.raises(services.PracticeError) as refused:
        services.create_practice(world.city, data, user=world.member)
    assert refused.value.field == "themes"


def test_checking_concepts_takes_one_query_however_many(django_assert_num_queries):
    themes = list(Concept.objects.in_scheme("theme")[:4])
    data = practice_input(themes=())
    data.tags["themes"] = themes
    with django_assert_num_queries(1):  # the schemes' ids, not each concept's scheme
        services._check_concepts(data)
