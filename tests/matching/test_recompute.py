"""Recomputing and reading the stored recommendations, and asking for a recomputation."""

import pytest
from django.db import connection
from django.utils import translation
from django_tasks.signals import task_enqueued

from strongcities.matching import services, tasks
from strongcities.matching.models import MatchingRun, PeerMatch, PracticeMatch
from strongcities.members.models import City
from strongcities.practices.models import Practice
from tests.exchanges.factories import TransferFactory
from tests.factories import UserFactory, concept
from tests.matching.engine_helpers import build
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued():
    """The matching tasks enqueued during the test."""
    seen = []

    def receiver(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("strongcities.matching."):
            seen.append(task_result.task.name)

    task_enqueued.connect(receiver)
    yield seen
    task_enqueued.disconnect(receiver)


def build_committed(world, capture, enqueued):
    """The network, its changes "committed" (the callbacks run), nothing enqueued since.

    The test's transaction never commits: the request registered before this point (by the
    `world` fixture) is run by hand, as a commit would.
    """
    with capture(execute=True):
        net = build(world)
    pending = getattr(connection, services.PENDING_ATTRIBUTE, None)
    if pending is not None and not pending.done:
        pending()
    enqueued.clear()
    return net


def test_cities_like_tunis_ranked_with_reasons(world):
    net = build(world)
    services.recompute_all()

    peers = services.peers_for(net.tunis)

    assert [(p.city, p.score, p.rank) for p in peers] == [
        (net.aarhus, 65.0, 1),
        (net.lyon, 38.0, 2),
    ]
    assert peers[0].components == {
        "challenges": 40.0,
        "evidence": 20.0,
        "context": 5.0,
        "language": 0.0,
    }
    assert peers[0].reasons == [
        "also works on youth engagement and online radicalisation",
        "published 3 practices on these themes",
        "already runs work on youth engagement",
        "shares priority audiences: young adults",
    ]
    assert peers[1].reasons == ["also works on online radicalisation", "speaks French"]
    assert [p.city for p in services.peers_for(net.tunis, limit=1)] == [net.aarhus]


def test_reasons_in_the_readers_language(world):
    net = build(world)
    services.recompute_all()

    with translation.override("fr"):
        lyon = services.peers_for(net.tunis)[1]

    assert "radicalisation en ligne" in lyon.reasons[0]


def test_region_and_size_reasons(world):
    net = build(world)
    net.beirut.challenges.add(concept("theme", "youth-engagement"))
    net.beirut.population = 1_200_000
    net.beirut.save()
    services.recompute_all()

    beirut = next(p for p in services.peers_for(net.tunis) if p.city == net.beirut)

    assert beirut.reasons == [
        "also works on youth engagement",
        "similar size",
        "also in Middle East & North Africa",
        "speaks Arabic",
    ]


def test_practices_for_tunis(world):
    net = build(world)
    services.recompute_all()

    found = services.practices_for(net.tunis, world.member)

    newest_first = sorted(net.aarhus_practices, key=lambda p: (p.published_at, p.pk), reverse=True)
    assert [(r.practice, r.score, r.rank) for r in found] == [
        (practice, 45.0, rank) for rank, practice in enumerate(newest_first, start=1)
    ]
    assert found[0].reasons == ["addresses the city's challenges: online radicalisation"]
    assert len(services.practices_for(net.tunis, world.member, limit=2)) == 2


def test_practice_reasons_evidence_city_like_yours_and_language(world):
    net = build(world)
    lyon_practice = make_practice(
        net.lyon,
        title="Radio d'écoute",
        language="fr",
        themes=("online-radicalisation", "youth-engagement"),
        audiences=("young-adults",),
        levels={"evidence_level": concept("evidence-level", "evaluated-externally")},
    )
    Practice.objects.filter(pk=lyon_practice.pk).update(peer_reviewed=True)
    net.lyon.region = net.tunis.region
    net.lyon.save()
    services.recompute_all()

    best = services.practices_for(net.tunis, world.member)[0]

    # 45 × 2/2 + 15 × 1/1 + 20 × (0.6 + 0.4) + 10 × (0.6 × 0.5 + 0.4) + 10
    assert (best.practice, best.score) == (lyon_practice, 97.0)
    assert best.reasons == [
        "addresses the city's challenges: youth engagement and online radicalisation",
        "for the city's priority audiences: young adults",
        "evidence: evaluated externally; peer reviewed",
        "from a similar city: Lyon",
        "available in French",
    ]


def test_recompute_updates_the_run_and_reports_progress(world):
    build(world)
    calls = []

    run = services.recompute_all(progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 4), (4, 4)]
    assert (run.cities_done, run.cities_total, run.practices_considered) == (4, 4, 3)
    assert run.started_at <= run.finished_at
    assert run.seconds >= 0
    assert run.error == ""
    assert MatchingRun.objects.count() == 1


