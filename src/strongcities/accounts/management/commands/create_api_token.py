"""manage.py create_api_token EMAIL [--name NAME]: a personal API token, printed once."""

from django.core.management.base import BaseCommand, CommandError

from strongcities.accounts.models import User
from strongcities.api.tokens import create_api_token
from strongcities.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The email address the user signs in with.")
        parser.add_argument(
            "--name", default="Command line", help="A name to recognise the token by."
        )

    def handle(self, *args, email: str, name: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the email address {email!r}.")
        try:
            token, raw = create_api_token(user, name)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(raw)
        self.stderr.write(
            f"Token {token.prefix}… ({token.name}) created for {user.email}. "
            "Store it now: it cannot be shown again."
        )
