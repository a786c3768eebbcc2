"""The demo network: one story shared by every feature (see docs/demo.md).

The data lives in core/demo_data/*.json. Loading is one transaction and idempotent: cities and
partners are matched by slug, people by email, applications by city and country, so running it
again creates nothing twice. Demo accounts share one password and the secretariat administrator
gets TOTP with a fixed, published secret: the loader refuses to run unless DEMO_MODE is on.
"""

import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from strongcities.accounts import services as accounts
from strongcities.accounts.models import CityRole, Invitation, PartnerRole, User
from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept
from strongcities.events.demo import load_events
from strongcities.exchanges.demo import load_exchanges
from strongcities.members.models import City, MembershipApplication, Partner
from strongcities.practices.demo import load_practices

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "strong-cities-demo"  # noqa: S105 (published on purpose: demo accounts only)
DEMO_TOTP_SECRET = "STRONGCITIESDEMOHUBTOTPSECRETKEY"  # noqa: S105 (base32, demo only)
LANGS = [code for code, _name in settings.LANGUAGES]


class DemoError(DomainError):
    pass


@dataclass
class Output:
    """Where the loader reports: a Django OutputWrapper, a file, or sys.stdout."""

    stream: Any

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")

    @property
    def raw(self) -> IO:
        """The underlying file (tqdm writes carriage returns, not lines)."""
        return getattr(self.stream, "_out", self.stream)

    @property
    def is_tty(self) -> bool:
        isatty = getattr(self.raw, "isatty", None)
        return bool(isatty and isatty())


def read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def translated(field: str, values: dict[str, str]) -> dict[str, str]:
    """{"name_en": ..., "name_fr": ...}; languages left out fall back to English."""
    return {f"{field}_{lang}": values.get(lang, "") for lang in LANGS}


def concepts(scheme: str) -> dict[str, Concept]:
    found = {c.code: c for c in Concept.objects.filter(scheme__code=scheme)}
    if not found:
        raise DemoError(_("Load the taxonomy first: manage.py load_taxonomy."))
    return found


def load_cities(out: Output) -> dict[str, City]:
    regions, themes, audiences = concepts("region"), concepts("theme"), concepts("audience")
    cities = {}
    rows = read("cities.json")
    for row in tqdm(rows, desc="Cities", unit="city", file=out.raw, disable=not out.is_tty):
        city, _created = City.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"]["en"],
                **translated("name", row["name"]),
                "summary": row["summary"]["en"],
                **translated("summary", row["summary"]),
                "country": row["country"],
                "region": regions[row["region"]],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "population": row["population"],
                "languages": row["languages"],
                "status": row.get("status", City.Status.MEMBER),
                "joined_on": date.fromisoformat(row["joined_on"]),
            },
        )
        city.challenges.set([themes[code] for code in row["challenges"]])
        # The context profile matching reads (docs/matching.md).
        city.priority_audiences.set([audiences[code] for code in row["priority_audiences"]])
        city.running_themes.set([themes[code] for code in row["running_themes"]])
        cities[city.slug] = city
    return cities


def load_partners() -> dict[str, Partner]:
    partners = {}
    for row in read("partners.json"):
        partner, _created = Partner.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"]["en"],
                **translated("name", row["name"]),
                "description": row["description"]["en"],
                **translated("description", row["description"]),
                "kind": row["kind"],
                "country": row["country"],
                "website": row["website"],
            },
        )
        partners[partner.slug] = partner
    return partners


def ensure_user(row: dict, sectors: dict[str, Concept]) -> User:
    """The person with this email, created with the demo password and profile if new."""
    user = User.objects.filter(email__iexact=row["email"]).first()
    if user is None:
        user = accounts.create_account(
            row["email"],
            full_name=row["full_name"],
            language=row["language"],
            password=DEMO_PASSWORD,
        )
        accounts.update_profile(
            user,
            full_name=row["full_name"],
            job_title=row["job_title"],
            sector=sectors.get(row["sector"]) if row["sector"] else None,
            preferred_language=row["language"],
        )
    return user


def ensure_mfa(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)  # keeps existing codes


def load_people(cities: dict[str, City], partners: dict[str, Partner]) -> dict[str, User]:
    sectors = concepts("sector")
    people = {}
    for row in read("people.json"):
        user = ensure_user(row, sectors)
        if role := row.get("global_role"):
            accounts.grant_global_role(user, role)  # secretariat roles reach the admin
        if row.get("totp"):
            ensure_mfa(user)
        if slug := row.get("city"):
            city = cities[slug]
            if not CityRole.objects.filter(user=user, city=city).exists():
                accounts.add_to_city(user, city, row["city_role"])
        if slug := row.get("partner"):
            PartnerRole.objects.get_or_create(user=user, partner=partners[slug])
        people[user.email] = user
    return people


def load_applications() -> int:
    regions, themes = concepts("region"), concepts("theme")
    created = 0
    for row in read("applications.json"):
        fields = {k: v for k, v in row.items() if k not in {"region", "challenges"}}
        if MembershipApplication.objects.filter(
            city_name=row["city_name"], country=row["country"]
        ).exists():
            continue
        application = MembershipApplication.objects.create(
            **{
                **fields,
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
            },
            region=regions[row["region"]],
            endorsement_confirmed=True,
        )
        application.challenges.set([themes[code] for code in row["challenges"]])
        created += 1
    return created


