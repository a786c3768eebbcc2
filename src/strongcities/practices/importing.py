"""Import and export of practices as JSON (the format is documented in docs/formats/practices.md).

`validate_document(text)` checks every record and every field before anything is written and
collects all problems, each naming the record (index, external_id, line), the field (a dotted
path such as ``translations.fr.title``) and the reason. `import_records(records)` then writes
them all in one transaction through the practice services; `export_document()` is the inverse.

The content checks (`read_content`) are shared with the API, which accepts the same fields.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from strongcities.core.jsondoc import FieldError, record_lines
from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import Visibility
from strongcities.members.models import City, Partner
from strongcities.practices import services
from strongcities.practices.models import LEVEL_FIELDS, TAG_FIELDS, TEXT_FIELDS, Practice

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
STATUSES = ("draft", "published")
HUB_PREFIX = "hub:"  # external_id of a practice created on the hub: "hub:<slug>"
CONTACT_FIELDS = ("name", "role", "email")
CONTENT_FIELDS = frozenset(
    {*TEXT_FIELDS, *TAG_FIELDS, *LEVEL_FIELDS, "language", "visibility", "shared_with",
     "start_year", "still_running", "contact", "translations"}
)  # fmt: skip
RECORD_FIELDS = CONTENT_FIELDS | {"external_id", "city", "partner", "status"}
MAX_LENGTHS = {"title": 200, "summary": 600}
MIN_YEAR, MAX_YEAR = 1950, 2100
MAX_EXTERNAL_ID = 120
MAX_CONTACT = 200


@dataclass(frozen=True)
class Problem:
    """A validation error: where (record index, external_id, line), which field, and why.

    Problems about the whole file have no index.
    """

    reason: str
    field: str | None = None
    index: int | None = None
    external_id: str = ""
    line: int | str = "?"

    def __str__(self) -> str:
        where = {
            "index": self.index,
            "external_id": self.external_id,
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
        }
        if self.index is None:
            return self.reason
        if self.field is None:
            return _("practices[%(index)s] (line %(line)s): %(reason)s") % where
        return (
            _(
                'practices[%(index)s] (external_id "%(external_id)s", line %(line)s), '
                'field "%(field)s": %(reason)s'
            )
            % where
        )


class Vocabulary:
    """What codes and slugs may name: concepts by scheme, cities, partners (loaded when used)."""

    @cached_property
    def concepts(self) -> dict[tuple[str, str], Concept]:
        active = Concept.objects.filter(active=True).select_related("scheme")
        return {(c.scheme.code, c.code): c for c in active}

    @cached_property
    def schemes_of(self) -> dict[str, list[str]]:
        schemes = defaultdict(list)
        for scheme, code in sorted(self.concepts):
            schemes[code].append(scheme)
        return schemes

    @cached_property
    def cities(self) -> dict[str, City]:
        return {city.slug: city for city in City.objects.all()}

    @cached_property
    def partners(self) -> dict[str, Partner]:
        return {partner.slug: partner for partner in Partner.objects.all()}


@dataclass
class Content:
    """The validated content of a practice, as the importer and the API read it."""

    language: str
    texts: dict[str, dict[str, str]]
    tags: dict[str, list[Concept]]
    levels: dict[str, Concept | None]
    visibility: str = Visibility.MEMBERS
    shared_with: list[City] = field(default_factory=list)
    start_year: int | None = None
    still_running: bool = True
    contact: dict[str, str] = field(default_factory=dict)

    def as_input(self, *, related=(), external_id: str | None = None) -> services.PracticeInput:
        """The services' input; `external_id=None` leaves a practice's identifier as it is."""
        return services.PracticeInput(
            language=self.language,
            texts=self.texts,
            tags=self.tags,
            levels=self.levels,
            visibility=self.visibility,
            shared_with=list(self.shared_with),
            related=list(related),
            start_year=self.start_year,
            still_running=self.still_running,
            contact_name=self.contact.get("name", ""),
            contact_role=self.contact.get("role", ""),
            contact_email=self.contact.get("email", ""),
            external_id=external_id,
        )

    def as_dict(self) -> dict:
        """The content in the file's format (what export writes), to compare with a practice."""
        original = self.texts.get(self.language, {})
        return {
            "language": self.language,
            **{name: original.get(name, "") for name in TEXT_FIELDS},
            **{name: sorted(c.code for c in self.tags.get(name, [])) for name in TAG_FIELDS},
            **{name: (c.code if (c := self.levels.get(name)) else None) for name in LEVEL_FIELDS},
            "visibility": self.visibility,
            "shared_with": sorted(city.slug for city in self.shared_with),
            "start_year": self.start_year,
            "still_running": self.still_running,
            "contact": {name: self.contact.get(name, "") for name in CONTACT_FIELDS},
            "translations": {
                lang: texts for lang, texts in self.texts.items() if lang != self.language
            },
        }


