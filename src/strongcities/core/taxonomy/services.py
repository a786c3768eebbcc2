"""Loading the shipped taxonomy (data/taxonomy.json) into the database."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept, Scheme, TaxonomyRelease

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"
LANGS = [code for code, _name in settings.LANGUAGES]


def read_data(path: Path = DATA_FILE) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    for scheme in data["schemes"]:
        for concept in scheme["concepts"]:
            missing = [lang for lang in LANGS if not concept["label"].get(lang)]
            if missing:
                raise DomainError(
                    f"Concept {scheme['code']}/{concept['code']} has no label in {missing}"
                )
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

    Labels edited by the secretariat are kept unless the shipped version is newer.
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
