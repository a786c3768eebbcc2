"""The demo practice library: what load_demo adds, who sees what, and that a reload adds nothing."""

import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from strongcities.accounts.models import User
from strongcities.core.demo import load_demo
from strongcities.core.notifications.models import Notification
from strongcities.practices.demo import DATA_DIR, read_rows
from strongcities.practices.models import (
    LEVEL_FIELDS,
    TAG_FIELDS,
    TEXT_FIELDS,
    Attachment,
    PeerReview,
    Practice,
    PracticeVersion,
    StatusChange,
)

DOMAIN = "demo.strongcities.org"
TAXONOMY = DATA_DIR.parent / "taxonomy" / "data" / "taxonomy.json"
PUBLIC_LISTED = {
    "demo-aarhus-exit-mentoring",
    "demo-montgomery-faith-working-group",
    "demo-mombasa-county-action-plan",
    "demo-mombasa-police-youth-dialogue",
    "demo-beirut-local-prevention-network",
    "demo-amman-youth-community-centres",
    "demo-tunis-school-resilience",
    "demo-tunis-social-media-literacy",
    "demo-antalya-youth-centres-sport",
    "demo-bogota-welcoming-neighbourhoods",
    "demo-montreal-peer-to-peer",
    "demo-danish-mfa-practitioner-twinning",
}
MEMBERS_LISTED = {
    "demo-montgomery-family-workshops",
    "demo-mombasa-sisters-circles",
    "demo-amman-family-support-line",
    "demo-zeytinburnu-neighbours-meetings",
    "demo-medellin-music-sport-schools",
}
PROTOCOL = "demo-tunis-disengagement-protocol"
INFO_HOUSE = "demo-aarhus-info-house"


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "uploads"
    out = StringIO()
    assert load_demo(stdout=out) is True
    return out.getvalue()


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@{DOMAIN}")


def ids(queryset) -> set[str]:
    return set(queryset.values_list("external_id", flat=True))


def practice(external_id: str) -> Practice:
    return Practice.objects.get(external_id=external_id)


def counts() -> dict[str, int]:
    return {
        "practices": Practice.objects.count(),
        "versions": PracticeVersion.objects.count(),
        "history": StatusChange.objects.count(),
        "attachments": Attachment.objects.count(),
        "reviews": PeerReview.objects.count(),
        "notifications": Notification.objects.count(),
        "related": Practice.related.through.objects.count(),
        "shared": Practice.shared_with.through.objects.count(),
    }


def test_counts_per_status_visibility_language_and_owner(demo):
    practices = Practice.objects.all()
    assert practices.count() == 24
    assert all(p.external_id.startswith("demo-") for p in practices)
    assert Counter(practices.values_list("status", flat=True)) == {
        "published": 20,
        "submitted": 1,
        "changes-requested": 1,
        "draft": 1,
        "archived": 1,
    }
    assert Counter(practices.values_list("visibility", flat=True)) == {
        "public": 13,
        "members": 8,
        "restricted": 2,
        "secretariat": 1,
    }
    assert Counter(practices.values_list("language", flat=True)) == {
        "en": 10,
        "ar": 5,
        "fr": 4,
        "tr": 3,
        "es": 2,
    }
    assert list(
        practices.filter(partner__isnull=False).values_list("partner__slug", flat=True)
    ) == ["danish-mfa"]
    assert Counter(practices.values_list("city__slug", flat=True))["tunis"] == 4
    assert set(practices.filter(peer_reviewed=True).values_list("external_id", flat=True)) == {
        "demo-aarhus-exit-mentoring",
        "demo-montgomery-faith-working-group",
    }
    assert "Practice library: 24 practices (20 published, 1 awaiting review), 24 new." in demo


def test_texts_and_translations(demo):
    translated = [p for p in Practice.objects.all() if len(p.languages()) > 1]
    assert len(translated) == 14
    protocol = practice(PROTOCOL)
    assert protocol.languages() == ["fr", "ar"]
    assert protocol.text("title", "fr") == (
        "Protocole de gestion de cas pour l'accompagnement au désengagement"
    )
    # Fully translated into Arabic for Amman and Beirut: every text field.
    assert all(protocol.text(name, "ar") for name in TEXT_FIELDS)
    amman = practice("demo-amman-youth-community-centres")
    assert amman.languages() == ["ar", "en"]
    assert amman.texts("en")["title"] == "Youth community centres in East Amman neighbourhoods"
    assert amman.texts("fr")["title"] == "مراكز المجتمع الشبابية في أحياء عمّان الشرقية"
    antalya = practice("demo-antalya-youth-centres-sport")
    assert antalya.text("title", "tr") == "Belediye gençlik merkezleri ve mahalle spor okulları"
    assert practice("demo-aarhus-exit-mentoring").languages() == ["en", "fr", "ar", "es"]
    for item in Practice.objects.exclude(status="draft"):
        texts = item.texts(item.language)
        assert all(texts.values()), item.external_id  # every field filled
        assert item.contact_email.endswith(".example.org"), item.external_id
        assert item.start_year is not None
        assert item.themes.exists()
        assert item.audiences.exists()
        assert item.stakeholders.exists()


