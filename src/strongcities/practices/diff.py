"""A readable difference between two versions of a practice.

`word_diff(old, new)` compares two texts word by word (difflib) and returns escaped HTML where
removed words are wrapped in <del> and added words in <ins>. `version_changes(old, new, ...)`
compares two snapshots (services.snapshot) field by field and language by language; tags and
levels are named by their concept label in the reader's language. Contact details are only
compared for readers allowed to see them, sharing settings only for the owner's team and the
secretariat.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import Visibility
from strongcities.practices.models import LEVEL_FIELDS, TAG_FIELDS, TEXT_FIELDS, Practice

TOKEN = re.compile(r"\s+|[^\s]+")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> SafeString:
    """`new` as escaped HTML, with the words removed since `old` in <del>, added in <ins>."""
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(after[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


@dataclass
class TextChange:
    """A text field that changed in one language."""

    label: str
    language: str
    language_name: str
    html: SafeString


@dataclass
class TagChange:
    """Concepts added to and removed from one tag field (or a level that changed)."""

    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ValueChange:
    """A plain setting that changed: its label and the two values as shown."""

    label: str
    before: str
    after: str


@dataclass
class VersionDiff:
    """Everything that changed between two versions, ready for a template."""

    texts: list[TextChange] = field(default_factory=list)
    tags: list[TagChange] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.texts or self.tags or self.values)


def _verbose(name: str) -> str:
    return str(Practice._meta.get_field(name).verbose_name)


def _languages(old: dict, new: dict) -> list[str]:
    """The languages present in either version: the original first, then settings' order."""
    present = set(old.get("texts", {})) | set(new.get("texts", {}))
    original = new.get("language") or old.get("language")
    ordered = [code for code, _name in settings.LANGUAGES if code in present and code != original]
    return ([original] if original in present else []) + ordered


def _text_changes(old: dict, new: dict) -> list[TextChange]:
    changes = []
    for name in TEXT_FIELDS:
        for lang in _languages(old, new):
            before = old.get("texts", {}).get(lang, {}).get(name, "") or ""
            after = new.get("texts", {}).get(lang, {}).get(name, "") or ""
            if before != after:
                changes.append(
                    TextChange(
                        _verbose(name),
                        lang,
                        str(LANGUAGE_NAMES.get(lang, lang)),
                        word_diff(before, after),
                    )
                )
    return changes


def _concept_labels(old: dict, new: dict) -> dict[tuple[str, str], str]:
    """(scheme, code) -> label in the active language, for every concept either version names."""
    codes = set()
    for data in (old, new):
        codes.update(code for name in TAG_FIELDS for code in data.get("tags", {}).get(name, []))
        codes.update(code for code in data.get("levels", {}).values() if code)
    schemes = set(TAG_FIELDS.values()) | set(LEVEL_FIELDS.values())
    concepts = Concept.objects.filter(code__in=codes, scheme__code__in=schemes).select_related(
        "scheme"
    )
    return {(c.scheme.code, c.code): str(c.label) for c in concepts}


def _tag_changes(old: dict, new: dict) -> list[TagChange]:
    labels = _concept_labels(old, new)
    changes = []
    for name, scheme in TAG_FIELDS.items():
        before = set(old.get("tags", {}).get(name, []))
        after = set(new.get("tags", {}).get(name, []))
        if before != after:
            changes.append(
                TagChange(
                    _verbose(name),
                    added=sorted(labels.get((scheme, c), c) for c in after - before),
                    removed=sorted(labels.get((scheme, c), c) for c in before - after),
                )
            )
    for name, scheme in LEVEL_FIELDS.items():
        before = old.get("levels", {}).get(name)
        after = new.get("levels", {}).get(name)
        if before != after:
            changes.append(
                TagChange(
                    _verbose(name),
                    added=[labels.get((scheme, after), after)] if after else [],
                    removed=[labels.get((scheme, before), before)] if before else [],
                )
            )
    return changes


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _value_changes(old: dict, new: dict, *, show_contact: bool, show_sharing: bool):
    pairs = [
        (_verbose("start_year"), old.get("start_year"), new.get("start_year")),
        (_verbose("still_running"), old.get("still_running"), new.get("still_running")),
    ]
    if show_contact:
        for key, name in (("name", "contact_name"), ("role", "contact_role")):
            pairs.append(
                (_verbose(name), old.get("contact", {}).get(key), new.get("contact", {}).get(key))
            )
        pairs.append(
            (
                _verbose("contact_email"),
                old.get("contact", {}).get("email"),
                new.get("contact", {}).get("email"),
            )
        )
    if show_sharing:
        visibility = dict(Visibility.choices)
        pairs.append(
            (
                _verbose("visibility"),
                visibility.get(old.get("visibility"), old.get("visibility")),
                visibility.get(new.get("visibility"), new.get("visibility")),
            )
        )
        pairs.append(
            (
                _verbose("shared_with"),
                ", ".join(old.get("shared_with", [])),
                ", ".join(new.get("shared_with", [])),
            )
        )
    return [
        ValueChange(label, _shown(before), _shown(after))
        for label, before, after in pairs
        if before != after
    ]


def version_changes(
    old: dict | None, new: dict, *, show_contact: bool = False, show_sharing: bool = False
) -> VersionDiff:
    """What changed from snapshot `old` (None: nothing before) to snapshot `new`."""
    old = old or {}
    return VersionDiff(
        texts=_text_changes(old, new),
        tags=_tag_changes(old, new),
        values=_value_changes(old, new, show_contact=show_contact, show_sharing=show_sharing),
    )
