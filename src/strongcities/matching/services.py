"""Matching: recompute the stored recommendations, ask for a recomputation, read them.

`recompute_all` loads the whole network in a few queries, scores it with scoring.py (numpy),
and replaces the stored PeerMatch/PracticeMatch rows batch by batch of cities; `request_recompute`
is what signals.py calls on any change of an input (cheap: one callback per transaction, one
conditional UPDATE after commit, one task for a burst); `peers_for` and `practices_for` read a
city's recommendations in a fixed number of queries, the practices filtered by what the reader
may see. The formula: docs/matching.md.
"""

import logging
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from strongcities.matching import reasons as reason_text
from strongcities.matching import scoring
from strongcities.matching.models import MatchingRun, PeerMatch, PracticeMatch

logger = logging.getLogger(__name__)

BATCH_CITIES = 100  # cities whose rows are replaced in one transaction
INSERT_BATCH = 1000
PENDING_ATTRIBUTE = "_matching_recompute_pending"

Progress = Callable[[int, int], None]
# A recommendation shows a practice's title (in the reader's language), address and owner: only
# those columns are read.
_LANGUAGE_SUFFIXES = ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
SHOWN_COLUMNS = [
    "slug",
    "language",
    "city",
    "partner",
    *(f"title{suffix}" for suffix in _LANGUAGE_SUFFIXES),
    "city__slug",
    *(f"city__name{suffix}" for suffix in _LANGUAGE_SUFFIXES),
    "partner__slug",
    *(f"partner__name{suffix}" for suffix in _LANGUAGE_SUFFIXES),
]


# --- Loading the network. ---------------------------------------------------------------------


@dataclass
class Snapshot:
    """Everything the formula reads, loaded once."""

    network: scoring.Network
    library: scoring.Library
    members: list[scoring.CityProfile]
    transferred: dict[int, list[int]] = field(default_factory=dict)


def _pairs(queryset) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for left, right in queryset:
        grouped[left].add(right)
    return grouped


def _bits(scheme: str) -> scoring.Bits:
    from strongcities.core.taxonomy.models import Concept

    return scoring.Bits(Concept.objects.filter(scheme__code=scheme).values_list("pk", flat=True))


def _evidence_ranks() -> dict[int, float]:
    """Position of each evidence level in its scheme / (count - 1): described 0 … 1."""
    from strongcities.core.taxonomy.models import Concept

    levels = list(
        Concept.objects.filter(scheme__code="evidence-level").values_list("pk", flat=True)
    )
    last = max(len(levels) - 1, 1)
    return {pk: position / last for position, pk in enumerate(levels)}


def _band(population: int | None) -> int | None:
    from strongcities.members.models import POPULATION_BANDS

    if population is None:
        return None
    return sum(population >= limit for limit in POPULATION_BANDS)


def _cities() -> list[scoring.CityProfile]:
    from strongcities.members.models import City

    members = City.objects.members()
    through = City.challenges.through
    challenges = _pairs(
        through.objects.filter(city__status=City.Status.MEMBER).values_list("city_id", "concept_id")
    )
    audiences = _pairs(
        City.priority_audiences.through.objects.filter(city__status=City.Status.MEMBER).values_list(
            "city_id", "concept_id"
        )
    )
    running = _pairs(
        City.running_themes.through.objects.filter(city__status=City.Status.MEMBER).values_list(
            "city_id", "concept_id"
        )
    )
    rows = members.order_by("pk").values_list(
        "pk", "name_key", "population", "region_id", "languages"
    )
    return [
        scoring.CityProfile(
            id=pk,
            name_key=name_key,
            challenges=frozenset(challenges.get(pk, ())),
            audiences=frozenset(audiences.get(pk, ())),
            running=frozenset(running.get(pk, ())),
            band=_band(population),
            region=region_id,
            languages=tuple(languages or ()),
        )
        for pk, name_key, population, region_id, languages in rows
    ]