def test_every_concept_code_is_valid(demo):
    shipped = json.loads(Path(TAXONOMY).read_text(encoding="utf-8"))
    codes = {s["code"]: {c["code"] for c in s["concepts"]} for s in shipped["schemes"]}
    for row in read_rows():
        for name, scheme in TAG_FIELDS.items():
            assert set(row.get(name, [])) <= codes[scheme], (row["external_id"], name)
        for name, scheme in LEVEL_FIELDS.items():
            assert row.get(name) in codes[scheme] | {None}, (row["external_id"], name)
    for item in Practice.objects.prefetch_related("themes", "audiences", "stakeholders"):
        for name, scheme in TAG_FIELDS.items():
            assert {c.scheme.code for c in getattr(item, name).all()} <= {scheme}
        for name, scheme in LEVEL_FIELDS.items():
            concept = getattr(item, name)
            assert concept is None or concept.scheme.code == scheme
    assert practice("demo-antalya-school-guidance").prevention_level is None
    assert practice(PROTOCOL).prevention_level.code == "tertiary"


def test_who_sees_what(demo):
    anonymous = AnonymousUser()
    assert ids(Practice.objects.listed_for(anonymous)) == PUBLIC_LISTED
    assert ids(Practice.objects.visible_to(anonymous)) == PUBLIC_LISTED | {
        "demo-vilvoorde-parent-helpline"
    }
    amman = person("focal.amman")
    assert ids(Practice.objects.listed_for(amman)) == PUBLIC_LISTED | MEMBERS_LISTED | {PROTOCOL}
    assert PROTOCOL in ids(Practice.objects.listed_for(person("faith.beirut")))
    aarhus = person("focal.aarhus")
    assert ids(Practice.objects.listed_for(aarhus)) == PUBLIC_LISTED | MEMBERS_LISTED | {INFO_HOUSE}
    secretariat = person("secretariat")
    assert Practice.objects.listed_for(secretariat).count() == 20
    assert "demo-oslo-prison-probation-mentors" in ids(Practice.objects.listed_for(secretariat))
    tunis = person("teacher.tunis")
    assert ids(Practice.objects.visible_to(tunis)) - ids(Practice.objects.listed_for(tunis)) == {
        "demo-tunis-neighbourhood-work-sites",
        "demo-vilvoorde-parent-helpline",
    }
    assert "demo-beirut-psychosocial-support" in ids(
        Practice.objects.visible_to(person("focal.beirut"))
    )
    assert "demo-beirut-psychosocial-support" not in ids(Practice.objects.visible_to(amman))
    assert set(practice(PROTOCOL).shared_with.values_list("slug", flat=True)) == {
        "amman",
        "beirut",
    }
    assert set(practice(INFO_HOUSE).shared_with.values_list("slug", flat=True)) == {
        "oslo",
        "mechelen",
        "vilvoorde",
    }


def test_workflow_steps_and_what_waits_today(demo):
    editor = person("editor")
    queue = Practice.objects.filter(status="submitted").get()
    assert queue.external_id == "demo-tunis-neighbourhood-work-sites"
    assert queue.history.get().actor == person("focal.tunis")
    returned = practice("demo-antalya-school-guidance")
    assert [(c.to_status, c.actor) for c in returned.history.all()] == [
        ("changes-requested", editor),
        ("submitted", person("focal.antalya")),
    ]
    assert returned.history.first().comment.startswith("Thank you, this is a promising practice")
    archived = practice("demo-vilvoorde-parent-helpline")
    assert archived.history.first().comment == (
        "Archived at the city's request: since January 2023 the helpline has been run by the "
        "regional family support service."
    )
    assert archived.still_running is False
    assert practice("demo-beirut-psychosocial-support").status == "draft"
    aarhus = practice("demo-aarhus-exit-mentoring")
    assert aarhus.published_at.date().isoformat() == "2019-03-12"
    assert aarhus.created_at < aarhus.published_at
    assert [c.to_status for c in aarhus.history.all()] == ["published", "submitted"]
    # Past steps are read history; what waits today is unread.
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.values_list("recipient__email", "kind")) == [
        (f"editor@{DOMAIN}", "practice-submitted"),
        # The exchange requests still waiting for an answer (exchanges/demo.py).
        (f"focal.aarhus@{DOMAIN}", "exchange_proposed"),
        (f"focal.amman@{DOMAIN}", "exchange_proposed"),
        (f"focal.antalya@{DOMAIN}", "practice-changes-requested"),
        (f"focal.mombasa@{DOMAIN}", "peer-review-proposed"),
        (f"secretariat@{DOMAIN}", "practice-submitted"),
        (f"teacher.antalya@{DOMAIN}", "practice-changes-requested"),
    ]
    assert not Notification.objects.filter(read_at__isnull=False, emailed_at__isnull=True).exists()


