"""Applying to join the network and the secretariat's review of applications."""

from decimal import Decimal

import factory
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strongcities.accounts.models import Invitation
from strongcities.core.audit.models import AuditEntry
from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept
from strongcities.members import services
from strongcities.members.models import City, MembershipApplication
from tests.factories import concept

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication
        skip_postgeneration_save = True

    city_name = factory.Sequence(lambda n: f"Applicant City {n}")
    country = "MA"
    region = factory.LazyFunction(lambda: concept("region", "middle-east-north-africa"))
    latitude = Decimal("34.020882")
    longitude = Decimal("-6.841650")
    population = 577827
    contact_name = "Salma Idrissi"
    contact_role = "Head of international relations"
    contact_email = factory.Sequence(lambda n: f"contact{n}@city.example.org")
    mayor_name = "Fatima Zahra"
    endorsement_confirmed = True
    languages = factory.LazyFunction(lambda: ["ar", "fr"])
    motivation = "We want to learn from other cities."
    language = "fr"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.SECRETARIAT_EMAIL = "secretariat@example.org"


def form_data(**overrides) -> dict:
    data = {
        "city_name": "Rabat",
        "country": "MA",
        "region": str(concept("region", "middle-east-north-africa").pk),
        "latitude": "34.020882",
        "longitude": "-6.841650",
        "population": "577827",
        "contact_name": "Salma Idrissi",
        "contact_role": "Head of international relations",
        "contact_email": "salma@rabat.example.org",
        "mayor_name": "Fatima Zahra",
        "endorsement_confirmed": "on",
        "languages": "ar, fr",
        "challenges": [
            str(pk) for pk in Concept.objects.in_scheme("theme").values_list("pk", flat=True)[:1]
        ],
        "motivation": "We want to learn from other cities.",
        "language": "fr",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_apply(client, captured, **overrides):
    with captured(execute=True):
        return client.post(reverse("members:apply"), form_data(**overrides))


# --- The public form --------------------------------------------------------------------------


def test_form_defaults_to_the_interface_language(client, db):
    response = client.get(reverse("members:apply"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response.context["form"]["language"].value() == "es"


def test_successful_application(client, db, mailoutbox, django_capture_on_commit_callbacks):
    response = post_apply(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:apply_thanks")
    application = MembershipApplication.objects.get()
    assert (application.city_name, application.country.code) == ("Rabat", "MA")
    assert application.languages == ["ar", "fr"]
    assert application.status == "pending"
    assert application.challenges.count() == 1
    assert [m.to for m in mailoutbox] == [["salma@rabat.example.org"], ["secretariat@example.org"]]
    # Sent in the applicant's language (French), not the interface language of the test.
    assert mailoutbox[0].subject == "[Strong Cities Hub] Nous avons bien reçu la demande de Rabat"
    assert (
        mailoutbox[1].subject == "[Strong Cities Hub] New membership application: Rabat (Morocco)"
    )
    assert f"/cities/applications/{application.pk}/" in mailoutbox[1].body
    assert AuditEntry.objects.filter(action="application.submitted").count() == 1


def test_endorsement_is_required(client, db):
    response = client.post(reverse("members:apply"), form_data(endorsement_confirmed=None))
    assert response.status_code == 200
    assert response.context["form"].errors["endorsement_confirmed"] == [
        "Confirm that the mayor endorses the network's principles, or upload the mayor's "
        "endorsement letter."
    ]
    assert response.context["form"]["city_name"].value() == "Rabat"
    assert MembershipApplication.objects.count() == 0


def test_letter_instead_of_the_checkbox(client, db, django_capture_on_commit_callbacks):
    letter = SimpleUploadedFile("Lettre du maire.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:apply"),
            {**form_data(endorsement_confirmed=None), "endorsement_letter": letter},
        )
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.endorsement_confirmed is False
    assert application.endorsement_letter.name.startswith("applications/endorsements/")
    assert application.endorsement_letter.name.endswith(".pdf")
    assert application.endorsement_letter.read() == PDF


def test_unsafe_letter_is_refused_and_nothing_else_is_lost(client, db):
    letter = SimpleUploadedFile("letter.pdf", b"<html><body><script>x()</script></body></html>")
    response = client.post(
        reverse("members:apply"),
        {**form_data(endorsement_confirmed=None), "endorsement_letter": letter},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["endorsement_letter"] == ["Web pages (HTML) are not accepted."]
    assert form["contact_email"].value() == "salma@rabat.example.org"
    assert MembershipApplication.objects.count() == 0


def test_duplicate_of_a_member_city_in_another_language(client, world):
    City.objects.filter(pk=world.city.pk).update(name_fr="Tunis-Ville")
    response = client.post(
        reverse("members:apply"), form_data(city_name="tunis-ville ", country="TN")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["city_name"] == [
        "This city is already part of the Strong Cities Network. If you work for it, ask its "
        "focal point to invite you."
    ]
    assert response.context["form"]["motivation"].value() == "We want to learn from other cities."


def test_duplicate_of_a_pending_application(client, db):
    MembershipApplicationFactory(city_name="Rabat", country="MA")
    response = client.post(reverse("members:apply"), form_data(city_name="RABAT"))
    assert response.context["form"].errors["city_name"] == [
        "An application for this city is already awaiting review. The secretariat will reply "
        "to it soon."
    ]
    assert MembershipApplication.objects.count() == 1


def test_honeypot_pretends_success_and_keeps_nothing(client, db, mailoutbox):
    response = client.post(reverse("members:apply"), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert MembershipApplication.objects.count() == 0
    assert mailoutbox == []


def test_throttled_per_address(client, db, django_capture_on_commit_callbacks):
    for number in range(services.APPLY_LIMIT):
        response = post_apply(
            client, django_capture_on_commit_callbacks, city_name=f"Town {number}"
        )
        assert response.status_code == 302
    response = post_apply(client, django_capture_on_commit_callbacks, city_name="One too many")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many applications were sent from your connection in the last hour. Please try "
        "again later, or write to the secretariat."
    ]
    assert MembershipApplication.objects.count() == services.APPLY_LIMIT


# --- The review queue -------------------------------------------------------------------------


def test_queue_pending_first_and_filter(client, world, django_assert_num_queries):
    decided = MembershipApplicationFactory(city_name="Older", status="rejected")
    pending = [MembershipApplicationFactory(city_name=f"Pending {n}") for n in range(3)]
    client.force_login(world.secretariat)
    client.get(reverse("members:application_queue"))  # warm the session and role caches
    with django_assert_num_queries(7):  # session, user, roles, MFA, unread badge, count, page
        response = client.get(reverse("members:application_queue"))
    names = [a.city_name for a in response.context["page"].object_list]
    assert names == ["Pending 2", "Pending 1", "Pending 0", "Older"]
    response = client.get(reverse("members:application_queue"), {"status": "rejected"})
    assert [a.pk for a in response.context["page"].object_list] == [decided.pk]
    assert pending[0].pk != decided.pk


def test_queue_query_count_does_not_grow(client, world, django_assert_num_queries):
    MembershipApplicationFactory.create_batch(20)
    client.force_login(world.secretariat)
    client.get(reverse("members:application_queue"))
    with django_assert_num_queries(7):
        client.get(reverse("members:application_queue"))


def test_queue_pages_keep_the_filter(client, world, monkeypatch):
    monkeypatch.setattr("strongcities.members.application_views.PAGE_SIZE", 2)
    MembershipApplicationFactory.create_batch(3)
    client.force_login(world.secretariat)
    url = reverse("members:application_queue")
    first = client.get(url, {"status": "pending"}).content.decode()
    assert 'href="?status=pending&amp;page=2" rel="next"' in first
    assert "Page 1 of 2" in first
    second = client.get(url, {"status": "pending", "page": "2"}).content.decode()
    assert 'href="?status=pending&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in second


def test_detail_shows_everything(client, world):
    application = MembershipApplicationFactory(city_name="Rabat")
    client.force_login(world.secretariat)
    response = client.get(reverse("members:application", args=[application.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Rabat", "Salma Idrissi", "Fatima Zahra", "Morocco", "ar, fr"):
        assert text in content


# --- Decisions --------------------------------------------------------------------------------


def test_approve_creates_the_city_and_invites_the_focal_point(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    application = MembershipApplicationFactory(city_name="Rabat", latitude=None, longitude=None)
    application.challenges.set(Concept.objects.in_scheme("theme")[:1])
    client.force_login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:application_approve", args=[application.pk]),
            {"latitude": "34.02", "longitude": "-6.84"},
        )
    assert response.status_code == 302
    city = City.objects.get(slug="rabat")
    assert (city.status, city.name_en, city.country.code) == ("member", "Rabat", "MA")
    assert (city.latitude, city.longitude) == (Decimal("34.020000"), Decimal("-6.840000"))
    assert city.languages == ["ar", "fr"]
    assert city.challenges.count() == 1
    application.refresh_from_db()
    assert (application.status, application.city, application.reviewed_by) == (
        "approved",
        city,
        world.secretariat,
    )
    invitation = Invitation.objects.get(city=city)
    assert (invitation.email, invitation.role, invitation.language) == (
        application.contact_email,
        "focal-point",
        "fr",
    )
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "application.approved",
        "invitation.sent",
    ]
    assert [m.to for m in mailoutbox] == [[application.contact_email]] * 2


def test_approve_needs_coordinates(world):
    application = MembershipApplicationFactory(latitude=None, longitude=None)
    with pytest.raises(DomainError) as caught:
        services.approve_application(application, by=world.secretariat)
    assert str(caught.value) == "Enter the city's coordinates before approving: the map needs them."
    assert City.objects.filter(status="member").count() == 2


def test_approve_form_requires_coordinates(client, world):
    application = MembershipApplicationFactory()
    client.force_login(world.secretariat)
    response = client.post(reverse("members:application_approve", args=[application.pk]), {})
    assert response.status_code == 400
    assert response.context["approve_form"].errors["latitude"] == ["This field is required."]


def test_cannot_decide_twice(client, world, django_capture_on_commit_callbacks):
    application = MembershipApplicationFactory(city_name="Rabat")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(application, by=world.secretariat, reason="Not a city.")
    with pytest.raises(DomainError) as caught:
        services.approve_application(application, by=world.secretariat)
    assert str(caught.value) == "This application has already been decided (Rejected)."
    client.force_login(world.secretariat)
    response = client.post(
        reverse("members:application_reject", args=[application.pk]), {"reason": "Again"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision_reason == "Not a city."


def test_slug_is_unique(world):
    City.objects.create(
        slug="rabat", name="Rabat", country="FR", region=world.city.region,
        latitude=Decimal(0), longitude=Decimal(0),
    )  # fmt: skip
    application = MembershipApplicationFactory(city_name="Rabat", country="MA")
    assert services.approve_application(application, by=world.secretariat).slug == "rabat-2"


def test_reject_needs_a_reason_and_tells_the_applicant(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    application = MembershipApplicationFactory(city_name="Rabat", language="en")
    client.force_login(world.secretariat)
    url = reverse("members:application_reject", args=[application.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert response.context["reject_form"].errors["reason"] == ["This field is required."]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Rabat is a national capital region."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        "rejected",
        "Rabat is a national capital region.",
    )
    assert mailoutbox[0].subject == "[Strong Cities Hub] About the application of Rabat"
    assert "Rabat is a national capital region." in mailoutbox[0].body
    assert AuditEntry.objects.get().action == "application.rejected"


def test_reject_service_requires_reason(world):
    application = MembershipApplicationFactory()
    with pytest.raises(DomainError) as caught:
        services.reject_application(application, by=world.secretariat, reason=" ")
    assert (str(caught.value), caught.value.field) == (
        "Give the reason for the decision: it is sent to the applicant.",
        "reason",
    )


# --- The letter -------------------------------------------------------------------------------


def test_letter_download_headers_and_audit(client, world):
    application = MembershipApplicationFactory(city_name="Salé")
    application.endorsement_letter.save("0f3a.pdf", ContentFile(PDF))
    client.force_login(world.secretariat)
    response = client.get(reverse("members:application_letter", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="endorsement-sale.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == PDF
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_id) == (
        "application.letter_downloaded",
        world.secretariat,
        str(application.pk),
    )


@pytest.mark.parametrize("role", ["member", "focal_point", "other_focal_point"])
def test_letter_hidden_from_others(client, world, role):
    application = MembershipApplicationFactory()
    application.endorsement_letter.save("0f3a.pdf", ContentFile(PDF))
    client.force_login(getattr(world, role))
    response = client.get(reverse("members:application_letter", args=[application.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == 0