def _practices() -> list[scoring.PracticeRow]:
    """Published practices that are not secretariat-only and have at least one theme."""
    from strongcities.core.visibility import Visibility
    from strongcities.practices.models import Practice

    published = Practice.objects.filter(status=Practice.Status.PUBLISHED).exclude(
        visibility=Visibility.SECRETARIAT
    )
    relation = {"practice__status": Practice.Status.PUBLISHED}
    hidden = {"practice__visibility": Visibility.SECRETARIAT}
    themes = _pairs(
        Practice.themes.through.objects.filter(**relation)
        .exclude(**hidden)
        .values_list("practice_id", "concept_id")
    )
    audiences = _pairs(
        Practice.audiences.through.objects.filter(**relation)
        .exclude(**hidden)
        .values_list("practice_id", "concept_id")
    )
    shared = _pairs(
        Practice.shared_with.through.objects.filter(
            **relation, practice__visibility=Visibility.RESTRICTED
        ).values_list("practice_id", "city_id")
    )
    ranks = _evidence_ranks()
    codes = [code for code, _name in settings.LANGUAGES]
    rows = published.order_by("pk").values_list(
        "pk",
        "city_id",
        "visibility",
        "evidence_level_id",
        "peer_reviewed",
        "published_at",
        "language",
        *(f"title_{code}" for code in codes),
    )
    practices = []
    for pk, city_id, visibility, level, peer_reviewed, published_at, language, *titles in rows:
        if pk not in themes:
            continue
        translated = [code for code, title in zip(codes, titles, strict=True) if title]
        practices.append(
            scoring.PracticeRow(
                id=pk,
                city_id=city_id,
                themes=frozenset(themes[pk]),
                audiences=frozenset(audiences.get(pk, ())),
                visibility=visibility,
                shared_with=frozenset(shared.get(pk, ())),
                evidence_level=level,
                evidence_rank=ranks.get(level, 0.0) if level else 0.0,
                peer_reviewed=peer_reviewed,
                languages=tuple(dict.fromkeys([language, *translated])),
                published_at=published_at.timestamp() if published_at else 0.0,
            )
        )
    return practices


def load_snapshot() -> Snapshot:
    """The whole network, in about a dozen queries."""
    from strongcities.exchanges.models import Transfer

    cities = _cities()
    practices = _practices()
    languages = scoring.Bits([code for code, _name in settings.LANGUAGES])
    network = scoring.Network(
        cities,
        practices,
        themes=_bits("theme"),
        audiences=_bits("audience"),
        languages=languages,
    )
    library = scoring.Library(practices, network)
    transferred: dict[int, list[int]] = defaultdict(list)
    for to_city, practice in Transfer.objects.values_list("to_city_id", "practice_id"):
        transferred[to_city].append(practice)
    return Snapshot(network=network, library=library, members=cities, transferred=transferred)


# --- Recomputing. -----------------------------------------------------------------------------


def score_city(snapshot: Snapshot, city: scoring.CityProfile):
    """The kept peer and practice matches of one city."""
    peers = scoring.peer_scores(city, snapshot.network)
    practices = scoring.practice_scores(
        city, snapshot.library, transferred=snapshot.transferred.get(city.id, ())
    )
    return peers, practices


def _write_batch(snapshot: Snapshot, batch: list[scoring.CityProfile]) -> None:
    peer_rows, practice_rows = [], []
    for city in batch:
        peers, practices = score_city(snapshot, city)
        peer_rows += [
            PeerMatch(
                city_id=city.id,
                peer_id=m.id,
                rank=rank,
                score=m.score,
                components=m.components,
                reasons=m.reasons,
            )
            for rank, m in enumerate(peers, start=1)
        ]
        practice_rows += [
            PracticeMatch(
                city_id=city.id,
                practice_id=m.id,
                rank=rank,
                score=m.score,
                components=m.components,
                reasons=m.reasons,
            )
            for rank, m in enumerate(practices, start=1)
        ]
    ids = [city.id for city in batch]
    with transaction.atomic():
        # Concurrent runs (two workers) write one batch at a time: no unique-constraint race.
        MatchingRun.objects.select_for_update().filter(pk=1).first()
        PeerMatch.objects.filter(city_id__in=ids).delete()
        PracticeMatch.objects.filter(city_id__in=ids).delete()
        PeerMatch.objects.bulk_create(peer_rows, batch_size=INSERT_BATCH)
        PracticeMatch.objects.bulk_create(practice_rows, batch_size=INSERT_BATCH)


def recompute_all(progress: Progress | None = None) -> MatchingRun:
    """Score every member city and replace the stored matches; MatchingRun shows progress."""
    from strongcities.members.models import City

    MatchingRun.current()
    started = time.perf_counter()
    MatchingRun.objects.filter(pk=1).update(
        started_at=timezone.now(), finished_at=None, seconds=None, error="", cities_done=0
    )
    try:
        snapshot = load_snapshot()
        total = len(snapshot.members)
        MatchingRun.objects.filter(pk=1).update(
            cities_total=total, practices_considered=len(snapshot.library.practices)
        )
        if progress:
            progress(0, total)
        done = 0
        for start in range(0, total, BATCH_CITIES):
            batch = snapshot.members[start : start + BATCH_CITIES]
            _write_batch(snapshot, batch)
            done += len(batch)
            MatchingRun.objects.filter(pk=1).update(cities_done=done)
            if progress:
                progress(done, total)
        with transaction.atomic():
            # Cities no longer members keep no matches, and are nobody's match.
            PeerMatch.objects.exclude(city__status=City.Status.MEMBER).delete()
            PeerMatch.objects.exclude(peer__status=City.Status.MEMBER).delete()
            PracticeMatch.objects.exclude(city__status=City.Status.MEMBER).delete()
    except Exception:
        MatchingRun.objects.filter(pk=1).update(
            finished_at=timezone.now(),
            seconds=time.perf_counter() - started,
            error=traceback.format_exc(limit=5)[-4000:],
        )
        raise
    MatchingRun.objects.filter(pk=1).update(
        finished_at=timezone.now(), seconds=time.perf_counter() - started
    )
    return MatchingRun.objects.get(pk=1)


