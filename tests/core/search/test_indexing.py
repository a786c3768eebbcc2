"""The index follows practices after commit; reindex rebuilds it."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from strongcities.core.search import engine, search
from strongcities.core.search.backends import get_backend
from strongcities.core.search.pending import Batch
from strongcities.core.search.vocabulary import VERSION_KEY, get_vocabulary
from strongcities.core.visibility import Visibility
from strongcities.practices import services
from strongcities.practices.models import Practice
from strongcities.practices.search import document_for, index_practices
from tests.factories import CityFactory, concept
from tests.practices.factories import make_practice, practice_input

ANONYMOUS = AnonymousUser()


def indexed() -> set[int]:
    return get_backend().indexed_ids()


def labels_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT labels FROM search_document WHERE id = %s", [pk])
        row = cursor.fetchone()
    return sorted(row[0]) if isinstance(row[0], list) else sorted(row[0].split())


@pytest.mark.django_db
def test_publishing_indexes_on_commit_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        practice = make_practice(world.city, title="Street mediators")
    assert indexed() == set()  # nothing before commit
    [reindex] = [c for c in callbacks if isinstance(c, Batch)]  # one, whatever the signals
    reindex()
    assert indexed() == {practice.pk}


@pytest.mark.django_db
def test_index_follows_changes_status_and_deletion(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(world.city, title="Street mediators")
        draft = make_practice(world.city, title="Draft", status=Practice.Status.DRAFT)
    assert indexed() == {practice.pk}

    data = practice_input("Street mediators", visibility=Visibility.RESTRICTED)
    data.shared_with = [world.other_city]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_practice(practice, data, user=world.focal_point)
    assert labels_of(practice.pk) == [f"city:{world.city.pk}", f"city:{world.other_city.pk}"]
    assert search("mediators", {}, ANONYMOUS, "en").total == 0
    assert search("mediators", {}, world.other_focal_point, "en").total == 1

    with django_capture_on_commit_callbacks(execute=True):
        practice.shared_with.remove(world.other_city)
    assert labels_of(practice.pk) == [f"city:{world.city.pk}"]
    assert search("mediators", {}, world.other_focal_point, "en").total == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.archive_practice(practice, user=world.secretariat)
    assert indexed() == set()
    with django_capture_on_commit_callbacks(execute=True):
        services.restore_practice(practice, user=world.secretariat)
    assert indexed() == {practice.pk}

    with django_capture_on_commit_callbacks(execute=True):
        Practice.objects.get(pk=practice.pk).delete()
        draft.delete()
    assert indexed() == set()


@pytest.mark.django_db
def test_tags_and_city_changes_are_followed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(world.city, title="Street mediators", themes=("education",))
    with django_capture_on_commit_callbacks(execute=True):
        practice.themes.add(concept("theme", "gender"))
    assert search("", {"theme": ["gender"]}, ANONYMOUS, "en").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        concept("theme", "gender").practices_with_theme.clear()
    assert search("", {"theme": ["gender"]}, ANONYMOUS, "en").total == 0

    city = world.city
    city.region = concept("region", "europe")
    city.name_en = "Tunis-Carthage"
    with django_capture_on_commit_callbacks(execute=True):
        city.save()
    results = search("carthage", {}, ANONYMOUS, "en")
    assert [hit.id for hit in results.hits] == [practice.pk]
    assert {v.value: v.count for v in results.facets["region"]} == {"europe": 1}
    assert [v.label for v in results.facets["city"]] == ["Tunis-Carthage"]


@pytest.mark.django_db
def test_search_reads_its_own_transaction(world):
    # Inside one transaction (as in a test), pending index work is done before searching.
    practice = make_practice(world.city, title="Street mediators")
    assert [hit.id for hit in search("mediators", {}, ANONYMOUS, "en").hits] == [practice.pk]


@pytest.mark.django_db
def test_document_of_a_translated_practice(world):
    practice = make_practice(
        world.city,
        title="Youth mentoring",
        summary="Mentors meet pupils.",
        texts={"approach": "Weekly meetings."},
        translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
        themes=("youth-engagement",),
        audiences=("adolescents",),
    )
    document = document_for(practice)
    assert document.texts == {
        "en": {"title": "Youth mentoring", "body": "Mentors meet pupils.\nWeekly meetings."},
        "fr": {"title": "Mentorat des jeunes", "body": "Des mentors."},
    }
    assert document.facets == [
        "audience:adolescents",
        "city:tunis",
        "label:inspiring",
        "language:en",
        "language:fr",
        "region:middle-east-north-africa",
        "theme:youth-engagement",
    ]
    assert document.labels == frozenset({"public", f"city:{world.city.pk}"})
    assert document.sort_titles["fr"] == "mentorat des jeunes"
    assert document.sort_titles["ar"] == "youth mentoring"
    assert "Engagement des jeunes" in document.tags
    assert "Tunis" in document.tags
    hit = search("mentorat", {}, ANONYMOUS, "fr").hits[0]
    assert (hit.language, hit.matched_language) == ("en", "fr")


@pytest.mark.django_db
def test_reindex_command_rebuilds_and_is_idempotent(world):
    practices = [make_practice(world.city, title=f"Practice {n}") for n in range(3)]
    draft = make_practice(world.city, title="Draft", status=Practice.Status.DRAFT)
    backend = get_backend()
    backend.clear()
    index_practices([])  # nothing to do
    with connection.cursor() as cursor:  # a stale row the command must remove
        backend.upsert([document_for(practices[0])])
        cursor.execute("UPDATE practices_practice SET status = 'draft' WHERE id = %s", [draft.pk])
    Practice.objects.filter(pk=practices[0].pk).update(status=Practice.Status.ARCHIVED)

    out, err = StringIO(), StringIO()
    call_command("reindex", "--batch", "1", stdout=out, stderr=err)
    assert out.getvalue() == "Search index rebuilt: 2 practices indexed, 1 removed.\n"
    assert "Indexing practices" in err.getvalue()
    assert "2/2" in err.getvalue()
    assert indexed() == {practices[1].pk, practices[2].pk}

    out, err = StringIO(), StringIO()
    call_command("reindex", "--quiet", stdout=out, stderr=err)
    assert (out.getvalue(), err.getvalue()) == ("", "")
    assert indexed() == {practices[1].pk, practices[2].pk}
    assert search("practice", {}, ANONYMOUS, "en").total == 2


@pytest.mark.django_db
def test_large_result_sets_take_the_fast_paths(world, monkeypatch):
    monkeypatch.setitem(engine.RANK_LIMITS, connection.vendor, 2)
    monkeypatch.setattr(engine, "SMALL_SET", 2)
    other = CityFactory(slug="oslo", name="Oslo")
    body = [make_practice(other, title=f"Case {n}", summary="Weekly mediation.") for n in range(3)]
    title = make_practice(world.city, title="Mediation desk", summary="Open daily.")
    results = search("mediation", {}, ANONYMOUS, "en", page_size=2)
    assert results.total == 4
    assert [(h.id, h.score) for h in results.hits] == [(title.pk, 2.0), (body[2].pk, 1.0)]
    page2 = search("mediation", {}, ANONYMOUS, "en", page=2, page_size=2)
    assert [h.id for h in page2.hits] == [body[1].pk, body[0].pk]
    browse = search("", {"city": ["oslo"]}, ANONYMOUS, "en", page=2, page_size=2)
    assert [h.id for h in browse.hits] == [body[0].pk]


@pytest.mark.django_db
def test_query_count(world, django_assert_num_queries):
    for n in range(5):
        make_practice(world.city, title=f"Mediation {n}", themes=("education", "gender"))
    search("", {}, world.member, "en")  # vocabulary, facet memory and the member's roles loaded
    # change-log check, ids of the words, ranked page, texts of the page
    with django_assert_num_queries(4):
        results = search("mediation", {"theme": ["gender"]}, world.member, "en")
    assert results.total == 5
    # change-log check, texts of the page
    with django_assert_num_queries(2):
        search("", {"theme": ["gender"]}, ANONYMOUS, "en")


@pytest.mark.django_db
def test_vocabulary_version_is_dropped_again_after_commit(
    world, django_capture_on_commit_callbacks
):
    gender = concept("theme", "gender")
    with django_capture_on_commit_callbacks() as callbacks:
        gender.synonyms_fr = "zorblax"
        gender.save()
        get_vocabulary()  # another process reloading before the commit: the old rows
    assert cache.get(VERSION_KEY) is not None
    for callback in callbacks:
        callback()
    assert cache.get(VERSION_KEY) is None
