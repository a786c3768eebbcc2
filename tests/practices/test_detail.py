"""A practice's page: who may open it, what each reader sees, in which language."""

import pytest
from django.urls import reverse

from strongcities.core.audit.models import AuditEntry
from strongcities.core.visibility import Visibility
from strongcities.practices import services
from strongcities.practices.models import Practice
from tests.practices.factories import make_practice, practice_input
from tests.practices.library_helpers import PDF, SECRET_WORD, attach, confidential_practice

pytestmark = pytest.mark.django_db

PUBLISHED = Practice.Status.PUBLISHED
EVERYONE = {
    "anonymous": 200,
    "member": 200,
    "focal_point": 200,
    "other_focal_point": 200,
    "secretariat": 200,
}
MEMBERS = {**EVERYONE, "anonymous": 404}
OWNER_ONLY = {**MEMBERS, "other_focal_point": 404}
CASES = [
    (Visibility.PUBLIC, PUBLISHED, EVERYONE),
    (Visibility.MEMBERS, PUBLISHED, MEMBERS),
    (Visibility.RESTRICTED, PUBLISHED, OWNER_ONLY),
    (Visibility.SECRETARIAT, PUBLISHED, OWNER_ONLY),
    (Visibility.PUBLIC, Practice.Status.ARCHIVED, EVERYONE),
    (Visibility.PUBLIC, Practice.Status.DRAFT, OWNER_ONLY),
    (Visibility.PUBLIC, Practice.Status.SUBMITTED, OWNER_ONLY),
    (Visibility.PUBLIC, Practice.Status.CHANGES_REQUESTED, OWNER_ONLY),
    (Visibility.MEMBERS, Practice.Status.ARCHIVED, MEMBERS),
]