def test_recompute_replaces_rows_and_drops_former_members(world):
    net = build(world)
    services.recompute_all()
    net.lyon.challenges.clear()
    services.recompute_all()
    assert [p.city for p in services.peers_for(net.tunis)] == [net.aarhus]

    net.aarhus.status = City.Status.FORMER
    net.aarhus.save()
    services.recompute_all()

    assert services.peers_for(net.tunis) == []
    assert PeerMatch.objects.filter(city=net.aarhus).count() == 0
    assert PracticeMatch.objects.filter(city=net.aarhus).count() == 0


def test_a_burst_of_changes_in_one_transaction_asks_once(
    world, enqueued, django_capture_on_commit_callbacks
):
    net = build_committed(world, django_capture_on_commit_callbacks, enqueued)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        net.tunis.challenges.add(concept("theme", "education"))
        net.tunis.priority_audiences.add(concept("audience", "parents-families"))
        net.tunis.languages = ["ar", "fr", "en"]
        net.tunis.save()

    assert sum(isinstance(c, services._Pending) for c in callbacks) == 1
    assert enqueued == ["recompute_matches"]
    run = MatchingRun.objects.get()
    assert (run.queued, run.cities_done) == (False, 4)  # the immediate backend ran it
    assert run.requested_at <= run.started_at


def test_while_a_run_is_queued_changes_enqueue_nothing_more(
    world, enqueued, django_capture_on_commit_callbacks
):
    net = build_committed(world, django_capture_on_commit_callbacks, enqueued)
    MatchingRun.objects.update_or_create(pk=1, defaults={"queued": True})
    for code in ("education", "family-support"):
        with django_capture_on_commit_callbacks(execute=True):
            net.tunis.challenges.add(concept("theme", code))

    run = MatchingRun.objects.get()
    assert enqueued == []
    assert run.queued is True
    assert run.requested_at is not None

    tasks.recompute_matches.enqueue()

    run = MatchingRun.objects.get()
    assert (run.queued, run.cities_done) == (False, 4)


def test_drafts_and_unrelated_city_fields_ask_for_nothing(
    world, enqueued, django_capture_on_commit_callbacks
):
    net = build_committed(world, django_capture_on_commit_callbacks, enqueued)
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(net.lyon, title="Draft", status=Practice.Status.DRAFT)
        net.tunis.summary = "A city on the sea."
        net.tunis.save()
        UserFactory()
    assert enqueued == []

    with django_capture_on_commit_callbacks(execute=True):
        make_practice(net.lyon, title="Published")
    assert enqueued == ["recompute_matches"]


def test_archiving_a_practice_asks_and_removes_it(world, django_capture_on_commit_callbacks):
    net = build(world)
    services.recompute_all()
    practice = net.aarhus_practices[0]
    with django_capture_on_commit_callbacks(execute=True):
        archived = Practice.objects.get(pk=practice.pk)
        archived.status = Practice.Status.ARCHIVED
        archived.save()

    assert practice not in [r.practice for r in services.practices_for(net.tunis, world.member)]


def test_query_counts_are_fixed(world, django_assert_num_queries):
    net = build(world)
    services.recompute_all()
    viewer = world.member
    services.practices_for(net.tunis, viewer)  # the viewer's roles are now known

    with django_assert_num_queries(2):
        services.peers_for(net.tunis)
    with django_assert_num_queries(2):
        services.peers_for(net.tunis, limit=1)
    with django_assert_num_queries(3):
        services.practices_for(net.tunis, viewer)
    with django_assert_num_queries(3):
        services.practices_for(net.tunis, viewer, limit=1)


def test_a_city_input_and_a_transfer_ask(world, enqueued, django_capture_on_commit_callbacks):
    net = build_committed(world, django_capture_on_commit_callbacks, enqueued)
    with django_capture_on_commit_callbacks(execute=True):
        net.lyon.population = 2_000_000
        net.lyon.save()
    assert enqueued == ["recompute_matches"]

    with django_capture_on_commit_callbacks(execute=True):
        TransferFactory(practice=net.aarhus_practices[0], to_city=net.tunis)
    assert enqueued == ["recompute_matches", "recompute_matches"]
    assert net.aarhus_practices[0] not in [
        r.practice for r in services.practices_for(net.tunis, world.member)
    ]
