"""Open data: the PUBLIC published practices as JSON or CSV, streamed.

This is the public open-data export of the library. It only ever contains practices that are
published and public — never members-only, restricted or secretariat practices, whoever asks
(also the secretariat: their full exports are the `export_practices` command and the API). The
contact person is never included. The same filters as the library apply (`q` and the facets).

JSON: {"generated_at", "count", "license", "practices": [...]}, each practice with its texts in
the original language, its translations, its tags by code and label (label in the request's
language), its levels, owner and dates. CSV (UTF-8 with a byte-order mark so spreadsheet
programs read it right): one row per practice, texts in the original language plus a
`title_<lang>` column per language; a text starting with = + - @ gets a leading apostrophe so
no spreadsheet runs it as a formula. Rows are read in chunks and written as they come, so a
hundred thousand practices do not have to fit in memory.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from strongcities.core.visibility import user_labels
from strongcities.practices.models import LEVEL_FIELDS, TAG_FIELDS, TEXT_FIELDS, Practice

LICENSE = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = ("json", "csv")
CHUNK = 500
ID_BATCH = 900
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

# The facets of the library, as filters on the database (OR within a facet, AND across).
FACET_LOOKUPS = {
    "theme": "themes__code__in",
    "audience": "audiences__code__in",
    "stakeholder": "stakeholders__code__in",
    "prevention": "prevention_level__code__in",
    "evidence": "evidence_level__code__in",
    "region": "city__region__code__in",
    "city": "city__slug__in",
    "language": "language__in",
}
LABEL_LOOKUPS = {"inspiring": False, "peer-reviewed": True}


def _search_ids(query: str) -> list[int] | None:
    """Ids of the public practices whose texts match `query` (None: no words to match).

    All matches at once, through the engine's own query parser and index (no ranking, no
    pages: the export is in id order). The visibility labels are the anonymous reader's.
    """
    from strongcities.core.search import engine

    engine.pending.flush()
    parsed = engine.parse(query, engine.get_vocabulary())
    if parsed.empty:
        return None
    criteria = engine.Criteria(parsed.units, user_labels(AnonymousUser()), {})
    return list(engine.get_backend().match_ids(criteria))


@dataclass
class Selection:
    """The practices to export: a queryset, narrowed to `ids` (sorted) when words were given.

    The ids are applied in batches, so a query matching 100,000 practices never turns into one
    SQL statement with 100,000 parameters.
    """

    queryset: QuerySet
    ids: list[int] | None = None

    def batches(self) -> Iterator[QuerySet]:
        if self.ids is None:
            yield self.queryset
            return
        for start in range(0, len(self.ids), ID_BATCH):
            yield self.queryset.filter(pk__in=self.ids[start : start + ID_BATCH])

    def count(self) -> int:
        return sum(batch.count() for batch in self.batches())

    def __iter__(self) -> Iterator[Practice]:
        for batch in self.batches():
            yield from (
                batch.select_related("city", "partner", *LEVEL_FIELDS.keys())
                .prefetch_related(*TAG_FIELDS.keys())
                .iterator(chunk_size=CHUNK)
            )


def public_practices(query: str = "", filters: dict[str, list[str]] | None = None) -> Selection:
    """The public published practices matching the library's query and filters."""
    filters = filters or {}
    practices = Practice.objects.public()
    for name, lookup in FACET_LOOKUPS.items():
        if filters.get(name):
            matching = Practice.objects.filter(**{lookup: filters[name]}).values("pk")
            practices = practices.filter(pk__in=matching)
    labels = {LABEL_LOOKUPS[v] for v in filters.get("label", []) if v in LABEL_LOOKUPS}
    if labels:
        practices = practices.filter(peer_reviewed__in=labels)
    ids = _search_ids(query) if query.strip() else None
    return Selection(practices.order_by("pk"), sorted(ids) if ids is not None else None)


def _concept(concept) -> dict | None:
    return {"code": concept.code, "label": str(concept.label)} if concept else None