def as_role(client, world, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def url(practice, name="practices:detail", **kwargs):
    return reverse(name, kwargs={"key": practice.slug, **kwargs})


@pytest.mark.parametrize("role", list(EVERYONE))
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def test_who_may_open_a_practice(client, world, role, case):
    visibility, status, expected = case
    practice = make_practice(world.city, visibility=visibility, status=status)
    response = as_role(client, world, role).get(url(practice))
    assert response.status_code == expected[role]
    by_id = client.get(reverse("practices:detail", kwargs={"key": str(practice.pk)}))
    assert by_id.status_code == expected[role]


def test_hidden_practice_is_404_not_a_sign_in_redirect(client, world):
    practice = confidential_practice(world)
    key = str(practice.pk)  # the slug would be echoed back in the page's own address
    paths = [
        reverse(name, kwargs={"key": key}) for name in ("practices:detail", "practices:versions")
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404
        assert SECRET_WORD not in response.content.decode().lower()


def test_unknown_practice_is_404(client, world):
    assert client.get(reverse("practices:detail", kwargs={"key": "no-such"})).status_code == 404
    assert client.get(reverse("practices:detail", kwargs={"key": "999999"})).status_code == 404


def test_page_shows_every_field_with_its_label(client, world):
    practice = make_practice(
        world.city,
        title="Mothers' circles",
        summary="Mothers learn to spot the signs.",
        texts={"approach": "Weekly meetings & role plays <b>here</b>."},
        audiences=("parents-families",),
        stakeholders=("social-worker",),
        start_year=2019,
    )
    html = client.get(url(practice)).content.decode()
    assert '<h1 id="practice-title" lang="en" dir="ltr">Mothers&#x27; circles</h1>' in html
    assert "Approach and activities" in html
    assert "What is done, by whom, how often; the main activities." in html
    assert "Weekly meetings &amp; role plays &lt;b&gt;here&lt;/b&gt;." in html
    assert "Context and problem addressed" not in html  # empty fields are left out
    assert "/practices/?theme=youth-engagement" in html
    assert "/practices/?audience=parents-families" in html
    assert "/practices/?stakeholder=social-worker" in html
    assert f'href="{world.city.get_absolute_url()}"' in html
    assert "Inspiring practice" in html
    assert "2019" in html


def test_peer_reviewed_label_is_explained(client, world):
    practice = make_practice(world.city)
    Practice.objects.filter(pk=practice.pk).update(peer_reviewed=True)
    html = client.get(url(practice)).content.decode()
    assert "Peer reviewed" in html
    assert "An independent expert reviewed this practice" in html


def test_contact_person_only_for_network_members(client, world):
    practice = make_practice(
        world.city, contact_name="Amal Trabelsi", contact_email="amal@tunis.example.org"
    )
    assert "Amal Trabelsi" not in client.get(url(practice)).content.decode()
    client.force_login(world.other_focal_point)
    html = client.get(url(practice)).content.decode()
    assert "Amal Trabelsi" in html
    assert "mailto:amal@tunis.example.org" in html


def test_translation_shown_in_the_readers_language(client, world):
    practice = make_practice(
        world.city,
        title="Youth mentoring",
        translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
    )
    client.cookies["sch_language"] = "fr"
    html = client.get(url(practice)).content.decode()
    assert '<h1 id="practice-title" lang="fr" dir="ltr">Mentorat des jeunes</h1>' in html
    assert '<a href="?lang=en" lang="en" hreflang="en">' in html
    original = client.get(url(practice) + "?lang=en").content.decode()
    assert '<h1 id="practice-title" lang="en" dir="ltr">Youth mentoring</h1>' in original


def test_untranslated_practice_shows_the_original_with_a_note(client, world):
    practice = make_practice(
        world.city,
        language="ar",
        title="حلقات الشباب",
        summary="لقاءات أسبوعية.",
        translations={
            "en": {"title": "Youth circles", "summary": "Weekly meetings."},
            "fr": {"title": "Cercles de jeunes", "summary": "Rencontres."},
        },
    )
    client.cookies["sch_language"] = "es"
    html = client.get(url(practice)).content.decode()
    assert '<h1 id="practice-title" lang="ar" dir="rtl">حلقات الشباب</h1>' in html
    assert "Redactada en" in html  # "Written in ...", in the reader's language (es)
    assert 'href="?lang=en"' in html
    assert 'href="?lang=fr"' in html
    # A language the practice is not written in is ignored.
    assert client.get(url(practice) + "?lang=tr").status_code == 200


def test_note_names_the_original_language(client, world):
    practice = make_practice(world.city, language="ar", title="حلقات", summary="لقاءات.")
    html = client.get(url(practice)).content.decode()
    assert "Written in Arabic." in html
    assert "Also available in:" not in html


def test_related_practices_only_when_visible(client, world):
    hidden = confidential_practice(world)
    visible = make_practice(world.city, title="Visible neighbour")
    data = practice_input(title="Hub practice", related=[hidden, visible])
    practice = services.create_practice(world.city, data)
    services.submit_practice(practice, user=None)
    services.publish_practice(practice, user=world.secretariat)
    html = client.get(url(practice)).content.decode()
    assert "Visible neighbour" in html
    assert SECRET_WORD not in html.lower()
    client.force_login(world.member)
    assert "Zanzibarine youth circles" in client.get(url(practice)).content.decode()


def test_archived_practice_has_a_banner(client, world):
    practice = make_practice(world.city, status=Practice.Status.ARCHIVED)
    html = client.get(url(practice)).content.decode()
    assert "Archived: this practice is no longer listed in the library" in html


def test_draft_banner_and_history_for_the_owner_team(client, world):
    practice = make_practice(world.city, status=Practice.Status.CHANGES_REQUESTED)
    client.force_login(world.member)
    html = client.get(url(practice)).content.decode()
    assert "Changes requested: the secretariat asked for changes" in html
    assert "Workflow history" in html
    assert "Add results." in html


def test_history_hidden_from_other_readers(client, world):
    practice = make_practice(world.city)
    client.force_login(world.other_focal_point)
    html = client.get(url(practice)).content.decode()
    assert "Workflow history" not in html


def test_versions_link_from_version_two(client, world):
    practice = make_practice(world.city)
    versions_url = url(practice, "practices:versions")
    assert versions_url not in client.get(url(practice)).content.decode()
    services.update_practice(practice, practice_input(title="Youth mentoring, new"), note="x")
    assert versions_url in client.get(url(practice)).content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def test_attachments_listed_and_downloaded(client, world, media):
    practice = make_practice(world.city)
    file = attach(practice, title="Facilitator guide")
    html = client.get(url(practice)).content.decode()
    download = reverse("practices:attachment", kwargs={"key": practice.slug, "pk": file.pk})
    assert f'href="{download}"' in html
    assert "Facilitator guide" in html
    assert "PDF · 77\xa0bytes" in html
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'
    # Public files are not audited.
    assert AuditEntry.objects.filter(action="practice.attachment_downloaded").count() == 0


def test_members_attachment_download_is_audited(client, world, media):
    practice = make_practice(world.city, visibility=Visibility.MEMBERS)
    file = attach(practice)
    download = reverse("practices:attachment", kwargs={"key": practice.slug, "pk": file.pk})
    assert client.get(download).status_code == 404
    client.force_login(world.other_focal_point)
    assert client.get(download).status_code == 200
    entry = AuditEntry.objects.get(action="practice.attachment_downloaded")
    assert entry.data == {"file": "guide.pdf", "visibility": "members"}


def test_attachment_must_belong_to_the_practice(client, world, media):
    secret = confidential_practice(world)
    secret_file = attach(secret)
    public = make_practice(world.city)
    wrong = reverse("practices:attachment", kwargs={"key": public.slug, "pk": secret_file.pk})
    client.force_login(world.other_focal_point)
    assert client.get(wrong).status_code == 404
    direct = reverse("practices:attachment", kwargs={"key": secret.slug, "pk": secret_file.pk})
    assert client.get(direct).status_code == 404


def test_detail_query_count_does_not_grow(client, world, media):
    practice = make_practice(world.city, audiences=("parents-families",))
    client.force_login(world.other_focal_point)
    client.get(url(practice))
    few = queries(client, url(practice))
    busy = make_practice(
        world.city,
        audiences=("parents-families", "women", "children"),
        stakeholders=("police", "health"),
        related=[make_practice(world.city, title=f"Related {n}") for n in range(4)],
    )
    for n in range(3):
        attach(busy, title=f"File {n}")
    assert queries(client, url(busy)) == few


def queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_owner_focal_point_sees_the_workflow_actions(client, world):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.focal_point)
    html = client.get(url(practice)).content.decode()
    assert f'action="{url(practice, "practices:submit")}"' in html
    client.force_login(world.secretariat)
    published = make_practice(world.city)
    html = client.get(url(published)).content.decode()
    assert f'action="{url(published, "practices:archive")}"' in html


def test_readers_see_no_workflow(client, world):
    practice = make_practice(world.city)
    client.force_login(world.other_focal_point)
    html = client.get(url(practice)).content.decode()
    assert "Review and publication" not in html
    assert url(practice, "practices:archive") not in html