@dataclass
class PracticeRecord:
    """One validated record of a file, with what importing it will do."""

    index: int
    external_id: str
    owner: City | Partner
    content: Content
    status: str = "draft"
    existing: Practice | None = None
    changed: bool = True
    publish: bool = False

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changed or self.publish else "unchanged"


# --- Reading one field ------------------------------------------------------------------------


def _text(value, name: str, *, required: str = "") -> str:
    """A string field; `required` is the message when it is missing or blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(name, _("It must be a string."))
    value = value.strip()
    if required and not value:
        raise FieldError(name, required)
    limit = MAX_LENGTHS.get(name.rsplit(".", 1)[-1])
    if limit and len(value) > limit:
        raise FieldError(name, _("It must be at most %(max)s characters long.") % {"max": limit})
    return value


def _choice(value, name: str, choices: Iterable[str], default: str) -> str:
    if value is None:
        return default
    choices = list(choices)
    if not isinstance(value, str) or value not in choices:
        raise FieldError(
            name,
            _("Unknown value %(value)s: use one of %(choices)s.")
            % {"value": json.dumps(value, ensure_ascii=False), "choices": ", ".join(choices)},
        )
    return value


def _language(value) -> str:
    if value is None or value == "":
        raise FieldError("language", _("This field is required."))
    return _choice(value, "language", LANGUAGE_CODES, "")


def _concept(vocabulary: Vocabulary, name: str, scheme: str, code: str) -> Concept:
    concept = vocabulary.concepts.get((scheme, code))
    if concept is not None:
        return concept
    others = vocabulary.schemes_of.get(code)
    if others:
        raise FieldError(
            name,
            _('"%(code)s" is a concept of the %(other)s scheme, not of the %(scheme)s scheme.')
            % {"code": code, "other": ", ".join(others), "scheme": scheme},
        )
    raise FieldError(
        name,
        _('Unknown concept code "%(code)s" (scheme %(scheme)s).')
        % {"code": code, "scheme": scheme},
    )


def _concepts(value, name: str, vocabulary: Vocabulary) -> list[Concept]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError(name, _("It must be a list of concept codes."))
    return [_concept(vocabulary, name, TAG_FIELDS[name], code) for code in dict.fromkeys(value)]


def _level(value, name: str, vocabulary: Vocabulary) -> Concept | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(name, _("It must be a concept code or null."))
    return _concept(vocabulary, name, LEVEL_FIELDS[name], value)


def _cities(value, name: str, vocabulary: Vocabulary) -> list[City]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError(name, _("It must be a list of city slugs."))
    unknown = [slug for slug in value if slug not in vocabulary.cities]
    if unknown:
        raise FieldError(
            name,
            _("Unknown cities: %(slugs)s.") % {"slugs": ", ".join(f'"{s}"' for s in unknown)},
        )
    return [vocabulary.cities[slug] for slug in dict.fromkeys(value)]


def _start_year(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise FieldError(
            "start_year",
            _("It must be a whole number from %(min)s to %(max)s, or null.")
            % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    return value


def _still_running(value) -> bool:
    if value is None:
        return True
    if not isinstance(value, bool):
        raise FieldError("still_running", _("It must be true or false."))
    return value


def _contact(value, errors: list[FieldError]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(FieldError("contact", _("It must be an object with name, role and email.")))
        return {}
    contact = {}
    errors += [
        FieldError(f"contact.{key}", _("Unknown field."))
        for key in sorted(set(value) - set(CONTACT_FIELDS), key=str)
    ]
    for key in CONTACT_FIELDS:
        try:
            contact[key] = _contact_value(value.get(key), key)
        except FieldError as error:
            errors.append(error)
    return contact


def _contact_value(value, key: str) -> str:
    text = _text(value, f"contact.{key}")
    if len(text) > MAX_CONTACT:
        raise FieldError(
            f"contact.{key}",
            _("It must be at most %(max)s characters long.") % {"max": MAX_CONTACT},
        )
    if key == "email" and text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise FieldError("contact.email", _("Enter a valid email address.")) from exc
    return text


def _translations(value, language: str | None, errors: list[FieldError]) -> dict:
    """{lang: {field: text}} of the translations; every problem is added to `errors`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(
            FieldError("translations", _("It must be an object mapping language codes to texts."))
        )
        return {}
    result = {}
    for lang, texts in value.items():
        path = f"translations.{lang}"
        if lang not in LANGUAGE_CODES:
            reason = _("Unknown language %(code)s: use one of %(codes)s.") % {
                "code": json.dumps(lang, ensure_ascii=False),
                "codes": ", ".join(LANGUAGE_CODES),
            }
            errors.append(FieldError(path, reason))
        elif lang == language:
            reason = _("This is the original language: its texts go in the record's own fields.")
            errors.append(FieldError(path, reason))
        kept = _translation(texts, path, errors)
        if kept and not kept.get("title"):
            errors.append(FieldError(f"{path}.title", _("A translation needs at least a title.")))
        if kept:
            result[lang] = kept
    return result


