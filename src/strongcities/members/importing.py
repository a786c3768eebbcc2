"""Import and export of cities as JSON (the format is documented in docs/formats/cities.md).

`validate_document(text)` checks every record and every field and collects all errors, each
naming the record (index, slug), the line where it starts, the field and the reason.
`import_records(records)` writes them in one transaction; `export_document()` is the inverse.
"""

import datetime
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from strongcities.core.jsondoc import FieldError, record_lines
from strongcities.core.taxonomy.models import Concept
from strongcities.core.text import fold
from strongcities.members.models import City

ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu""".split()  # noqa: SIM905
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OTHER_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != "en")
FIELDS = frozenset(
    {
        "slug", "name", "names", "country", "region", "lat", "lon", "population", "languages",
        "status", "joined_on", "challenges", "summary", "summaries",
    }
)  # fmt: skip
MAX_POPULATION = 2_147_483_647


@dataclass
class CityRecord:
    """One validated record, ready to write."""

    slug: str
    name: str
    country: str
    region: str
    lat: Decimal
    lon: Decimal
    names: dict[str, str] = field(default_factory=dict)
    population: int | None = None
    languages: list[str] = field(default_factory=list)
    status: str = City.Status.MEMBER
    joined_on: datetime.date | None = None
    challenges: list[str] = field(default_factory=list)
    summary: str = ""
    summaries: dict[str, str] = field(default_factory=dict)


# --- Field checks ----------------------------------------------------------------------------


def _text(raw: dict, name: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise FieldError(name, _("This field is required."))
        return ""
    if not isinstance(value, str):
        raise FieldError(name, _("It must be a string."))
    value = value.strip()
    if required and not value:
        raise FieldError(name, _("This field is required."))
    if max_length and len(value) > max_length:
        raise FieldError(
            name, _("It must be at most %(max)s characters long.") % {"max": max_length}
        )
    return value


def _translations(raw: dict, name: str, max_length: int | None = None) -> dict[str, str]:
    value = raw.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError(name, _("It must be an object mapping language codes to text."))
    result = {}
    for language, text in value.items():
        if language not in OTHER_LANGUAGES:
            raise FieldError(
                name,
                _("Unknown language %(code)r: use one of %(codes)s.")
                % {"code": language, "codes": ", ".join(OTHER_LANGUAGES)},
            )
        if not isinstance(text, str):
            raise FieldError(
                name, _("The text for %(code)s must be a string.") % {"code": language}
            )
        if max_length and len(text.strip()) > max_length:
            raise FieldError(
                name, _("It must be at most %(max)s characters long.") % {"max": max_length}
            )
        if text.strip():
            result[language] = text.strip()
    return result


def _coordinate(raw: dict, name: str, limit: int) -> Decimal:
    value = raw.get(name)
    if value is None:
        raise FieldError(name, _("This field is required."))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(name, _("It must be a number."))
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(name, _("It must be a number."))
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise FieldError(name, _("It must be a number.")) from exc
    if not -limit <= number <= limit:
        raise FieldError(
            name, _("It must be between %(min)s and %(max)s.") % {"min": -limit, "max": limit}
        )
    return number


def _population(raw: dict) -> int | None:
    value = raw.get("population")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POPULATION:
        raise FieldError("population", _("It must be a whole number of at least 0."))
    return value


def _codes(raw: dict, name: str, allowed: Iterable[str], unknown_message: str) -> list[str]:
    value = raw.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError(name, _("It must be a list of codes."))
    allowed = set(allowed)
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise FieldError(name, unknown_message % {"codes": ", ".join(map(repr, unknown))})
    return list(dict.fromkeys(value))


def _country(raw: dict) -> str:
    value = _text(raw, "country", required=True)
    code = countries.alpha2(value.upper()) if len(value) == 2 else None
    if not code or code != value.upper():
        raise FieldError(
            "country", _("%(value)r is not an ISO 3166-1 alpha-2 country code.") % {"value": value}
        )
    return code


def _joined_on(raw: dict) -> datetime.date | None:
    value = raw.get("joined_on")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise FieldError("joined_on", _("It must be a date written YYYY-MM-DD."))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise FieldError("joined_on", _("It must be a date written YYYY-MM-DD.")) from exc


class Vocabulary:
    """The region and theme codes, loaded once per validation."""

    def __init__(self) -> None:
        self.regions = set(Concept.objects.in_scheme("region").values_list("code", flat=True))
        self.themes = set(Concept.objects.in_scheme("theme").values_list("code", flat=True))


def _check_record(raw: dict, vocabulary: Vocabulary) -> tuple[CityRecord | None, list[FieldError]]:
    errors: list[FieldError] = [
        FieldError(name, _("Unknown field.")) for name in sorted(set(raw) - FIELDS, key=str)
    ]
    values = {}
    checks: dict[str, Callable] = {
        "slug": _slug,
        "name": lambda r: _text(r, "name", required=True, max_length=200),
        "names": lambda r: _translations(r, "names", 200),
        "country": _country,
        "region": lambda r: _codes_one(r, "region", vocabulary.regions),
        "lat": lambda r: _coordinate(r, "lat", 90),
        "lon": lambda r: _coordinate(r, "lon", 180),
        "population": _population,
        "languages": lambda r: _codes(
            r, "languages", ISO_639_1, _("Not ISO 639-1 language codes: %(codes)s.")
        ),
        "status": _status,
        "joined_on": _joined_on,
        "challenges": lambda r: _codes(
            r, "challenges", vocabulary.themes, _("Unknown theme codes: %(codes)s.")
        ),
        "summary": lambda r: _text(r, "summary"),
        "summaries": lambda r: _translations(r, "summaries"),
    }
    for name, check in checks.items():
        try:
            values[name] = check(raw)
        except FieldError as error:
            errors.append(error)
    if errors:
        return None, errors
    values["status"] = values["status"] or City.Status.MEMBER
    return CityRecord(**values), []


def _slug(raw: dict) -> str:
    value = _text(raw, "slug", required=True, max_length=80)
    if not SLUG_RE.match(value):
        raise FieldError(
            "slug", _("Use lower-case letters, digits and single hyphens only (e.g. tunis).")
        )
    return value


def _codes_one(raw: dict, name: str, allowed: set[str]) -> str:
    value = _text(raw, name, required=True)
    if value not in allowed:
        raise FieldError(name, _("Unknown region code %(code)r.") % {"code": value})
    return value


def _status(raw: dict) -> str:
    value = _text(raw, "status")
    if value and value not in City.Status.values:
        raise FieldError(
            "status",
            _("Unknown status %(value)r: use one of %(choices)s.")
            % {"value": value, "choices": ", ".join(City.Status.values)},
        )
    return value


# --- The whole document ----------------------------------------------------------------------


def _where(index: int, raw, lines: list[int]) -> dict:
    slug = raw.get("slug") if isinstance(raw, dict) else None
    return {
        "index": index,
        "slug": slug if isinstance(slug, str) else "",
        "line": lines[index] if index < len(lines) else "?",
    }


def _record_error(where: dict, field_name: str, reason: str) -> str:
    return _(
        'cities[%(index)s] (slug "%(slug)s", line %(line)s), field "%(field)s": %(reason)s'
    ) % {
        **where,
        "field": field_name,
        "reason": reason,
    }


def validate_document(text: str) -> tuple[list[CityRecord], list[str]]:
    """Parse and check a cities document: (records, []) when valid, ([], errors) otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [
            _("The file is not valid JSON (line %(line)s, column %(column)s): %(reason)s.")
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ]
    except (ValueError, RecursionError):
        return [], [_("The file is not valid JSON.")]
    if not isinstance(data, dict) or not isinstance(data.get("cities"), list):
        return [], [_('The file must be a JSON object with a list under "cities".')]
    return validate_records(data["cities"], record_lines(text, "cities"))


