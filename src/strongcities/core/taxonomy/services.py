"""Loading the shipped taxonomy (data/taxonomy.json) into the database.

The file is checked as a whole before anything is written: a single problem (a missing label,
a duplicate or malformed code, an unknown key) refuses the file with a message naming the
scheme and concept, and the database stays as it was.
"""

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept, Scheme, TaxonomyRelease

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"
LANGS = [code for code, _name in settings.LANGUAGES]
CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCHEME_KEYS = {"code", "label", "description", "concepts"}
CONCEPT_KEYS = {"code", "label", "synonyms", "definition", "active"}


class TaxonomyDataError(DomainError):
    """The shipped taxonomy file is not valid; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _check_code(where: str, code: object) -> list[str]:
    if not isinstance(code, str) or not CODE_RE.match(code):
        return [
            _(
                "%(where)s: the code %(code)r is not kebab-case "
                "(lower-case letters, digits and single hyphens)."
            )
            % {"where": where, "code": code}
        ]
    return []


def _check_texts(where: str, field: str, values: object, required: bool) -> list[str]:
    """A {language: text} mapping: every language present and non-empty when required."""
    if values is None and not required:
        return []
    if not isinstance(values, dict):
        return [
            _("%(where)s: %(field)s must map languages to texts.")
            % {"where": where, "field": field}
        ]
    problems = []
    unknown = sorted(set(values) - set(LANGS))
    if unknown:
        problems.append(
            _("%(where)s: %(field)s has unknown languages %(langs)s.")
            % {"where": where, "field": field, "langs": ", ".join(unknown)}
        )
    for lang in LANGS:
        value = values.get(lang)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                _("%(where)s: the %(field)s in %(lang)s is missing.")
                % {"where": where, "field": field, "lang": lang}
            )
    return problems


def _check_synonyms(where: str, values: object) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, dict) or set(values) - set(LANGS):
        return [
            _("%(where)s: synonyms must map known languages to lists of words.") % {"where": where}
        ]
    problems = []
    for lang, words in values.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(
                _("%(where)s: the synonyms in %(lang)s must be a list of non-empty texts.")
                % {"where": where, "lang": lang}
            )
    return problems


def _unknown_keys(where: str, item: dict, allowed: set[str]) -> list[str]:
    unknown = sorted(set(item) - allowed)
    if unknown:
        return [
            _("%(where)s: unknown keys %(keys)s.") % {"where": where, "keys": ", ".join(unknown)}
        ]
    return []


def _check_concepts(scheme_code: str, concepts: object) -> list[str]:
    if not isinstance(concepts, list) or not concepts:
        return [_("%(scheme)s: the scheme has no concepts.") % {"scheme": scheme_code}]
    problems: list[str] = []
    seen: set[str] = set()
    for index, concept in enumerate(concepts):
        if not isinstance(concept, dict):
            problems.append(
                _("%(scheme)s: concept #%(n)d is not an object.")
                % {"scheme": scheme_code, "n": index + 1}
            )
            continue
        code = concept.get("code")
        where = f"{scheme_code}/{code}" if code else f"{scheme_code}/#{index + 1}"
        problems += _check_code(where, code)
        if code in seen:
            problems.append(
                _("%(where)s: the code is used twice in this scheme.") % {"where": where}
            )
        seen.add(code)
        problems += _unknown_keys(where, concept, CONCEPT_KEYS)
        problems += _check_texts(where, "label", concept.get("label"), required=True)
        problems += _check_texts(where, "definition", concept.get("definition"), required=False)
        problems += _check_synonyms(where, concept.get("synonyms"))
        if not isinstance(concept.get("active", True), bool):
            problems.append(_("%(where)s: active must be true or false.") % {"where": where})
    return problems


def validate(data: Any) -> list[str]:
    """Every problem of a taxonomy document, each naming its scheme and concept."""
    if not isinstance(data, dict) or not isinstance(data.get("schemes"), list):
        return [_("The taxonomy file must be an object with a list of schemes.")]
    problems: list[str] = []
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(_("The taxonomy file needs a positive integer version."))
    seen: set[str] = set()
    for index, scheme in enumerate(data["schemes"]):
        if not isinstance(scheme, dict):
            problems.append(_("Scheme #%(n)d is not an object.") % {"n": index + 1})
            continue
        code = scheme.get("code")
        where = str(code) if code else f"#{index + 1}"
        problems += _check_code(where, code)
        if code in seen:
            problems.append(_("%(where)s: the scheme code is used twice.") % {"where": where})
        seen.add(code)
        problems += _unknown_keys(where, scheme, SCHEME_KEYS)
        problems += _check_texts(where, "label", scheme.get("label"), required=True)
        problems += _check_texts(where, "description", scheme.get("description"), required=False)
        problems += _check_concepts(where, scheme.get("concepts"))
    return problems


def read_data(path: Path = DATA_FILE) -> dict:
    """The taxonomy document at `path`, refused with TaxonomyDataError if anything is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyDataError([_("%(path)s: no such file.") % {"path": path}]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TaxonomyDataError(
            [_("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}]
        ) from exc
    problems = validate(data)
    if problems:
        raise TaxonomyDataError(problems)
    return data


def translated(field: str, values: dict[str, object], join: bool = False) -> dict[str, str]:
    """{"label_en": ..., "label_fr": ...} from {"en": ..., "fr": ...}."""
    out = {}
    for lang in LANGS:
        value = values.get(lang, [] if join else "")
        out[f"{field}_{lang}"] = "\n".join(value) if join else value
    return out


@transaction.atomic
def load_taxonomy(path: Path = DATA_FILE, force: bool = False) -> int | None:
    """Create or update schemes and concepts; returns the version loaded, None if up to date.

    Labels edited by the secretariat are kept unless the shipped version is newer (or `force`).
    Concepts are never deleted (cities and practices point at them).
    """
    data = read_data(path)
    version = int(data["version"])
    current = TaxonomyRelease.objects.order_by("-version").first()
    if current and current.version >= version and not force:
        return None
    for position, scheme_data in enumerate(data["schemes"]):
        scheme, _created = Scheme.objects.update_or_create(
            code=scheme_data["code"],
            defaults={
                "position": position,
                **translated("label", scheme_data["label"]),
                **translated("description", scheme_data.get("description", {})),
            },
        )
        for concept_position, item in enumerate(scheme_data["concepts"]):
            Concept.objects.update_or_create(
                scheme=scheme,
                code=item["code"],
                defaults={
                    "position": concept_position,
                    "active": item.get("active", True),
                    **translated("label", item["label"]),
                    **translated("synonyms", item.get("synonyms", {}), join=True),
                    **translated("definition", item.get("definition", {})),
                },
            )
    TaxonomyRelease.objects.get_or_create(version=version)
    return version