def test_versions_of_the_updated_practice(demo):
    faith = practice("demo-montgomery-faith-working-group")
    versions = list(faith.versions.all())
    assert [(v.number, v.note) for v in versions] == [
        (3, "Peer reviewed"),
        (
            2,
            "Added the 2023 survey results, the youth subgroup and a lesson learned; "
            "new contact person.",
        ),
        (1, "Published"),
    ]
    first, second = versions[2].data, versions[1].data
    assert "72 in 2024" not in first["texts"]["en"]["results"]
    assert "72 in 2024" in second["texts"]["en"]["results"]
    assert "84 %" in second["texts"]["es"]["results"]
    assert first["texts"]["en"]["title"] == second["texts"]["en"]["title"]
    assert (first["contact"]["name"], second["contact"]["name"]) == (
        "Angela Morris",
        "Samuel Okafor",
    )
    assert versions[1].created_at.date().isoformat() == "2024-03-18"
    assert faith.version == 3
    assert faith.updated_at.date().isoformat() == "2024-03-18"


def test_peer_reviews(demo):
    expert = person("expert")
    reviews = {r.practice.external_id: r for r in PeerReview.objects.select_related("practice")}
    assert {key: r.status for key, r in reviews.items()} == {
        "demo-aarhus-exit-mentoring": "submitted",
        "demo-montgomery-faith-working-group": "submitted",
        "demo-mombasa-county-action-plan": "proposed",
    }
    assert all(r.expert == expert and r.proposed_by == person("editor") for r in reviews.values())
    aarhus = reviews["demo-aarhus-exit-mentoring"]
    assert (aarhus.recommendation, aarhus.is_positive, aarhus.consent_by) == (
        "recommend",
        True,
        person("focal.aarhus"),
    )
    assert aarhus.practice.label == "peer-reviewed"
    assert reviews["demo-montgomery-faith-working-group"].recommendation == "reservations"
    proposed = reviews["demo-mombasa-county-action-plan"]
    assert proposed.practice.label == "inspiring"
    assert rules.has_perm("practices.consent_peer_review", person("focal.mombasa"), proposed)
    assert not rules.has_perm("practices.consent_peer_review", person("youth.mombasa"), proposed)


def test_attachments_pass_the_upload_checks(demo):
    attachments = Attachment.objects.select_related("practice").order_by("pk")
    assert [(a.practice.external_id, a.filename, a.kind) for a in attachments] == [
        ("demo-aarhus-exit-mentoring", "aarhus-mentor-training.pdf", "pdf"),
        ("demo-amman-youth-community-centres", "amman-youth-centres-indicators.csv", "csv"),
        (PROTOCOL, "tunis-fiche-de-liaison.txt", "text"),
    ]
    pdf = attachments[0]
    with pdf.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-1.4")
    assert content.endswith(b"%%EOF\n")
    assert pdf.size == len(content)
    assert attachments[2].practice.visibility == "restricted"
    assert attachments[0].uploaded_by == person("focal.aarhus")


def test_related_practices_are_symmetrical(demo):
    aarhus = practice("demo-aarhus-exit-mentoring")
    assert ids(aarhus.related.all()) == {
        INFO_HOUSE,
        PROTOCOL,
        "demo-danish-mfa-practitioner-twinning",
    }
    assert ids(practice("demo-vilvoorde-parent-helpline").related.all()) == {
        "demo-montgomery-family-workshops",
        "demo-amman-family-support-line",
    }


def test_loading_again_creates_nothing(demo):
    before = counts()
    assert before == {
        "practices": 24,
        "versions": 24,
        "history": 46,
        "attachments": 3,
        "reviews": 3,
        "notifications": before["notifications"],
        "related": 28,
        "shared": 5,
    }
    updated = practice("demo-montgomery-faith-working-group").updated_at
    out = StringIO()
    assert load_demo(stdout=out) is True
    assert counts() == before
    assert practice("demo-montgomery-faith-working-group").updated_at == updated
    assert "Practice library: 24 practices (20 published, 1 awaiting review), 0 new." in (
        out.getvalue()
    )