def validate_records(
    items: list, lines: list[int] | None = None
) -> tuple[list[CityRecord], list[str]]:
    """Check every record; collect every error. Nothing is returned to write if any is wrong."""
    lines = lines or []
    vocabulary = Vocabulary()
    records: list[CityRecord] = []
    errors: list[str] = []
    seen_slugs: dict[str, int] = {}
    for index, raw in enumerate(items):
        where = _where(index, raw, lines)
        if not isinstance(raw, dict):
            errors.append(
                _("cities[%(index)s] (line %(line)s): each record must be a JSON object.") % where
            )
            continue
        record, field_errors = _check_record(raw, vocabulary)
        errors += [_record_error(where, e.field, e.reason) for e in field_errors]
        if record is None:
            continue
        if record.slug in seen_slugs:
            reason = _("The slug is already used by cities[%(other)s] in this file.") % {
                "other": seen_slugs[record.slug]
            }
            errors.append(_record_error(where, "slug", reason))
            continue
        seen_slugs[record.slug] = index
        records.append(record)
    errors += _name_clashes(records, seen_slugs, lines)
    return ([], errors) if errors else (records, [])


def _name_clashes(
    records: list[CityRecord], indexes: dict[str, int], lines: list[int]
) -> list[str]:
    """Two cities with the same (folded English) name in one country would break uniqueness."""
    final = {
        slug: (key, country)
        for slug, key, country in City.objects.values_list("slug", "name_key", "country")
    }
    for record in records:
        final[record.slug] = (fold(record.name), record.country)
    owners: dict[tuple[str, str], str] = {}
    for slug, key in sorted(final.items()):
        owners.setdefault(key, slug)
    errors = []
    for record in records:
        owner = owners[(fold(record.name), record.country)]
        if owner != record.slug:
            index = indexes[record.slug]
            where = {"index": index, "slug": record.slug, "line": _line(lines, index)}
            reason = _('Another city in this country already has this name (slug "%(other)s").') % {
                "other": owner
            }
            errors.append(_record_error(where, "name", reason))
    return errors