def _owner(practice: Practice) -> dict:
    owner = practice.owner
    return {
        "type": "city" if practice.city_id else "partner",
        "slug": owner.slug,
        "name": str(owner.name),
        "country": str(owner.country.code) if owner.country else "",
    }


def practice_record(practice: Practice, base_url: str) -> dict:
    """One practice as open data (never its contact person)."""
    original = practice.language
    return {
        "id": practice.pk,
        "slug": practice.slug,
        "url": base_url + practice.get_absolute_url(),
        "owner": _owner(practice),
        "language": original,
        **{name: practice.text(name, original) for name in TEXT_FIELDS},
        "translations": {
            lang: {name: practice.text(name, lang) for name in TEXT_FIELDS}
            for lang in practice.languages()
            if lang != original
        },
        **{name: [_concept(c) for c in getattr(practice, name).all()] for name in TAG_FIELDS},
        **{name: _concept(getattr(practice, name)) for name in LEVEL_FIELDS},
        "start_year": practice.start_year,
        "still_running": practice.still_running,
        "label": practice.label,
        "version": practice.version,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "updated_at": practice.updated_at.isoformat() if practice.updated_at else None,
    }


def json_chunks(practices: Selection, base_url: str) -> Iterator[str]:
    """The JSON document, piece by piece."""
    head = {
        "generated_at": timezone.now().isoformat(),
        "count": practices.count(),
        "license": LICENSE,
        "license_url": LICENSE_URL,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "practices": ['
    for n, practice in enumerate(practices):
        yield ("," if n else "") + json.dumps(
            practice_record(practice, base_url), ensure_ascii=False
        )
    yield "]}\n"


PLAIN_COLUMNS = ("start_year", "still_running", "label", "version", "published_at", "updated_at")
CSV_COLUMNS = [
    "id",
    "slug",
    "url",
    "owner_type",
    "owner_slug",
    "owner_name",
    "country",
    "language",
    *TEXT_FIELDS,
    *(f"title_{lang}" for lang in LANGUAGE_CODES),
    *(f"{name}{suffix}" for name in TAG_FIELDS for suffix in ("", "_labels")),
    *(f"{name}{suffix}" for name in LEVEL_FIELDS for suffix in ("", "_label")),
    *PLAIN_COLUMNS,
]


def csv_row(record: dict) -> list:
    """A practice record flattened to CSV_COLUMNS."""
    owner = record["owner"]
    row = {
        **{key: record[key] for key in ("id", "slug", "url", "language", *TEXT_FIELDS)},
        "owner_type": owner["type"],
        "owner_slug": owner["slug"],
        "owner_name": owner["name"],
        "country": owner["country"],
        **{key: record[key] for key in PLAIN_COLUMNS},
    }
    for lang in LANGUAGE_CODES:
        texts = record["translations"].get(lang) or (
            {"title": record["title"]} if lang == record["language"] else {}
        )
        row[f"title_{lang}"] = texts.get("title", "")
    for name in TAG_FIELDS:
        row[name] = "; ".join(c["code"] for c in record[name])
        row[f"{name}_labels"] = "; ".join(c["label"] for c in record[name])
    for name in LEVEL_FIELDS:
        row[name] = record[name]["code"] if record[name] else ""
        row[f"{name}_label"] = record[name]["label"] if record[name] else ""
    return [_cell(row[col]) for col in CSV_COLUMNS]


def _cell(value):
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object csv.writer writes to, handing each line back."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(practices: Selection, base_url: str) -> Iterator[str]:
    """The CSV file, line by line, starting with the byte-order mark and the header."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for practice in practices:
        yield writer.writerow(csv_row(practice_record(practice, base_url)))


def export_response(fmt: str, practices: Selection, base_url: str) -> StreamingHttpResponse:
    """A streamed download of `practices` in `fmt` (json or csv)."""
    if fmt == "csv":
        chunks, content_type = csv_chunks(practices, base_url), "text/csv; charset=utf-8"
    else:
        chunks, content_type = json_chunks(practices, base_url), "application/json"
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in chunks), content_type=content_type
    )
    filename = f"strong-cities-practices-{timezone.now():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
