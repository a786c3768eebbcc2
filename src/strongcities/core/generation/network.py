"""Write a generated network into the database with bulk operations, in batches.

Generated rows are recognised by their slug, `gen-<n>` (cities and practices), so they never
collide with the demo or real data and can be removed with `clear_network()`. Search signals do
not fire for bulk inserts: rebuild the search index afterwards (`manage.py reindex`).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from strongcities.core.generation.specs import (
    CitySpec,
    Owners,
    PracticeSpec,
    city_spec,
    practice_spec,
)

GENERATED_SLUG = r"^gen-[0-9]+$"
BATCH_SIZE = 1000
CREATED_BEFORE_PUBLISHED = timedelta(days=45)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

Progress = Callable[[int], object]


class GenerationError(Exception):
    """The network cannot be generated (e.g. the taxonomy is not loaded)."""


@dataclass
class Outcome:
    cities_created: int = 0
    practices_created: int = 0
    practices_deleted: int = 0
    cities_deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def generated_cities():
    from strongcities.members.models import City

    return City.objects.filter(slug__regex=GENERATED_SLUG)


def generated_practices():
    from strongcities.practices.models import Practice

    return Practice.objects.filter(slug__regex=GENERATED_SLUG)


def _index(slug: str) -> int:
    return int(slug.removeprefix("gen-"))


def _delete_practices(pks: list[int], progress: Progress | None = None) -> int:
    from strongcities.practices.models import Practice

    deleted = 0
    for start in range(0, len(pks), BATCH_SIZE):
        chunk = pks[start : start + BATCH_SIZE]
        with transaction.atomic():
            Practice.objects.filter(pk__in=chunk).delete()
        deleted += len(chunk)
        if progress:
            progress(len(chunk))
    return deleted


def clear_network(progress: Progress | None = None) -> Outcome:
    """Delete every generated practice, then every generated city (and what hangs on them)."""
    pks = list(generated_practices().order_by("pk").values_list("pk", flat=True))
    outcome = Outcome(practices_deleted=_delete_practices(pks, progress))
    with transaction.atomic():
        outcome.cities_deleted = generated_cities().delete()[1].get("members.City", 0)
    return outcome


class Concepts:
    """Concept ids by code, per scheme, from the loaded taxonomy."""

    SCHEMES = ("theme", "audience", "sector", "prevention-level", "evidence-level")

    def __init__(self):
        from strongcities.core.taxonomy.models import Concept

        self.ids: dict[str, dict[str, int]] = {}
        for scheme in (*self.SCHEMES, "region", "geographic-scope"):
            codes = dict(Concept.objects.in_scheme(scheme).values_list("code", "pk"))
            if not codes:
                raise GenerationError(
                    f"The taxonomy has no '{scheme}' concepts: run `manage.py load_taxonomy`."
                )
            self.ids[scheme] = codes

    def id(self, scheme: str, code: str) -> int:
        try:
            return self.ids[scheme][code]
        except KeyError as exc:
            raise GenerationError(f"Unknown {scheme} concept in the generator: {code}") from exc


def ensure_cities(count: int, seed: int, concepts: Concepts) -> tuple[list, int]:
    """At least `count` generated member cities; returns them (by index) and how many are new."""
    from strongcities.core.text import fold
    from strongcities.members.models import City

    existing = {_index(c.slug): c for c in generated_cities()}
    taken = set(City.objects.values_list("name_key", "country"))
    missing = [i for i in range(1, count + 1) if i not in existing]
    specs = [city_spec(i, seed, taken) for i in missing]
    with transaction.atomic(), translation.override("en"):
        for start in range(0, len(specs), BATCH_SIZE):
            batch = specs[start : start + BATCH_SIZE]
            cities = City.objects.bulk_create([_city(spec, concepts, fold) for spec in batch])
            links = [
                City.challenges.through(city_id=city.pk, concept_id=concepts.id("theme", code))
                for city, spec in zip(cities, batch, strict=True)
                for code in spec.challenges
            ]
            City.challenges.through.objects.bulk_create(links)
            _link_profiles(cities, batch, concepts)
            existing.update({spec.index: city for city, spec in zip(cities, batch, strict=True)})
    return [existing[i] for i in sorted(existing)], len(specs)


def _link_profiles(cities: list, specs: list[CitySpec], concepts: Concepts) -> None:
    """The cities' priority audiences and running themes (matching's context profile)."""
    from strongcities.members.models import City

    pairs = zip(cities, specs, strict=True)
    audiences, running = [], []
    for city, spec in pairs:
        audiences += [(city.pk, concepts.id("audience", code)) for code in spec.audiences]
        running += [(city.pk, concepts.id("theme", code)) for code in spec.running_themes]
    City.priority_audiences.through.objects.bulk_create(
        City.priority_audiences.through(city_id=c, concept_id=k) for c, k in audiences
    )
    City.running_themes.through.objects.bulk_create(
        City.running_themes.through(city_id=c, concept_id=k) for c, k in running
    )


def _city(spec: CitySpec, concepts: Concepts, fold):
    from strongcities.members.models import City

    return City(
        slug=spec.slug,
        name=spec.name,
        name_en=spec.name,
        name_key=fold(spec.name),
        country=spec.country,
        region_id=concepts.id("region", spec.region),
        latitude=spec.latitude,
        longitude=spec.longitude,
        population=spec.population,
        languages=spec.languages,
        status=City.Status.MEMBER,
        joined_on=spec.joined_on,
    )


def _practice(spec: PracticeSpec, city_id: int, concepts: Concepts):
    from strongcities.practices.models import TEXT_FIELDS, Practice

    # Every translation column is written, empty where there is no text (as the services do).
    texts = {f"{name}_{lang}": "" for lang in LANGUAGE_CODES for name in TEXT_FIELDS}
    texts.update(
        (f"{name}_{lang}", text)
        for lang, fields in spec.texts.items()
        for name, text in fields.items()
    )
    published = spec.published_at
    return Practice(
        slug=spec.slug,
        city_id=city_id,
        language=spec.language,
        **texts,
        prevention_level_id=concepts.id("prevention-level", spec.prevention_level),
        evidence_level_id=concepts.id("evidence-level", spec.evidence_level),
        geographic_scope_id=concepts.id("geographic-scope", spec.geographic_scope),
        start_year=spec.start_year,
        still_running=spec.still_running,
        visibility=spec.visibility,
        status=Practice.Status.PUBLISHED,
        peer_reviewed=spec.peer_reviewed,
        version=1,
        created_at=published - CREATED_BEFORE_PUBLISHED,
        updated_at=published,
        published_at=published,
        confirmed_at=published,
    )


def _write_practices(specs: list[PracticeSpec], cities: list, concepts: Concepts) -> None:
    """One batch: the rows, then their tags and shares, in one transaction."""
    from strongcities.practices.models import Practice

    by_language = defaultdict(list)
    for spec in specs:
        by_language[spec.language].append(spec)
    links = defaultdict(list)
    with transaction.atomic():
        for lang, group in by_language.items():
            # The untranslated column mirrors the original language, as the services write it.
            with translation.override(lang):
                rows = Practice.objects.bulk_create(
                    [_practice(s, cities[s.owner].pk, concepts) for s in group]
                )
            for row, spec in zip(rows, group, strict=True):
                for relation, scheme in (
                    ("themes", "theme"),
                    ("audiences", "audience"),
                    ("stakeholders", "sector"),
                ):
                    links[relation] += [
                        (row.pk, concepts.id(scheme, code)) for code in getattr(spec, relation)
                    ]
                links["shared_with"] += [(row.pk, cities[pos].pk) for pos in spec.shared_with]
        for relation, pairs in links.items():
            target = "city" if relation == "shared_with" else "concept"
            _insert_links(getattr(Practice, relation).through, target, pairs)


def _insert_links(through, target: str, pairs: list[tuple[int, int]]) -> None:
    """Rows (practice, target) of an M2M through table, without building model instances."""
    if not pairs:
        return
    meta = through._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("practice", target))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, pairs)


def generate_network(
    *,
    cities: int,
    practices: int,
    seed: int = 1,
    progress_factory: Callable[[int], object] | None = None,
) -> Outcome:
    """A network of at least `cities` generated cities and exactly `practices` practices.

    Missing practices are added (numbered after the existing ones), extra ones removed, so
    1k -> 10k -> 100k grows the same network. `progress_factory(total)` returns an object with
    `update(n)` and `close()` (a tqdm bar).
    """
    concepts = Concepts()
    city_rows, created = ensure_cities(cities, seed, concepts)
    if not city_rows:
        raise GenerationError("At least one city is needed.")
    outcome = Outcome(cities_created=created)
    slugs = sorted(generated_practices().values_list("pk", "slug"), key=lambda row: _index(row[1]))
    if len(slugs) > practices:
        outcome.practices_deleted = _delete_practices([pk for pk, _slug in slugs[practices:]])
        slugs = slugs[:practices]
    wanted = practices - len(slugs)
    start = max((_index(slug) for _pk, slug in slugs), default=0) + 1
    owners = Owners(len(city_rows))
    names = [city.name_en or city.name for city in city_rows]
    bar = progress_factory(wanted) if progress_factory and wanted else None
    for first in range(start, start + wanted, BATCH_SIZE):
        last = min(first + BATCH_SIZE, start + wanted)
        specs = [practice_spec(i, seed, owners, names) for i in range(first, last)]
        _write_practices(specs, city_rows, concepts)
        outcome.practices_created += len(specs)
        if bar is not None:
            bar.update(len(specs))
    if bar is not None:
        bar.close()
    outcome.counts = {
        "cities": generated_cities().count(),
        "practices": generated_practices().count(),
    }
    return outcome
