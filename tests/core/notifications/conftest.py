"""Fixtures of the notification tests: a test kind template, a practice and a reader."""

from pathlib import Path

import pytest

from strongcities.core.visibility import Visibility
from tests.practices.factories import make_practice

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def kind_templates(settings):
    """Adds tests/core/notifications/templates, with the kind `test-language`."""
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0]["DIRS"] = [*engines[0]["DIRS"], TEMPLATES]
    settings.TEMPLATES = engines


@pytest.fixture
def practice(world):
    """A practice of Aarhus that every member city sees (Tunis people included)."""
    return make_practice(world.other_city, title="Street mediators", visibility=Visibility.MEMBERS)
