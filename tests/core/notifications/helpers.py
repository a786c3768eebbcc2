"""Small helpers shared by the notification tests."""

from strongcities.core.visibility import Visibility
from strongcities.practices import services
from tests.practices.factories import practice_input


def restrict_to_owner(practice, secretariat) -> None:
    """After the fact, make `practice` visible to its own city (and the secretariat) only."""
    services.update_practice(
        practice,
        practice_input("Street mediators", visibility=Visibility.RESTRICTED),
        user=secretariat,
    )