def _line(lines: list[int], index: int):
    return lines[index] if index < len(lines) else "?"


# --- Writing and exporting -------------------------------------------------------------------


@transaction.atomic
def import_records(records: list[CityRecord], progress: Callable | None = None) -> tuple[int, int]:
    """Create or update (by slug) every record in one transaction; returns (created, updated)."""
    concepts = {
        (c.scheme.code, c.code): c
        for c in Concept.objects.filter(scheme__code__in=["region", "theme"]).select_related(
            "scheme"
        )
    }
    existing = {city.slug: city for city in City.objects.filter(slug__in=[r.slug for r in records])}
    created = updated = 0
    for record in progress(records) if progress else records:
        city = existing.get(record.slug)
        if city is None:
            city, created = City(slug=record.slug), created + 1
        else:
            updated += 1
        _fill(city, record, concepts)
        city.save()
        city.challenges.set([concepts[("theme", code)] for code in record.challenges])
    return created, updated


def _fill(city: City, record: CityRecord, concepts: dict) -> None:
    with translation.override("en"):
        city.name = record.name
        city.summary = record.summary
    city.name_en, city.summary_en = record.name, record.summary
    for language in OTHER_LANGUAGES:
        setattr(city, f"name_{language}", record.names.get(language) or None)
        setattr(city, f"summary_{language}", record.summaries.get(language) or None)
    city.country = record.country
    city.region = concepts[("region", record.region)]
    city.latitude, city.longitude = record.lat, record.lon
    city.population = record.population
    city.languages = record.languages
    city.status = record.status
    city.joined_on = record.joined_on


def city_as_record(city: City) -> dict:
    """One city in the export format."""
    return {
        "slug": city.slug,
        "name": city.name_en or "",
        "names": {
            code: getattr(city, f"name_{code}")
            for code in OTHER_LANGUAGES
            if getattr(city, f"name_{code}")
        },
        "country": city.country.code,
        "region": city.region.code,
        "lat": float(city.latitude),
        "lon": float(city.longitude),
        "population": city.population,
        "languages": list(city.languages),
        "status": city.status,
        "joined_on": city.joined_on.isoformat() if city.joined_on else None,
        "challenges": sorted(concept.code for concept in city.challenges.all()),
        "summary": city.summary_en or "",
        "summaries": {
            code: getattr(city, f"summary_{code}")
            for code in OTHER_LANGUAGES
            if getattr(city, f"summary_{code}")
        },
    }


def export_document() -> str:
    """Every city as a cities document (sorted by slug), pretty-printed JSON."""
    cities = City.objects.select_related("region").prefetch_related("challenges").order_by("slug")
    data = {"cities": [city_as_record(city) for city in cities]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
