"""The demo network: who and what it loads, and that loading it again changes nothing."""

import math
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import CommandError, call_command
from django.utils import translation

from strongcities.accounts.models import CityRole, GlobalRole, Invitation, PartnerRole, User
from strongcities.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo
from strongcities.members.models import City, MembershipApplication, Partner

DOMAIN = "demo.strongcities.org"
REGIONS = {
    "africa",
    "middle-east-north-africa",
    "europe",
    "north-america",
    "latin-america-caribbean",
    "asia",
    "oceania",
}


@pytest.fixture
def demo(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    assert load_demo(stdout=out) is True
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "cities": City.objects.count(),
        "partners": Partner.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "city_roles": CityRole.objects.count(),
        "global_roles": GlobalRole.objects.count(),
        "partner_roles": PartnerRole.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "applications": MembershipApplication.objects.count(),
        "invitations": Invitation.objects.count(),
        "challenges": City.challenges.through.objects.count(),
    }


def role(email: str, slug: str) -> str:
    return CityRole.objects.get(user__email=f"{email}@{DOMAIN}", city__slug=slug).role


def test_thirty_five_member_cities_in_all_seven_regions(demo):
    members = City.objects.members()
    assert members.count() == 35
    assert set(members.values_list("region__code", flat=True)) == REGIONS
    assert {
        "mombasa",
        "montgomery-county",
        "antalya",
        "amman",
        "beirut",
        "tunis",
        "aarhus",
    } <= set(members.values_list("slug", flat=True))
    assert list(City.objects.exclude(status="member").values_list("slug", "status")) == [
        ("kisumu", "suspended")
    ]
    for city in members.prefetch_related("challenges"):
        assert 2 <= len(city.challenges.all()) <= 4, city.slug
        assert {c.scheme.code for c in city.challenges.all()} == {"theme"}
        assert city.summary_en
        assert city.joined_on.isoformat() >= "2015-09-01"


def test_cities_carry_translations_and_real_places(demo):
    tunis = City.objects.get(slug="tunis")
    assert (tunis.country.code, tunis.region.code, tunis.languages) == (
        "TN",
        "middle-east-north-africa",
        ["ar", "fr"],
    )
    assert str(tunis.latitude) == "36.806495"
    beirut = City.objects.get(slug="beirut")
    assert [beirut.name_en, beirut.name_fr, beirut.name_ar, beirut.name_tr] == [
        "Beirut",
        "Beyrouth",
        "بيروت",
        "Beyrut",
    ]
    with translation.override("ar"):
        assert str(tunis) == "تونس"
        assert tunis.summary.startswith("تجمع مدينة تونس")
    with translation.override("es"):
        assert str(City.objects.get(slug="aarhus")) == "Aarhus"  # falls back to English
    antalya = City.objects.get(slug="antalya")
    assert antalya.summary_tr.startswith("Antalya Büyükşehir Belediyesi")
    # Two neighbours for the map's overlap handling, and a city near the antimeridian.
    mechelen, vilvoorde = City.objects.get(slug="mechelen"), City.objects.get(slug="vilvoorde")
    distance = math.dist(
        (float(mechelen.latitude), float(mechelen.longitude)),
        (float(vilvoorde.latitude), float(vilvoorde.longitude)),
    )
    assert distance < 0.15  # about 12 km
    assert float(City.objects.get(slug="suva").longitude) > 178


def test_partners(demo):
    ministry = Partner.objects.get(slug="danish-mfa")
    assert (ministry.kind, ministry.country.code, ministry.name_en, ministry.name_fr) == (
        "national-government",
        "DK",
        "Ministry of Foreign Affairs of Denmark",
        "Ministère des Affaires étrangères du Danemark",
    )
    assert dict(Partner.objects.values_list("slug", "kind")) == {
        "danish-mfa": "national-government",
        "civic-bridges-foundation": "donor",
        "northfield-university": "university",
        "youth-voices-network": "ngo",
    }
    assert list(PartnerRole.objects.values_list("user__email", "partner__slug")) == [
        (f"partner@{DOMAIN}", "danish-mfa")
    ]