def _translation(texts, path: str, errors: list[FieldError]) -> dict[str, str]:
    if not isinstance(texts, dict):
        errors.append(FieldError(path, _("It must be an object mapping field names to texts.")))
        return {}
    kept = {}
    for name, text in texts.items():
        if name not in TEXT_FIELDS:
            errors.append(FieldError(f"{path}.{name}", _("Unknown field.")))
            continue
        try:
            value = _text(text, f"{path}.{name}")
        except FieldError as error:
            errors.append(error)
            continue
        if value:
            kept[name] = value
    return {name: kept[name] for name in TEXT_FIELDS if name in kept}


# --- Reading a record ------------------------------------------------------------------------


def _original_texts(raw: dict, errors: list[FieldError]) -> dict[str, str]:
    required = {
        "title": _("A practice needs a title in its original language."),
        "summary": _("A practice needs a summary in its original language."),
    }
    texts = {}
    for name in TEXT_FIELDS:
        try:
            texts[name] = _text(raw.get(name), name, required=required.get(name, ""))
        except FieldError as error:
            errors.append(error)
    return texts


def read_content(
    raw: dict, vocabulary: Vocabulary, known: frozenset[str] = CONTENT_FIELDS
) -> tuple[Content | None, list[FieldError]]:
    """Check the content fields of `raw`: (content, []) or (None, every problem found)."""
    errors = [
        FieldError(str(name), _("Unknown field.")) for name in sorted(set(raw) - known, key=str)
    ]
    values: dict = {}
    single: dict[str, Callable] = {
        "language": lambda: _language(raw.get("language")),
        "visibility": lambda: _choice(
            raw.get("visibility"), "visibility", Visibility.values, Visibility.MEMBERS
        ),
        "shared_with": lambda: _cities(raw.get("shared_with"), "shared_with", vocabulary),
        "start_year": lambda: _start_year(raw.get("start_year")),
        "still_running": lambda: _still_running(raw.get("still_running")),
        **{
            name: (lambda name=name: _concepts(raw.get(name), name, vocabulary))
            for name in TAG_FIELDS
        },
        **{
            name: (lambda name=name: _level(raw.get(name), name, vocabulary))
            for name in LEVEL_FIELDS
        },
    }
    for name, check in single.items():
        try:
            values[name] = check()
        except FieldError as error:
            errors.append(error)
    original = _original_texts(raw, errors)
    translations = _translations(raw.get("translations"), values.get("language"), errors)
    contact = _contact(raw.get("contact"), errors)
    if values.get("shared_with") and values.get("visibility") != Visibility.RESTRICTED:
        errors.append(
            FieldError("shared_with", _("Only a restricted practice is shared with named cities."))
        )
    if errors:
        return None, errors
    return Content(
        language=values["language"],
        texts={values["language"]: original, **translations},
        tags={name: values[name] for name in TAG_FIELDS},
        levels={name: values[name] for name in LEVEL_FIELDS},
        visibility=values["visibility"],
        shared_with=values["shared_with"],
        start_year=values["start_year"],
        still_running=values["still_running"],
        contact=contact,
    ), []


