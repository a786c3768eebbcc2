"""Create an account for a city team or the secretariat, from the command line."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from strongcities.accounts import services
from strongcities.accounts.models import CityRole, GlobalRole
from strongcities.core.exceptions import DomainError
from strongcities.members.models import City

ROLES = {"member": CityRole.Role.MEMBER, "focal-point": CityRole.Role.FOCAL_POINT}


class Command(BaseCommand):
    help = (
        "Add a person to a city team (--city SLUG --role member|focal-point) or to the "
        "secretariat (--secretariat, with --editor for the editor role). Prints a one-time "
        "password, or with --invite sends the city invitation instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--city", help="slug of the city whose team the person joins")
        parser.add_argument("--role", default="member", help="member or focal-point")
        parser.add_argument("--secretariat", action="store_true", help="a secretariat account")
        parser.add_argument("--editor", action="store_true", help="secretariat editor, not admin")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--language", default="en", help="preferred language (en, fr, ...)")
        parser.add_argument(
            "--invite", action="store_true", help="email the city invitation instead"
        )

    def handle(self, *args, **options) -> None:
        email = options["email"].strip().lower()
        city, role = self.target(options)
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            codes = ", ".join(dict(settings.LANGUAGES))
            raise CommandError(f"Unknown language {language!r}: use one of {codes}.")
        try:
            if options["invite"]:
                self.invite(city, email, role, options)
            else:
                self.create(city, email, role, options)
        except DomainError as error:
            raise CommandError(str(error)) from error

    def target(self, options) -> tuple[City | None, str]:
        if options["secretariat"]:
            if options["city"] or options["invite"]:
                raise CommandError("--secretariat cannot be combined with --city or --invite.")
            role = GlobalRole.Role.EDITOR if options["editor"] else GlobalRole.Role.ADMIN
            return None, role
        if options["editor"]:
            raise CommandError("--editor only applies with --secretariat.")
        if not options["city"]:
            raise CommandError("Give --city SLUG (with --role) or --secretariat.")
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city with the slug {options['city']!r}.")
        if options["role"] not in ROLES:
            raise CommandError(f"Unknown role {options['role']!r}: use member or focal-point.")
        return city, ROLES[options["role"]]

    def invite(self, city: City, email: str, role: str, options) -> None:
        with transaction.atomic():
            invitation, _raw = services.invite_to_city(
                city, email, role=role, full_name=options["name"], language=options["language"]
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Invitation sent to {email} for the {city.name} team "
                f"(valid until {invitation.expires_at:%Y-%m-%d})."
            )
        )

    def create(self, city: City | None, email: str, role: str, options) -> None:
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = services.create_account(
                email, full_name=options["name"], language=options["language"], password=password
            )
            if city is None:
                services.grant_global_role(user, role)
            else:
                services.add_to_city(user, city, role)
        where = "the secretariat" if city is None else f"the {city.name} team"
        self.stdout.write(self.style.SUCCESS(f"Created {email} in {where}."))
        self.stdout.write(f"One-time password: {password}")
        if city is None:
            self.stdout.write(
                "Ask them to change it and to set up an authenticator app at first sign-in."
            )
        else:
            self.stdout.write("Ask them to change it at first sign-in.")