def test_people_have_the_right_roles_languages_and_sectors(demo):
    assert dict(GlobalRole.objects.values_list("user__email", "role")) == {
        f"secretariat@{DOMAIN}": "secretariat-admin",
        f"editor@{DOMAIN}": "secretariat-editor",
        f"expert@{DOMAIN}": "expert-reviewer",
        f"judge@{DOMAIN}": "judge",
    }
    for slug in ["tunis", "aarhus", "amman", "beirut", "mombasa", "antalya"]:
        assert role(f"focal.{slug}", slug) == "focal-point"
    assert role("focal.montgomery", "montgomery-county") == "focal-point"
    assert role("police.aarhus", "aarhus") == "member"
    languages = dict(User.objects.values_list("email", "preferred_language"))
    assert languages[f"focal.tunis@{DOMAIN}"] == "fr"
    assert languages[f"focal.amman@{DOMAIN}"] == "ar"
    assert languages[f"focal.beirut@{DOMAIN}"] == "ar"
    assert languages[f"focal.antalya@{DOMAIN}"] == "tr"
    sectors = dict(
        User.objects.filter(city_memberships__role="member").values_list("email", "sector__code")
    )
    assert sectors[f"teacher.tunis@{DOMAIN}"] == "education"
    assert sectors[f"police.aarhus@{DOMAIN}"] == "police"
    assert sectors[f"faith.beirut@{DOMAIN}"] == "faith-leader"
    assert sectors[f"youth.mombasa@{DOMAIN}"] == "youth-worker"
    assert User.objects.count() == 21
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 21
    focal = User.objects.get(email=f"focal.tunis@{DOMAIN}")
    assert focal.check_password(DEMO_PASSWORD)
    assert focal.focal_point_city_ids == {City.objects.get(slug="tunis").pk}


def test_the_secretariat_admin_has_totp_and_recovery_codes(demo):
    admin = User.objects.get(email=f"secretariat@{DOMAIN}")
    assert admin.is_secretariat_admin
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    types = set(Authenticator.objects.filter(user=admin).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = RecoveryCodes(
        Authenticator.objects.get(user=admin, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    assert f"unused recovery codes: {' '.join(codes)}" in demo
    assert f"secret for an authenticator app: {DEMO_TOTP_SECRET}" in demo
    editor = User.objects.get(email=f"editor@{DOMAIN}")
    assert (editor.is_staff, editor.is_superuser) == (True, False)
    assert editor.has_perm("taxonomy.change_concept")
    assert editor.is_secretariat
    assert not editor.is_secretariat_admin


def test_applications_and_invitation(demo):
    pending = MembershipApplication.objects.filter(status="pending").order_by("city_name")
    assert [(a.city_name, a.country.code, a.endorsement_confirmed) for a in pending] == [
        ("Kigali", "RW", True),
        ("Tripoli", "LB", True),
    ]
    assert all(a.challenges.count() == 3 for a in pending)
    invitation = Invitation.objects.open().get()
    assert (invitation.city.slug, invitation.email, invitation.role) == (
        "tunis",
        f"new.member.tunis@{DOMAIN}",
        "member",
    )
    assert f"Open invitation: new.member.tunis@{DOMAIN} → http" in demo


def test_output_lists_accounts_and_password(demo):
    assert "Demo network loaded: 35 member cities, 4 partners, 21 people" in demo
    rows = [line.split() for line in demo.splitlines()]
    assert [f"focal.amman@{DOMAIN}", "Focal", "point", "Amman", "ar"] in rows
    assert [
        f"partner@{DOMAIN}",
        "Partner",
        "organisation",
        "member",
        "Ministry",
        "of",
        "Foreign",
        "Affairs",
        "of",
        "Denmark",
        "en",
    ] in rows
    assert f"Password for every demo account: {DEMO_PASSWORD}" in demo
    assert "Practitioner (Police)" in demo


def test_once_on_a_loaded_database_changes_nothing(demo):
    before = snapshot()
    tunis_updated = City.objects.get(slug="tunis").updated_at
    out = StringIO()
    assert load_demo(once=True, stdout=out) is False
    assert snapshot() == before
    assert City.objects.get(slug="tunis").updated_at == tunis_updated
    text = out.getvalue()
    assert text.startswith(
        "The demo network is already loaded (cities exist); nothing was changed."
    )
    assert f"secretariat@{DOMAIN}" in text
    assert f"Password for every demo account: {DEMO_PASSWORD}" in text


def test_once_on_an_empty_database_loads(db, settings):
    settings.DEMO_MODE = True
    assert load_demo(once=True, stdout=StringIO()) is True
    assert City.objects.members().count() == 35


def test_running_twice_does_not_duplicate(demo):
    before = snapshot()
    assert before["cities"] == 36
    assert load_demo(stdout=StringIO()) is True
    assert snapshot() == before


def test_command(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("load_demo", "--once", stdout=out)
    assert "Demo network loaded: 35 member cities" in out.getvalue()
    out = StringIO()
    call_command("load_demo", "--once", stdout=out)
    assert out.getvalue().startswith("The demo network is already loaded")


def test_refused_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError) as error:
        call_command("load_demo", stdout=StringIO())
    assert str(error.value) == "The demo network can only be loaded when DEMO_MODE is on."
    assert City.objects.count() == 0
