"""Versions of a practice and the readable difference between two of them."""

import pytest
from django.urls import reverse
from django.utils import translation

from strongcities.core.visibility import Visibility
from strongcities.practices import services
from strongcities.practices.diff import version_changes, word_diff
from strongcities.practices.models import Practice
from tests.practices.factories import make_practice, practice_input
from tests.practices.library_helpers import confidential_practice

pytestmark = pytest.mark.django_db


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("Mentors meet pupils weekly", "Mentors meet young pupils monthly") == (
        "Mentors meet <ins>young </ins>pupils <del>weekly</del><ins>monthly</ins>"
    )


def test_word_diff_escapes_html():
    assert word_diff("a <b>bold</b> claim", "a <script>alert(1)</script> claim") == (
        "a <del>&lt;b&gt;bold&lt;/b&gt;</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> claim"
    )


def test_word_diff_of_equal_and_empty_texts():
    assert word_diff("same & same", "same & same") == "same &amp; same"
    assert word_diff("", "new text") == "<ins>new text</ins>"
    assert word_diff("old text", "") == "<del>old text</del>"


def snap(**changes) -> dict:
    base = {
        "language": "en",
        "texts": {"en": {"title": "Youth mentoring", "summary": "Mentors meet pupils."}},
        "tags": {"themes": ["youth-engagement"], "audiences": [], "stakeholders": []},
        "levels": {"prevention_level": None, "evidence_level": None, "geographic_scope": None},
        "visibility": "public",
        "shared_with": [],
        "start_year": 2019,
        "still_running": True,
        "contact": {"name": "Amal", "role": "", "email": "amal@example.org"},
    }
    base.update(changes)
    return base


def test_changes_per_field_and_language():
    new = snap(
        texts={
            "en": {"title": "Youth mentoring", "summary": "Mentors meet young pupils."},
            "fr": {"title": "Mentorat", "summary": ""},
        }
    )
    changes = version_changes(snap(), new)
    assert [(c.label, c.language, c.html) for c in changes.texts] == [
        ("title", "fr", "<ins>Mentorat</ins>"),
        ("summary", "en", "Mentors meet <ins>young </ins>pupils."),
    ]
    assert changes.tags == []
    assert changes.values == []


def test_tags_by_label_in_the_readers_language():
    new = snap(
        tags={"themes": ["online-radicalisation"], "audiences": [], "stakeholders": []},
        levels={"prevention_level": "primary", "evidence_level": None, "geographic_scope": None},
    )
    with translation.override("fr"):
        changes = version_changes(snap(), new)
        assert [(c.added, c.removed) for c in changes.tags] == [
            (["Radicalisation en ligne"], ["Engagement des jeunes"]),
            (["Prévention primaire"], []),
        ]
        assert [c.label for c in changes.tags] == [
            str(Practice._meta.get_field("themes").verbose_name),
            str(Practice._meta.get_field("prevention_level").verbose_name),
        ]


def test_contact_and_sharing_only_when_allowed():
    new = snap(
        contact={"name": "Karim", "role": "", "email": "amal@example.org"},
        visibility="restricted",
        shared_with=["aarhus"],
        start_year=2020,
    )
    public = version_changes(snap(), new)
    assert [(c.label, c.before, c.after) for c in public.values] == [("start year", "2019", "2020")]
    members = version_changes(snap(), new, show_contact=True)
    assert [(c.label, c.before, c.after) for c in members.values] == [
        ("start year", "2019", "2020"),
        ("contact person", "Amal", "Karim"),
    ]
    owner = version_changes(snap(), new, show_contact=True, show_sharing=True)
    assert [(c.label, c.before, c.after) for c in owner.values][2:] == [
        ("visibility", "Public", "Restricted to named cities"),
        ("shared with", "—", "aarhus"),
    ]


def edited(practice, **kwargs):
    return services.update_practice(practice, practice_input(**kwargs), note="Updated results")


def test_versions_page_lists_versions(client, world):
    practice = make_practice(world.city, contact_name="Amal")
    edited(practice, title="Youth mentoring in schools", summary="Mentors meet pupils monthly.")
    page = client.get(reverse("practices:versions", kwargs={"key": practice.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Version 2" in html
    assert "Version 1" in html
    assert "Updated results" in html
    assert '<th scope="col">By</th>' not in html  # authors only for network members


def test_authors_shown_to_network_members(client, world):
    practice = make_practice(world.city)
    services.update_practice(
        practice, practice_input(summary="Changed."), user=world.focal_point, note="n"
    )
    client.force_login(world.other_focal_point)
    html = client.get(reverse("practices:versions", kwargs={"key": practice.slug})).content
    assert world.focal_point.get_full_name().encode() in html


def test_version_page_shows_the_diff(client, world):
    practice = make_practice(world.city, summary="Mentors meet pupils weekly.")
    edited(practice, summary="Mentors meet <pupils> monthly.")
    response = client.get(reverse("practices:version", kwargs={"key": practice.slug, "number": 2}))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Mentors meet <del>pupils</del><ins>&lt;pupils&gt;</ins> "
        "<del>weekly.</del><ins>monthly.</ins>" in html
    )
    first = client.get(reverse("practices:version", kwargs={"key": practice.slug, "number": 1}))
    assert "<ins>Mentors meet pupils weekly.</ins>" in first.content.decode()
    missing = client.get(reverse("practices:version", kwargs={"key": practice.slug, "number": 9}))
    assert missing.status_code == 404


def test_contact_changes_hidden_from_the_public(client, world):
    practice = make_practice(world.city, contact_name="Amal Trabelsi")
    edited(practice, contact_name="Karim Jaziri")
    path = reverse("practices:version", kwargs={"key": practice.slug, "number": 2})
    html = client.get(path).content.decode()
    assert "Karim Jaziri" not in html
    assert "Amal Trabelsi" not in html
    assert "Nothing you can see changed in this version." in html
    client.force_login(world.other_focal_point)
    html = client.get(path).content.decode()
    assert "<del>Amal Trabelsi</del>" in html
    assert "<ins>Karim Jaziri</ins>" in html


def test_sharing_changes_only_for_the_owner_team(client, world):
    practice = make_practice(world.city, visibility=Visibility.MEMBERS)
    edited(practice, visibility=Visibility.RESTRICTED, shared_with=[world.other_city])
    path = reverse("practices:version", kwargs={"key": practice.slug, "number": 2})
    client.force_login(world.other_focal_point)
    html = client.get(path).content.decode()
    assert "aarhus" not in html
    assert "Restricted to named cities" not in html
    client.force_login(world.member)
    html = client.get(path).content.decode()
    assert "<ins>aarhus</ins>" in html


def test_hidden_practice_versions_are_404(client, world):
    practice = confidential_practice(world)
    client.force_login(world.other_focal_point)
    for name, extra in (("practices:versions", {}), ("practices:version", {"number": 1})):
        path = reverse(name, kwargs={"key": str(practice.pk), **extra})
        assert client.get(path).status_code == 404