def _external_id(value) -> str:
    text = _text(value, "external_id", required=_("This field is required."))
    if len(text) > MAX_EXTERNAL_ID:
        raise FieldError(
            "external_id",
            _("It must be at most %(max)s characters long.") % {"max": MAX_EXTERNAL_ID},
        )
    return text


def _owner(raw: dict, vocabulary: Vocabulary) -> City | Partner:
    city, partner = raw.get("city"), raw.get("partner")
    if city is not None and partner is not None:
        raise FieldError("partner", _("Give either a city or a partner, not both."))
    if partner is not None:
        if not isinstance(partner, str) or partner not in vocabulary.partners:
            raise FieldError(
                "partner",
                _("Unknown partner organisation %(slug)s.")
                % {"slug": json.dumps(partner, ensure_ascii=False)},
            )
        return vocabulary.partners[partner]
    if city is None or city == "":
        raise FieldError("city", _("This field is required (or give a partner)."))
    if not isinstance(city, str) or city not in vocabulary.cities:
        raise FieldError(
            "city", _("Unknown city %(slug)s.") % {"slug": json.dumps(city, ensure_ascii=False)}
        )
    return vocabulary.cities[city]


FIELD_ORDER = (
    "external_id", "city", "partner", "language", *TEXT_FIELDS, *TAG_FIELDS, *LEVEL_FIELDS,
    "visibility", "shared_with", "status", "start_year", "still_running", "contact",
    "translations",
)  # fmt: skip


def _field_position(error: FieldError) -> int:
    """Errors in the order the format lists the fields; unknown fields first."""
    name = error.field.split(".", 1)[0]
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else -1


