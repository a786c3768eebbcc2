"""Fixtures shared by every test: the taxonomy, and a small world of cities and people."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from tests.factories import (
    CityFactory,
    CityRoleFactory,
    SecretariatUserFactory,
    UserFactory,
)


def pytest_configure(config):
    from django.conf import settings

    # Real hashing is the point in production and pointless cost in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run as soon as they are enqueued (after commit), so tests see their effects.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped taxonomy is part of every test database."""
    with django_db_blocker.unblock():
        call_command("load_taxonomy", verbosity=0)


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in another language leaves it active in the thread: every test starts in en."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in throttling and other counters live in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded files of a test go to a temporary directory, never into var/uploads."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@dataclass
class World:
    """Two member cities and a person in each role the permission matrix knows."""

    city: object
    other_city: object
    member: object
    focal_point: object
    other_focal_point: object
    secretariat: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db) -> World:
    city = CityFactory(slug="tunis", name="Tunis")
    other_city = CityFactory(slug="aarhus", name="Aarhus")
    member = UserFactory(email="member@tunis.example.org")
    CityRoleFactory(user=member, city=city, role="member")
    focal_point = UserFactory(email="focal@tunis.example.org")
    CityRoleFactory(user=focal_point, city=city, role="focal-point")
    other_focal_point = UserFactory(email="focal@aarhus.example.org")
    CityRoleFactory(user=other_focal_point, city=other_city, role="focal-point")
    return World(
        city=city,
        other_city=other_city,
        member=member,
        focal_point=focal_point,
        other_focal_point=other_focal_point,
        secretariat=SecretariatUserFactory(email="secretariat@example.org"),
    )
