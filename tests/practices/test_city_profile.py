"""A city profile lists the city's published practices the reader may see, nothing else."""

import pytest
from django.urls import reverse

from strongcities.core.visibility import Visibility
from strongcities.practices.models import Practice
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(world):
    make_practice(world.city, title="Open mentoring", visibility=Visibility.PUBLIC)
    make_practice(world.city, title="Zanzibarine protocol", visibility=Visibility.RESTRICTED)
    make_practice(world.city, title="Unfinished draft", status=Practice.Status.DRAFT)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("anonymous", ["Open mentoring"]),
        ("other_focal_point", ["Open mentoring"]),
        ("member", ["Open mentoring", "Zanzibarine protocol"]),
        ("secretariat", ["Open mentoring", "Zanzibarine protocol"]),
    ],
)
def test_profile_lists_visible_published_practices(client, world, practices, role, shown):
    if world.user(role):
        client.force_login(world.user(role))
    response = client.get(reverse("members:city", args=[world.city.slug]))
    titles = [p.display_title for p in response.context["practices"]]
    assert sorted(titles) == shown
    html = response.content.decode()
    assert ("Zanzibarine" in html) is ("Zanzibarine protocol" in shown)
    assert "Unfinished draft" not in html