def read_record(
    raw: dict, index: int, vocabulary: Vocabulary
) -> tuple[PracticeRecord | None, list[FieldError]]:
    """Check one record of a file (content and identity)."""
    content, errors = read_content(raw, vocabulary, known=RECORD_FIELDS)
    values = {}
    checks = {
        "external_id": lambda: _external_id(raw.get("external_id")),
        "owner": lambda: _owner(raw, vocabulary),
        "status": lambda: _choice(raw.get("status"), "status", STATUSES, "draft"),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except FieldError as error:
            errors.append(error)
    if errors or content is None:
        return None, sorted(errors, key=_field_position)
    return PracticeRecord(index=index, content=content, **values), []


# --- The whole document ----------------------------------------------------------------------


def parse_document(text: str) -> tuple[list, list[int], list[Problem]]:
    """The list of records of a JSON document, the line of each, or the problem with the file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = _("The file is not valid JSON (line %(line)s, column %(column)s): %(reason)s.") % {
            "line": exc.lineno,
            "column": exc.colno,
            "reason": exc.msg,
        }
        return [], [], [Problem(reason)]
    except (ValueError, RecursionError):
        return [], [], [Problem(_("The file is not valid JSON."))]
    if not isinstance(data, dict) or not isinstance(data.get("practices"), list):
        return [], [], [Problem(_('The file must be a JSON object with a list under "practices".'))]
    problems = [
        Problem(_("Unknown top-level field %(name)s.") % {"name": json.dumps(name)}, field=name)
        for name in sorted(set(data) - {"practices"})
    ]
    return data["practices"], record_lines(text, "practices"), problems


def validate_document(
    text: str, progress: Callable | None = None
) -> tuple[list[PracticeRecord], list[Problem]]:
    """Parse and check a practices document: (records, []) when valid, ([], problems) otherwise."""
    items, lines, problems = parse_document(text)
    if problems:
        return [], problems
    return validate_records(items, lines, progress=progress)


def validate_records(
    items: list, lines: list[int] | None = None, progress: Callable | None = None
) -> tuple[list[PracticeRecord], list[Problem]]:
    """Check every record and collect every problem; nothing to write if there is any."""
    lines = lines or []
    vocabulary = Vocabulary()
    records: list[PracticeRecord] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(progress(items) if progress else items):
        line = lines[index] if index < len(lines) else "?"
        if not isinstance(raw, dict):
            problems.append(
                Problem(_("Each record must be a JSON object."), index=index, line=line)
            )
            continue
        external_id = raw.get("external_id")
        where = {
            "index": index,
            "line": line,
            "external_id": external_id if isinstance(external_id, str) else "",
        }
        record, errors = read_record(raw, index, vocabulary)
        problems += [Problem(e.reason, field=e.field, **where) for e in errors]
        if record is None:
            continue
        if record.external_id in seen:
            reason = _("The external_id is already used by practices[%(other)s] in this file.") % {
                "other": seen[record.external_id]
            }
            problems.append(Problem(reason, field="external_id", **where))
            continue
        seen[record.external_id] = index
        records.append(record)
    problems += _compare_with_existing(records, lines)
    return ([], problems) if problems else (records, [])


# --- Records against the practices already in the database ----------------------------------


def export_queryset():
    """Practices with everything the export (and the comparison) reads, in a fixed query count."""
    return Practice.objects.select_related(
        "city", "partner", *LEVEL_FIELDS.keys()
    ).prefetch_related(*TAG_FIELDS.keys(), "shared_with")


def _existing(records: list[PracticeRecord]) -> dict[str, Practice]:
    """{external_id: practice} for the records that name an existing practice."""
    ids = [r.external_id for r in records]
    found = {p.external_id: p for p in export_queryset().filter(external_id__in=ids)}
    hub_slugs = {
        r.external_id.removeprefix(HUB_PREFIX): r.external_id
        for r in records
        if r.external_id.startswith(HUB_PREFIX) and r.external_id not in found
    }
    if hub_slugs:
        by_slug = export_queryset().filter(slug__in=list(hub_slugs), external_id__isnull=True)
        found.update({hub_slugs[p.slug]: p for p in by_slug})
    return found


def _compare_with_existing(records: list[PracticeRecord], lines: list[int]) -> list[Problem]:
    problems = []
    existing = _existing(records)
    for record in records:
        practice = existing.get(record.external_id)
        if practice is None:
            continue
        record.existing = practice
        wanted = record_as_dict(record)
        current = practice_as_record(practice)
        record.changed = {k: v for k, v in wanted.items() if k != "status"} != {
            k: v for k, v in current.items() if k != "status"
        }
        error = _update_refusal(record, practice, current)
        if error is not None:
            where = {
                "index": record.index,
                "external_id": record.external_id,
                "line": lines[record.index] if record.index < len(lines) else "?",
            }
            problems.append(Problem(error.reason, field=error.field, **where))
    return problems


def _update_refusal(record: PracticeRecord, practice: Practice, current: dict) -> FieldError | None:
    """Why an existing practice cannot take this record, if it cannot; sets record.publish."""
    if practice.owner != record.owner:
        owner_field = "city" if "city" in current else "partner"
        return FieldError(
            "partner" if isinstance(record.owner, Partner) else "city",
            _("The practice belongs to %(owner)s: an import cannot give it another owner.")
            % {"owner": current.get(owner_field)},
        )
    readable = practice.status in Practice.READABLE_STATUSES
    if readable and record.status == "draft":
        return FieldError(
            "status",
            _("The practice is already published: an import cannot take it back to draft."),
        )
    if practice.status == Practice.Status.ARCHIVED and record.changed:
        return FieldError("status", _("The practice is archived: an import cannot change it."))
    if practice.status == Practice.Status.SUBMITTED and record.changed and record.status == "draft":
        return FieldError(
            "status",
            _(
                "The practice is waiting for the secretariat's review: an import can publish "
                "it but not change it as a draft."
            ),
        )
    record.publish = record.status == "published" and not readable
    return None


# --- Writing ---------------------------------------------------------------------------------


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def plan(records: list[PracticeRecord]) -> Summary:
    """What importing the (validated) records would do, without doing it."""
    summary = Summary()
    for record in records:
        action = record.action
        summary.created += action == "create"
        summary.updated += action == "update"
        summary.unchanged += action == "unchanged"
    return summary


@transaction.atomic
def import_records(
    records: list[PracticeRecord], progress: Callable | None = None, user=None
) -> Summary:
    """Create or update every record (matched by external_id) in one transaction."""
    summary = Summary()
    for record in progress(records) if progress else records:
        action = record.action
        if action == "create":
            _create(record, user)
            summary.created += 1
        elif action == "update":
            _update(record, user)
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary


def _create(record: PracticeRecord, user) -> Practice:
    data = record.content.as_input(external_id=record.external_id)
    practice = services.create_practice(record.owner, data, user=user)
    if record.status == "published":
        practice = services.publish_imported(practice, user=user)
    return practice


def _update(record: PracticeRecord, user) -> Practice:
    practice = record.existing
    if record.publish and practice.status == Practice.Status.SUBMITTED:
        practice = services.publish_imported(practice, user=user)
    if record.changed:
        # A practice matched by its hub address keeps having no external identifier.
        keep = None if practice.external_id is None else record.external_id
        data = record.content.as_input(related=practice.related.all(), external_id=keep)
        practice = services.update_practice(practice, data, user=user, note=_("Imported"))
    if record.publish and practice.status != Practice.Status.PUBLISHED:
        practice = services.publish_imported(practice, user=user)
    return practice


# --- Exporting -------------------------------------------------------------------------------


def _owner_dict(owner) -> dict:
    return {"partner": owner.slug} if isinstance(owner, Partner) else {"city": owner.slug}


def record_as_dict(record: PracticeRecord) -> dict:
    """A validated record in the file's format (the export's order of fields)."""
    content = record.content.as_dict()
    translations = content.pop("translations")
    return {
        "external_id": record.external_id,
        **_owner_dict(record.owner),
        **content,
        "status": record.status,
        "translations": translations,
    }


def practice_as_record(practice: Practice) -> dict:
    """One practice in the import format."""
    language = practice.language
    translations = {}
    for lang in practice.languages()[1:]:
        texts = {name: practice.text(name, lang) for name in TEXT_FIELDS}
        translations[lang] = {name: text for name, text in texts.items() if text}
    return {
        "external_id": practice.external_id or f"{HUB_PREFIX}{practice.slug}",
        **_owner_dict(practice.owner),
        "language": language,
        **{name: practice.text(name, language) for name in TEXT_FIELDS},
        **{
            name: sorted(concept.code for concept in getattr(practice, name).all())
            for name in TAG_FIELDS
        },
        **{
            name: (concept.code if (concept := getattr(practice, name)) else None)
            for name in LEVEL_FIELDS
        },
        "visibility": practice.visibility,
        "shared_with": sorted(city.slug for city in practice.shared_with.all()),
        "start_year": practice.start_year,
        "still_running": practice.still_running,
        "contact": {
            "name": practice.contact_name,
            "role": practice.contact_role,
            "email": practice.contact_email,
        },
        "status": "published" if practice.status in Practice.READABLE_STATUSES else "draft",
        "translations": translations,
    }


def export_document(status: str | None = None) -> str:
    """Every practice (or those of one workflow status) as a practices document, by id."""
    practices = export_queryset().order_by("pk")
    if status:
        practices = practices.filter(status=status)
    data = {"practices": [practice_as_record(practice) for practice in practices]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
