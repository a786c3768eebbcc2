"""Every URL pattern of the site is requested as every role (tests/matrix/ lists them)."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from tests.matrix import ROLES, Entry

# Third-party admin screens are Django's own, behind is_staff; they are checked as a group.
EXCLUDED_NAMESPACES = {"admin"}


def all_entries() -> list[Entry]:
    entries: list[Entry] = []
    for module in pkgutil.iter_modules(tests.matrix.__path__):
        entries += importlib.import_module(f"tests.matrix.{module.name}").ENTRIES
    return entries


def site_url_names() -> set[str]:
    """namespace:name of every named URL pattern, walking includes."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in EXCLUDED_NAMESPACES:
                    continue
                full = (
                    ns
                    if not pattern.namespace or not namespace or ns == namespace
                    else (f"{namespace}:{pattern.namespace}")
                )
                walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


ENTRIES = all_entries()


def test_every_url_pattern_is_in_the_matrix():
    covered = {entry.name for entry in ENTRIES}
    missing = sorted(site_url_names() - covered)
    assert missing == [], f"URL patterns with no permission-matrix entry: {missing}"


def test_matrix_names_exist():
    stale = sorted({entry.name for entry in ENTRIES} - site_url_names())
    assert stale == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "entry", ENTRIES, ids=[f"{e.name}{'[' + e.label + ']' if e.label else ''}" for e in ENTRIES]
)
def test_permission_matrix(client, world, entry: Entry, role: str):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(entry.name, kwargs=entry.kwargs(world) if entry.kwargs else None)
    url += entry.query
    if entry.method == "post":
        response = client.post(url, entry.data(world) if entry.data else {})
    else:
        response = client.get(url)
    assert response.status_code == entry.status_for(role), (role, url)
