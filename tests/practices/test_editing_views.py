"""The writing side of the library: creating and editing practices, each workflow step by each
role, attachments, a team's own practices and the secretariat's review queue."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from strongcities.core.visibility import Visibility
from strongcities.practices import services
from strongcities.practices.models import Attachment, Practice, PracticeVersion, StatusChange
from tests.factories import CityFactory, CityRoleFactory, UserFactory, concept
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
# The header's unread-notifications badge (includes/header.html) on every signed-in page.
HEADER = 2
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def url(name: str, practice: Practice, **kwargs) -> str:
    return reverse(f"practices:{name}", kwargs={"key": practice.slug, **kwargs})


def practice_data(world, **overrides) -> dict:
    data = {
        "owner": f"city:{world.city.pk}",
        "language": "en",
        "title": "Neighbourhood mothers",
        "summary": "Mothers trained to talk with families about radicalisation.",
        "approach": "Weekly home visits.",
        "themes": [concept("theme", "family-support").pk],
        "audiences": [concept("audience", "parents-families").pk],
        "stakeholders": [concept("sector", "social-worker").pk],
        "prevention_level": concept("prevention-level", "primary").pk,
        "evidence_level": concept("evidence-level", "monitored").pk,
        "geographic_scope": "",
        "start_year": "2019",
        "still_running": "on",
        "contact_name": "Leila Haddad",
        "contact_role": "Coordinator",
        "contact_email": "leila@tunis.example.org",
        "visibility": Visibility.MEMBERS,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- create ------------------------------------------------------------------------------


def test_create_page_for_a_city_team(client, world):
    client.force_login(world.focal_point)
    response = client.get(reverse("practices:create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<input type="hidden" name="owner" value="city:{world.city.pk}">' in html
    assert 'name="title_fr"' in html
    assert "<details" in html


def test_create_anonymous_goes_to_sign_in(client):
    response = client.get(reverse("practices:create"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/practices/new/"


def test_create_refused_without_a_city(client, world):
    client.force_login(UserFactory())
    assert client.get(reverse("practices:create")).status_code == 404
    assert client.post(reverse("practices:create"), practice_data(world)).status_code == 404
    assert Practice.objects.count() == 0


def test_create_saves_a_draft_of_my_city(client, world):
    client.force_login(world.member)
    response = client.post(reverse("practices:create"), practice_data(world))
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.slug}/"
    assert practice.slug == "neighbourhood-mothers"
    assert practice.city == world.city
    assert practice.status == Practice.Status.DRAFT
    assert practice.created_by == world.member
    assert practice.language == "en"
    assert practice.title_en == "Neighbourhood mothers"
    assert practice.approach_en == "Weekly home visits."
    assert practice.title_fr == ""
    assert [c.code for c in practice.themes.all()] == ["family-support"]
    assert [c.code for c in practice.audiences.all()] == ["parents-families"]
    assert [c.code for c in practice.stakeholders.all()] == ["social-worker"]
    assert practice.prevention_level.code == "primary"
    assert practice.evidence_level.code == "monitored"
    assert practice.geographic_scope is None
    assert practice.start_year == 2019
    assert practice.still_running is True
    assert practice.contact_email == "leila@tunis.example.org"
    assert practice.visibility == Visibility.MEMBERS
    assert messages_of(response) == [
        "The practice was saved as a draft. Submit it for review when it is ready."
    ]


def test_create_invalid_shows_field_errors_and_saves_nothing(client, world):
    client.force_login(world.focal_point)
    data = practice_data(world, title="", summary="", start_year="1800", contact_email="nope")
    response = client.post(reverse("practices:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "title": ["This field is required."],
        "summary": ["This field is required."],
        "start_year": ["Ensure this value is greater than or equal to 1950."],
        "contact_email": ["Enter a valid email address."],
    }
    assert "The practice was not saved. Please correct the fields marked below." in (
        response.content.decode()
    )
    assert Practice.objects.count() == 0


def test_validation_errors_are_in_the_reader_language(client, world):
    world.focal_point.preferred_language = "fr"
    world.focal_point.save()
    client.force_login(world.focal_point)
    response = client.post(reverse("practices:create"), practice_data(world, title=""))
    assert response.context["form"].errors["title"] == ["Ce champ est obligatoire."]


def test_create_with_translations_in_their_columns(client, world):
    client.force_login(world.focal_point)
    data = practice_data(
        world,
        language="fr",
        title="Mères de quartier",
        summary="Des mères formées pour parler avec les familles.",
        approach="Visites hebdomadaires.",
        title_en="Neighbourhood mothers",
        summary_en="Mothers trained to talk with families.",
        title_ar="أمهات الحي",
    )
    response = client.post(reverse("practices:create"), data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.language == "fr"
    assert practice.title_fr == "Mères de quartier"
    assert practice.approach_fr == "Visites hebdomadaires."
    assert practice.title_en == "Neighbourhood mothers"
    assert practice.summary_en == "Mothers trained to talk with families."
    assert practice.approach_en == ""
    assert practice.title_ar == "أمهات الحي"
    assert practice.title_es == ""
    assert practice.languages() == ["fr", "en", "ar"]


def test_a_translation_needs_a_title(client, world):
    client.force_login(world.focal_point)
    data = practice_data(world, summary_fr="Un résumé sans titre.")
    response = client.post(reverse("practices:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title_fr": ["A translation needs at least a title (French)."]
    }
    assert Practice.objects.count() == 0


def test_the_original_language_is_not_a_translation(client, world):
    client.force_login(world.focal_point)
    response = client.post(reverse("practices:create"), practice_data(world, title_en="Again"))
    assert response.context["form"].errors == {
        "title_en": [
            "This is the original language of the practice: write its text in the main "
            "fields, not as a translation."
        ]
    }


def test_restricted_practice_shared_with_named_cities(client, world):
    client.force_login(world.focal_point)
    data = practice_data(world, visibility=Visibility.RESTRICTED, shared_with=[world.other_city.pk])
    assert client.post(reverse("practices:create"), data).status_code == 302
    practice = Practice.objects.get()
    assert practice.visibility == Visibility.RESTRICTED
    assert list(practice.shared_with.all()) == [world.other_city]


def test_sharing_only_when_restricted(client, world):
    client.force_login(world.focal_point)
    data = practice_data(world, visibility=Visibility.MEMBERS, shared_with=[world.other_city.pk])
    response = client.post(reverse("practices:create"), data)
    assert response.context["form"].errors == {
        "shared_with": ["Only a restricted practice is shared with named cities."]
    }
    assert Practice.objects.count() == 0


def test_related_practices_only_among_visible_ones(client, world):
    public = make_practice(world.other_city, title="Open doors")
    hidden = make_practice(world.other_city, title="Quiet work", visibility=Visibility.RESTRICTED)
    client.force_login(world.focal_point)
    form = client.get(reverse("practices:create")).context["form"]
    assert list(form.fields["related"].queryset) == [public]
    response = client.post(
        reverse("practices:create"), practice_data(world, related=[public.pk, hidden.pk])
    )
    assert response.context["form"].errors == {
        "related": [f"Select a valid choice. {hidden.pk} is not one of the available choices."]
    }
    response = client.post(reverse("practices:create"), practice_data(world, related=[public.pk]))
    assert response.status_code == 302
    created = Practice.objects.get(slug="neighbourhood-mothers")
    assert list(created.related.all()) == [public]


def test_a_user_of_several_cities_picks_the_owner(client, world):
    CityRoleFactory(user=world.member, city=world.other_city, role="member")
    outsider = CityFactory(slug="oslo", name="Oslo")
    client.force_login(world.member)
    form = client.get(reverse("practices:create")).context["form"]
    assert form.fields["owner"].choices == [
        (f"city:{world.other_city.pk}", "Aarhus"),
        (f"city:{world.city.pk}", "Tunis"),
    ]
    response = client.post(
        reverse("practices:create"), practice_data(world, owner=f"city:{outsider.pk}")
    )
    assert response.context["form"].errors == {
        "owner": [f"Select a valid choice. city:{outsider.pk} is not one of the available choices."]
    }
    data = practice_data(world, owner=f"city:{world.other_city.pk}")
    assert client.post(reverse("practices:create"), data).status_code == 302
    assert Practice.objects.get().city == world.other_city


def test_the_secretariat_creates_for_any_member_city(client, world):
    client.force_login(world.secretariat)
    data = practice_data(world, owner=f"city:{world.other_city.pk}")
    assert client.post(reverse("practices:create"), data).status_code == 302
    practice = Practice.objects.get()
    assert practice.city == world.other_city
    assert practice.created_by == world.secretariat


# --- edit --------------------------------------------------------------------------------


def test_edit_page_shows_every_language(client, world):
    practice = make_practice(
        world.city,
        status=Practice.Status.DRAFT,
        title="Youth mentoring",
        translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
    )
    client.force_login(world.member)
    response = client.get(url("edit", practice))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Youth mentoring"
    assert form["title_fr"].value() == "Mentorat des jeunes"
    assert "owner" not in form.fields
    assert "note" not in form.fields


def test_owner_team_edits_a_draft(client, world):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.member)
    data = practice_data(world, title="Mentoring, renamed", title_fr="Mentorat")
    response = client.post(url("edit", practice), data)
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.slug}/"
    practice.refresh_from_db()
    assert practice.title_en == "Mentoring, renamed"
    assert practice.title_fr == "Mentorat"
    assert practice.version == 0
    assert messages_of(response) == ["The changes were saved."]


def test_editing_a_published_practice_keeps_a_version_with_the_note(client, world):
    practice = make_practice(world.city)
    client.force_login(world.focal_point)
    form = client.get(url("edit", practice)).context["form"]
    assert "note" in form.fields
    data = practice_data(world, title="Mentoring 2.0", note="New results for 2024.")
    assert client.post(url("edit", practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.version == 2
    assert PracticeVersion.objects.get(practice=practice, number=2).note == (
        "New results for 2024."
    )


def test_edit_keeps_related_links_the_editor_cannot_see(client, world):
    hidden = make_practice(world.other_city, title="Quiet", visibility=Visibility.RESTRICTED)
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    practice.related.add(hidden)
    client.force_login(world.focal_point)
    assert client.post(url("edit", practice), practice_data(world)).status_code == 302
    assert list(practice.related.all()) == [hidden]


@pytest.mark.parametrize("role", ["other_focal_point", "anonymous"])
def test_other_city_cannot_edit_a_draft(client, world, role):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    if role != "anonymous":
        client.force_login(world.user(role))
    assert client.get(url("edit", practice)).status_code == 404
    assert client.post(url("edit", practice), practice_data(world)).status_code == 404
    practice.refresh_from_db()
    assert practice.title_en == "Youth mentoring in schools"


def test_other_city_cannot_edit_a_published_practice_it_can_read(client, world):
    practice = make_practice(world.city)
    client.force_login(world.other_focal_point)
    assert client.get(url("edit", practice)).status_code == 404


@pytest.mark.parametrize("role", ["focal_point", "member", "secretariat"])
def test_a_submitted_practice_is_locked(client, world, role):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    client.force_login(world.user(role))
    assert client.get(url("edit", practice)).status_code == 404
    assert client.post(url("edit", practice), practice_data(world)).status_code == 404


# --- workflow steps ------------------------------------------------------------------------

STEPS = {
    # step: (start status, end status, roles allowed)
    "submit": ("draft", "submitted", {"focal_point", "secretariat"}),
    "publish": ("submitted", "published", {"secretariat"}),
    "archive": ("published", "archived", {"focal_point", "secretariat"}),
    "restore": ("archived", "published", {"secretariat"}),
}
ROLES = ("anonymous", "member", "focal_point", "other_focal_point", "secretariat")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_step_by_each_role(client, world, step, role):
    start, end, allowed = STEPS[step]
    practice = make_practice(world.city, status=start)
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.post(url(step, practice))
    practice.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        assert response["Location"] == f"/practices/{practice.slug}/"
        assert practice.status == end
        assert practice.history.first().actor == world.user(role)
    else:
        readable = start in ("published", "archived")
        expected = 302 if role == "anonymous" and readable else 404
        assert response.status_code == expected
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")
        assert practice.status == start


def test_submit_after_changes_requested(client, world):
    practice = make_practice(world.city, status=Practice.Status.CHANGES_REQUESTED)
    client.force_login(world.focal_point)
    response = client.post(url("submit", practice))
    assert messages_of(response) == ["The practice was submitted: the secretariat will review it."]
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_a_step_answers_only_post(client, world):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.focal_point)
    assert client.get(url("submit", practice)).status_code == 405


def test_publish_with_a_comment_and_archive_with_a_reason(client, world):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    client.force_login(world.secretariat)
    client.post(url("publish", practice), {"comment": "Welcome to the library."})
    client.post(url("archive", practice), {"comment": "No longer running."})
    comments = [(c.to_status, c.comment) for c in practice.history.all()[:2]]
    assert comments == [
        ("archived", "No longer running."),
        ("published", "Welcome to the library."),
    ]


def test_request_changes_page_and_comment(client, world, mailoutbox):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    client.force_login(world.secretariat)
    page = client.get(url("request_changes", practice))
    assert page.status_code == 200
    assert "What should change" in page.content.decode()
    response = client.post(url("request_changes", practice), {"comment": "Add the results."})
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.slug}/"
    practice.refresh_from_db()
    assert practice.status == Practice.Status.CHANGES_REQUESTED
    change = StatusChange.objects.get(practice=practice, to_status="changes-requested")
    assert (change.comment, change.actor) == ("Add the results.", world.secretariat)


def test_request_changes_needs_a_comment(client, world):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    client.force_login(world.secretariat)
    response = client.post(url("request_changes", practice), {"comment": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"comment": ["Say what should change."]}
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


@pytest.mark.parametrize("role", ["member", "focal_point", "other_focal_point"])
def test_request_changes_is_for_the_secretariat(client, world, role):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    client.force_login(world.user(role))
    assert client.get(url("request_changes", practice)).status_code == 404
    response = client.post(url("request_changes", practice), {"comment": "Mine."})
    assert response.status_code == 404
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 302), ("focal_point", 302), ("other_focal_point", 404), ("secretariat", 404)],
)
def test_confirm_up_to_date_by_the_owner_team(client, world, role, status):
    practice = make_practice(world.city)
    Practice.objects.filter(pk=practice.pk).update(confirmed_at=None)
    client.force_login(world.user(role))
    response = client.post(url("confirm", practice))
    assert response.status_code == status
    practice.refresh_from_db()
    assert (practice.confirmed_at is not None) == (status == 302)


def test_submitting_twice_is_refused(client, world):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.focal_point)
    client.post(url("submit", practice))
    response = client.post(url("submit", practice))
    assert response.status_code == 404


# --- attachments ---------------------------------------------------------------------------


def test_attach_a_pdf(client, world, settings):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.member)
    assert client.get(url("attachment_add", practice)).status_code == 200
    response = client.post(
        url("attachment_add", practice),
        {"title": "Evaluation 2023", "file": SimpleUploadedFile("evaluation.pdf", PDF)},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.slug}/"
    attachment = Attachment.objects.get()
    assert (attachment.title, attachment.filename, attachment.kind, attachment.size) == (
        "Evaluation 2023",
        "evaluation.pdf",
        "pdf",
        len(PDF),
    )
    assert attachment.uploaded_by == world.member
    assert [p.read_bytes() for p in stored_files(settings)] == [PDF]


@pytest.mark.parametrize(
    "refused",
    [
        ("report.pdf", HTML, "Web pages (HTML) are not accepted."),
        ("logo.png", SVG, "SVG images are not accepted: they can contain scripts."),
        (
            "materials.pdf",
            zip_bytes(),
            "Archives (zip files) are not accepted: upload the document itself.",
        ),
    ],
    ids=["html", "svg", "zip"],
)
def test_unsafe_files_are_refused(client, world, settings, refused):
    name, content, message = refused
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    client.force_login(world.focal_point)
    response = client.post(
        url("attachment_add", practice), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize("role", ["other_focal_point", "anonymous"])
def test_attachments_of_a_hidden_practice(client, world, role):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.post(
        url("attachment_add", practice), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == 0


def test_remove_an_attachment(client, world, settings, django_capture_on_commit_callbacks):
    practice = make_practice(world.city, status=Practice.Status.DRAFT)
    attachment = services.add_attachment(
        practice, title="Old", file=SimpleUploadedFile("old.pdf", PDF), user=world.focal_point
    )
    client.force_login(world.other_focal_point)
    remove = url("attachment_remove", practice, pk=attachment.pk)
    assert client.post(remove).status_code == 404
    client.force_login(world.focal_point)
    assert client.get(remove).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove)
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.slug}/files/add/"
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []
    other = make_practice(world.city, status=Practice.Status.DRAFT, title="Other")
    assert client.post(url("attachment_remove", other, pk=attachment.pk)).status_code == 404


# --- mine and the queue --------------------------------------------------------------------


def test_mine_groups_by_status_with_what_to_do(client, world, django_assert_num_queries):
    make_practice(world.city, status=Practice.Status.DRAFT, title="A draft")
    make_practice(world.city, status=Practice.Status.CHANGES_REQUESTED, title="Sent back")
    make_practice(world.city, status=Practice.Status.SUBMITTED, title="Waiting")
    make_practice(world.city, title="Live one")
    make_practice(world.city, title="Live two")
    make_practice(world.other_city, title="Not ours")
    client.force_login(world.member)
    # session, user, global roles, city roles, partner ids, practices, their history
    with django_assert_num_queries(7 + HEADER):
        response = client.get(reverse("practices:mine"))
    assert response.status_code == 200
    groups = [
        (g["status"], [p.title_en for p in g["practices"]]) for g in response.context["groups"]
    ]
    assert groups == [
        ("changes-requested", ["Sent back"]),
        ("draft", ["A draft"]),
        ("submitted", ["Waiting"]),
        ("published", ["Live two", "Live one"]),
    ]
    html = response.content.decode()
    assert "Add results." in html
    assert "Not ours" not in html


def test_mine_query_count_does_not_grow(client, world, django_assert_num_queries):
    for n in range(8):
        make_practice(world.city, status=Practice.Status.CHANGES_REQUESTED, title=f"P{n}")
    client.force_login(world.focal_point)
    with django_assert_num_queries(7 + HEADER):
        client.get(reverse("practices:mine"))


def test_mine_needs_an_account(client, world):
    assert client.get(reverse("practices:mine")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("practices:mine")).status_code == 404


def test_queue_lists_submitted_practices_oldest_first(client, world, django_assert_num_queries):
    first = make_practice(world.other_city, status=Practice.Status.DRAFT, title="First")
    second = make_practice(world.city, status=Practice.Status.DRAFT, title="Second")
    services.submit_practice(first, user=world.other_focal_point)
    services.submit_practice(second, user=world.focal_point)
    make_practice(world.city, status=Practice.Status.DRAFT, title="Still a draft")
    for n in range(3):
        make_practice(world.city, status=Practice.Status.SUBMITTED, title=f"Later {n}")
    client.force_login(world.secretariat)
    # session, user, global roles, MFA check, count, page
    with django_assert_num_queries(6 + HEADER):
        response = client.get(reverse("practices:queue"))
    titles = [p.title_en for p in response.context["page"].object_list]
    assert titles == ["First", "Second", "Later 0", "Later 1", "Later 2"]
    html = response.content.decode()
    assert "Aarhus" in html
    assert "Still a draft" not in html
    assert "5 practices await review." in html


def test_queue_pages(client, world, monkeypatch):
    monkeypatch.setattr("strongcities.practices.views.editing.QUEUE_PAGE_SIZE", 2)
    for n in range(3):
        make_practice(world.city, status=Practice.Status.SUBMITTED, title=f"Waiting {n}")
    client.force_login(world.secretariat)
    first = client.get(reverse("practices:queue")).content.decode()
    assert 'href="?page=2" rel="next"' in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("practices:queue"), {"page": "2"}).content.decode()
    assert 'href="?page=1" rel="prev"' in second
    assert len(client.get(reverse("practices:queue"), {"page": "x"}).context["page"]) == 2


@pytest.mark.parametrize(("role", "status"), [("member", 404), ("focal_point", 404)])
def test_queue_is_for_the_secretariat(client, world, role, status):
    client.force_login(world.user(role))
    assert client.get(reverse("practices:queue")).status_code == status


def test_queue_anonymous_goes_to_sign_in(client):
    response = client.get(reverse("practices:queue"))
    assert response["Location"] == "/accounts/login/?next=/practices/review/"


# --- the workflow partial ----------------------------------------------------------------


def actions_html(practice: Practice, user) -> str:
    return render_to_string(
        "practices/_workflow_actions.html", {"practice": practice, "user": user}
    )


def test_owner_sees_the_comments_when_changes_are_requested(world):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    services.request_changes(practice, user=world.secretariat, comment="Please add costs.")
    practice.refresh_from_db()
    html = actions_html(practice, world.member)
    assert "The secretariat asked for changes" in html
    assert "Please add costs." in html
    assert f'href="/practices/{practice.slug}/edit/"' in html
    assert f'action="/practices/{practice.slug}/submit/"' not in html
    html = actions_html(practice, world.focal_point)
    assert "Submit again for review" in html


def test_the_secretariat_sees_the_review_actions(world):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    html = actions_html(practice, world.secretariat)
    assert f'action="/practices/{practice.slug}/publish/"' in html
    assert f'action="/practices/{practice.slug}/request_changes/"' not in html
    assert f'action="/practices/{practice.slug}/request-changes/"' in html
    assert f'href="/practices/{practice.slug}/edit/"' not in html


def test_a_reader_sees_no_workflow(world):
    practice = make_practice(world.city)
    assert actions_html(practice, world.other_focal_point).strip() == ""


def test_the_partial_shows_the_history_unless_the_page_does(world):
    practice = make_practice(world.city, status=Practice.Status.SUBMITTED)
    services.request_changes(practice, user=world.secretariat, comment="Please add costs.")
    practice.refresh_from_db()
    html = actions_html(practice, world.focal_point)
    assert '<details class="practice-history mt-3" open>' in html
    history = list(practice.history.select_related("actor"))
    html = render_to_string(
        "practices/_workflow_actions.html",
        {"practice": practice, "user": world.focal_point, "history": history},
    )
    assert "practice-history" not in html
    assert "Please add costs." in html