def load_invitations(cities: dict[str, City], people: dict[str, User]) -> list[str]:
    """Open city-team invitations (sent by email through the usual service); new links."""
    sectors = concepts("sector")
    links = []
    for row in read("invitations.json"):
        city = cities[row["city"]]
        if Invitation.objects.open().filter(city=city, email__iexact=row["email"]).exists():
            continue
        if CityRole.objects.filter(city=city, user__email__iexact=row["email"]).exists():
            continue
        _invitation, token = accounts.invite_to_city(
            city,
            row["email"],
            role=row["role"],
            invited_by=people[row["invited_by"]],
            full_name=row["full_name"],
            language=row["language"],
            sector=sectors[row["sector"]],
        )
        links.append(f"{row['email']} → {accounts.invitation_url(token)}")
    return links


def load_demo(once: bool = False, stdout: Any = None) -> bool:
    """Load the demo data; returns False when `once` finds it already loaded."""
    out = Output(stdout if stdout is not None else sys.stdout)
    if not settings.DEMO_MODE:
        raise DemoError(_("The demo network can only be loaded when DEMO_MODE is on."))
    if once and City.objects.exists():
        out.line("The demo network is already loaded (cities exist); nothing was changed.")
        print_accounts(out)
        return False
    with translation.override("en"), transaction.atomic():
        cities = load_cities(out)
        partners = load_partners()
        people = load_people(cities, partners)
        applications = load_applications()
        links = load_invitations(cities, people)
        practices = load_practices(cities, partners, people, out)
        events = load_events(cities, people, practices.practices)
        exchanges = load_exchanges(cities, partners, people, practices.practices)
    matches = recompute_matches()
    members = sum(1 for c in cities.values() if c.status == City.Status.MEMBER)
    out.line(
        f"Demo network loaded: {members} member cities, {len(partners)} partners, "
        f"{len(people)} people, {applications} new membership applications."
    )
    out.line(f"Practice library: {practices}.")
    out.line(f"Events: {events}.")
    out.line(f"Exchanges: {exchanges}.")
    out.line(f"Matching: {matches}.")
    for link in links:
        out.line(f"Open invitation: {link}")
    print_accounts(out)
    return True


def recompute_matches() -> str:
    """Score every member city's peers and practices afresh, once everything is loaded."""
    from strongcities.matching.services import recompute_all

    run = recompute_all()
    return f"recommendations computed for {run.cities_done} cities"


ROLE_NAMES = {
    "secretariat-admin": "Secretariat admin",
    "secretariat-editor": "Secretariat editor",
    "expert-reviewer": "Expert reviewer",
    "judge": "Judge",
    "focal-point": "Focal point",
    "member": "Practitioner",
}


def role_of(row: dict, sectors: dict[str, str]) -> str:
    """How the accounts table names a person's role: "Practitioner (Police)"."""
    if row.get("partner"):
        return "Partner organisation member"
    role = ROLE_NAMES[row.get("global_role") or row["city_role"]]
    if row.get("city_role") == "member" and row.get("sector"):
        return f"{role} ({sectors.get(row['sector'], row['sector'])})"
    return role


def print_accounts(out: Output) -> None:
    """The table of demo accounts, the password, and the secretariat's second factor."""
    rows = read("people.json")
    existing = set(
        User.objects.filter(email__in=[r["email"] for r in rows]).values_list("email", flat=True)
    )
    names = {c.slug: c.name_en for c in City.objects.only("slug", "name_en")}
    names |= {p.slug: p.name_en for p in Partner.objects.only("slug", "name_en")}
    sectors = dict(Concept.objects.in_scheme("sector").values_list("code", "label_en"))
    table = [("Email", "Role", "City / organisation", "Language")]
    table += [
        (
            r["email"],
            role_of(r, sectors),
            names.get(r.get("city") or r.get("partner"), "—"),
            r["language"],
        )
        for r in rows
        if r["email"] in existing
    ]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    out.line()
    out.line("Demo accounts")
    for index, row in enumerate(table):
        out.line("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            out.line("  " + "  ".join("-" * w for w in widths))
    out.line()
    out.line(f"Password for every demo account: {DEMO_PASSWORD}")
    print_second_factor(out, [r for r in rows if r.get("totp") and r["email"] in existing])


def print_second_factor(out: Output, rows: list[dict]) -> None:
    for row in rows:
        user = User.objects.get(email=row["email"])
        codes_row = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).first()
        issuer = quote(settings.MFA_TOTP_ISSUER)
        uri = (
            f"otpauth://totp/{issuer}:{quote(user.email)}?secret={DEMO_TOTP_SECRET}&issuer={issuer}"
        )
        code = format_hotp_value(
            hotp_value(DEMO_TOTP_SECRET, int(time.time()) // mfa_settings.TOTP_PERIOD)
        )
        out.line(f"{user.email} signs in with a second factor (TOTP):")
        out.line(f"  secret for an authenticator app: {DEMO_TOTP_SECRET}")
        out.line(f"  or scan/open: {uri}")
        out.line(f"  code right now (it changes every {mfa_settings.TOTP_PERIOD} s): {code}")
        if codes_row is not None:
            codes = RecoveryCodes(codes_row).get_unused_codes()
            out.line(f"  unused recovery codes: {' '.join(codes)}")