class _Pending:
    """The recomputation a transaction asked for; runs once, on commit."""

    def __init__(self, using: str):
        self.using = using
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _enqueue(self.using)


def request_recompute(using: str = DEFAULT_DB_ALIAS) -> None:
    """Ask for a recomputation after the current transaction commits (now, outside one).

    However many inputs a transaction changes, it registers one callback; after commit, a
    conditional UPDATE marks the run requested and only the call that flips `queued` enqueues
    the task, so a burst of changes across transactions waits for one run.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        _enqueue(using)
        return
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if (
        pending is not None
        and not pending.done
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        return
    pending = _Pending(using)
    setattr(connection, PENDING_ATTRIBUTE, pending)
    transaction.on_commit(pending, using=using, robust=True)


def _enqueue(using: str = DEFAULT_DB_ALIAS) -> None:
    from strongcities.matching import tasks

    now = timezone.now()
    runs = MatchingRun.objects.using(using).filter(pk=1)
    with transaction.atomic(using=using):
        flipped = runs.filter(queued=False).update(requested_at=now, queued=True)
        if not flipped and not runs.update(requested_at=now):
            # No row yet: create it, then claim it.
            MatchingRun.objects.using(using).get_or_create(pk=1)
            flipped = runs.filter(queued=False).update(requested_at=now, queued=True)
        if flipped:
            # A failed enqueue rolls `queued` back: the next change (or the night) tries again.
            tasks.recompute_matches.enqueue()


def start_queued_run() -> None:
    """The task is starting: a change from now on enqueues another run."""
    MatchingRun.current()
    MatchingRun.objects.filter(pk=1).update(queued=False)


# --- Reading. ---------------------------------------------------------------------------------


@dataclass
class PeerRecommendation:
    city: object
    score: float
    rank: int
    components: dict
    reasons: list[str]


@dataclass
class PracticeRecommendation:
    practice: object
    score: float
    rank: int
    components: dict
    reasons: list[str]


def peers_for(city, limit: int | None = None) -> list[PeerRecommendation]:
    """The stored peer cities of `city`, best first, reasons in the active language.

    Two queries: the matches with their cities, the concept labels the reasons name.
    """
    rows = PeerMatch.objects.filter(city=city).select_related("peer").order_by("rank")
    if limit is not None:
        rows = rows[:limit]
    rows = list(rows)
    labels = reason_text.load_labels(reason_text.concept_ids(r.reasons for r in rows))
    return [
        PeerRecommendation(
            city=row.peer,
            score=row.score,
            rank=row.rank,
            components=row.components,
            reasons=reason_text.render(row.reasons, labels, {}),
        )
        for row in rows
    ]


def practices_for(city, viewer, limit: int | None = None) -> list[PracticeRecommendation]:
    """The stored practices for `city`'s challenges that `viewer` may see, best first.

    A restricted practice shared with the city is in its stored list; a reader outside the
    city's team never gets it (Practice.objects.listed_for(viewer)). Three queries: the
    matches, the visible practices among them (with their owners), the concept labels.
    """
    from strongcities.practices.models import Practice

    matches = list(
        PracticeMatch.objects.filter(city=city)
        .order_by("rank")
        .values_list("practice_id", "rank", "score", "components", "reasons")
    )
    ids = [row[0] for row in matches]
    practices = {}
    if ids:
        visible = Practice.objects.listed_for(viewer).filter(pk__in=ids)
        visible = visible.select_related("city", "partner").only(*SHOWN_COLUMNS)
        practices = {p.pk: p for p in visible}
    kept = [row for row in matches if row[0] in practices]
    if limit is not None:
        kept = kept[:limit]
    labels = reason_text.load_labels(reason_text.concept_ids(row[4] for row in kept))
    owners = {p.city_id: str(p.city.name) for p in practices.values() if p.city_id}
    # Numbered by position among what the viewer sees: a gap in the stored ranks would hint
    # at a practice the viewer may not see.
    return [
        PracticeRecommendation(
            practice=practices[pk],
            score=score,
            rank=position,
            components=components,
            reasons=reason_text.render(reasons, labels, owners),
        )
        for position, (pk, _rank, score, components, reasons) in enumerate(kept, start=1)
    ]
