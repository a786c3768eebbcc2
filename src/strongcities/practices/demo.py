"""The demo practice library: the practices of the demo network (docs/demo.md).

The data lives in core/demo_data/practices.json (attachments under core/demo_data/files/, or
generated as small PDFs here). Each practice is brought to its state through the services the site
uses: created by a person of its city, submitted, sent back or published by the secretariat,
updated after publication, archived, peer reviewed. Practices are matched by their external_id
("demo-..."): one that exists is left as it is, so loading the demo again creates nothing twice.

The story happened over years: the steps of a published practice are dated back to its
`published_on` (and `updated_on`, `archived_on`), and the notifications of steps long past are
marked read and sent, so the inboxes show what is waiting today: the practice in the
secretariat's queue, the changes asked of Antalya, and Mombasa's consent to a peer review.
"""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Max, Model
from django.utils import timezone
from tqdm import tqdm

from strongcities.accounts.models import User
from strongcities.core.exceptions import DomainError
from strongcities.core.notifications.models import Notification
from strongcities.core.taxonomy.models import Concept
from strongcities.members.models import City, Partner
from strongcities.practices import services
from strongcities.practices.models import (
    LEVEL_FIELDS,
    TAG_FIELDS,
    PeerReview,
    Practice,
    PracticeVersion,
    StatusChange,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "core" / "demo_data"
FILES_DIR = DATA_DIR / "files"
SECRETARIAT = "editor@demo.strongcities.org"
EXPERT = "expert@demo.strongcities.org"
REVIEW_FIELDS = (
    "evidence_assessment",
    "strengths",
    "weaknesses",
    "transferability_assessment",
    "recommendation",
)
Status = Practice.Status


class DemoDataError(DomainError):
    """practices.json names something that does not exist (a concept, a city, a person)."""


def read_rows() -> list[dict]:
    return json.loads((DATA_DIR / "practices.json").read_text(encoding="utf-8"))


@dataclass
class LoadedPractices:
    """What load_practices leaves behind, and the line the demo loader prints about it."""

    practices: dict[str, Practice]
    created: int

    def __str__(self) -> str:
        statuses = Counter(p.status for p in self.practices.values())
        return (
            f"{len(self.practices)} practices ({statuses[Status.PUBLISHED]} published, "
            f"{statuses[Status.SUBMITTED]} awaiting review), {self.created} new"
        )


@dataclass
class Cast:
    """The cities, partners, people and concepts the rows refer to, looked up by their keys."""

    cities: dict[str, City]
    partners: dict[str, Partner]
    people: dict[str, User]
    concepts: dict[tuple[str, str], Concept] = field(default_factory=dict)

    def person(self, email: str) -> User:
        try:
            return self.people[email]
        except KeyError:
            raise DemoDataError(f"practices.json names an unknown person: {email}") from None

    def concept(self, scheme: str, code: str) -> Concept:
        try:
            return self.concepts[scheme, code]
        except KeyError:
            raise DemoDataError(f"practices.json: {code} is not a {scheme} concept") from None

    def owner(self, row: dict) -> City | Partner:
        if slug := row.get("partner"):
            return self.partners[slug]
        return self.cities[row["city"]]

    @property
    def secretariat(self) -> User:
        return self.person(SECRETARIAT)

    @property
    def expert(self) -> User:
        return self.person(EXPERT)


def load_practices(
    cities: dict[str, City],
    partners: dict[str, Partner],
    people: dict[str, User],
    out: Any = None,
) -> LoadedPractices:
    """Load the demo practices that do not exist yet; returns all of them."""
    rows = read_rows()
    # Fresh instances: role caches of the people loaded a moment ago may predate their roles.
    fresh = User.objects.filter(pk__in=[user.pk for user in people.values()])
    schemes = {*TAG_FIELDS.values(), *LEVEL_FIELDS.values()}
    cast = Cast(
        cities=cities,
        partners=partners,
        people={user.email: user for user in fresh},
        concepts={
            (c.scheme.code, c.code): c
            for c in Concept.objects.filter(scheme__code__in=schemes).select_related("scheme")
        },
    )
    loaded = {
        p.external_id: p
        for p in Practice.objects.filter(external_id__in=[row["external_id"] for row in rows])
    }
    created = 0
    bar = out is not None and getattr(out, "is_tty", False)
    raw = getattr(out, "raw", None)
    for row in tqdm(rows, desc="Practices", unit="practice", file=raw, disable=not bar):
        if row["external_id"] in loaded:
            continue
        loaded[row["external_id"]] = load_practice(row, cast, loaded)
        created += 1
    practices = Practice.objects.filter(external_id__in=list(loaded)).in_bulk(
        field_name="external_id"
    )
    return LoadedPractices(practices=practices, created=created)


def practice_input(
    row: dict, cast: Cast, loaded: dict[str, Practice], update: dict | None = None
) -> services.PracticeInput:
    """The row as the services take it; `update` overrides texts and contact."""
    texts = {lang: dict(fields) for lang, fields in row["texts"].items()}
    contact = row.get("contact", {})
    if update:
        for lang, fields in update.get("texts", {}).items():
            texts.setdefault(lang, {}).update(fields)
        contact = update.get("contact", contact)
    return services.PracticeInput(
        language=row["language"],
        texts=texts,
        tags={
            name: [cast.concept(scheme, code) for code in row.get(name, [])]
            for name, scheme in TAG_FIELDS.items()
        },
        levels={
            name: cast.concept(scheme, row[name]) if row.get(name) else None
            for name, scheme in LEVEL_FIELDS.items()
        },
        visibility=row["visibility"],
        shared_with=[cast.cities[slug] for slug in row.get("shared_with", [])],
        related=[loaded[key] for key in row.get("related", [])],
        start_year=row.get("start_year"),
        still_running=row.get("still_running", True),
        contact_name=contact.get("name", ""),
        contact_role=contact.get("role", ""),
        contact_email=contact.get("email", ""),
        external_id=row["external_id"],
    )


def load_practice(row: dict, cast: Cast, loaded: dict[str, Practice]) -> Practice:
    """Create one practice and walk it through its story to its status."""
    when = timeline(row)
    author = cast.person(row["author"])
    since = _last_pk(Notification)
    practice = services.create_practice(
        cast.owner(row), practice_input(row, cast, loaded), user=author
    )
    for spec in row.get("attachments", []):
        attach(practice, spec, author)
    status = row["status"]
    if status != Status.DRAFT:
        submitter = cast.person(row.get("submitted_by", row["author"]))
        _at(when, "submitted", practice, services.submit_practice, user=submitter)
    if status == Status.CHANGES_REQUESTED:
        mark_as_history(since)
        _at(
            when,
            "changes",
            practice,
            services.request_changes,
            user=cast.secretariat,
            comment=row["comment"],
        )
    if status in Practice.READABLE_STATUSES:
        published_life(practice, row, cast, loaded, when)
        mark_as_history(since)
        if review := row.get("peer_review"):
            peer_review(practice, review, cast)
            if review["status"] != PeerReview.Status.PROPOSED:
                mark_as_history(since)
    backdate(practice, when)
    return practice


def published_life(
    practice: Practice, row: dict, cast: Cast, loaded: dict, when: dict[str, datetime]
) -> None:
    """Publication, then the update after it and the archiving, when the row has them."""
    _at(when, "published", practice, services.publish_practice, user=cast.secretariat)
    if update := row.get("update"):
        _at(
            when,
            "updated",
            practice,
            services.update_practice,
            practice_input(row, cast, loaded, update),
            user=cast.person(update["by"]),
            note=update["note"],
        )
    if row["status"] == Status.ARCHIVED:
        _at(
            when,
            "archived",
            practice,
            services.archive_practice,
            user=cast.secretariat,
            comment=row["comment"],
        )


def peer_review(practice: Practice, spec: dict, cast: Cast) -> PeerReview:
    """Proposed by the secretariat; when the row says so, consented to and submitted."""
    review = services.propose_peer_review(practice, cast.expert, user=cast.secretariat)
    if spec["status"] == PeerReview.Status.PROPOSED:
        return review
    review = services.answer_peer_review(review, user=cast.person(spec["consent_by"]), consent=True)
    return services.submit_peer_review(
        review, user=cast.expert, **{name: spec[name] for name in REVIEW_FIELDS}
    )


def attach(practice: Practice, spec: dict, user: User) -> None:
    """A shipped file, or a PDF written from the row's lines, through the upload checks."""
    name = spec["file"]
    content = pdf_bytes(spec["pdf"]) if "pdf" in spec else (FILES_DIR / name).read_bytes()
    services.add_attachment(
        practice, title=spec["title"], file=ContentFile(content, name=name), user=user
    )


def timeline(row: dict) -> dict[str, datetime]:
    """When each step of the row's story happened (keys: created, submitted, published...)."""
    if published := _day(row.get("published_on")):
        when = {
            "created": published - timedelta(days=30),
            "submitted": published - timedelta(days=12),
            "published": published,
        }
        if update := row.get("update"):
            when["updated"] = _day(update["on"])
        if archived := _day(row.get("archived_on")):
            when["archived"] = archived
        return when
    now = timezone.now().replace(microsecond=0)
    when = {"created": now - timedelta(days=21)}
    if row["status"] != Status.DRAFT:
        when["submitted"] = now - timedelta(days=9)
    if row["status"] == Status.CHANGES_REQUESTED:
        when["changes"] = now - timedelta(days=3)
    return when


def backdate(practice: Practice, when: dict[str, datetime]) -> None:
    dates = {"created_at": when["created"], "updated_at": max(when.values())}
    if "published" in when:
        dates["published_at"] = when["published"]
    Practice.objects.filter(pk=practice.pk).update(**dates)


def mark_as_history(since: int) -> None:
    """Notifications created after `since` tell of the past: read, and not to be emailed."""
    now = timezone.now()
    Notification.objects.filter(pk__gt=since, read_at__isnull=True).update(
        read_at=now, emailed_at=now
    )


def _at(
    when: dict[str, datetime], step: str, practice: Practice, action: Callable, *args, **kwargs
) -> Any:
    """Run a workflow action and date what it recorded (history, versions) at its moment."""
    changes, versions = _last_pk(StatusChange), _last_pk(PracticeVersion)
    result = action(practice, *args, **kwargs)
    if moment := when.get(step):
        StatusChange.objects.filter(practice=practice, pk__gt=changes).update(created_at=moment)
        PracticeVersion.objects.filter(practice=practice, pk__gt=versions).update(created_at=moment)
    return result


def _last_pk(model: type[Model]) -> int:
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), time(9, 30), tzinfo=UTC)


def pdf_bytes(lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica, WinAnsi encoding) showing `lines`; no dependency."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT", "/F1 11 Tf", "15 TL", "72 770 Td"]
    text += [f"({escape(line)}) Tj T*" for line in lines]
    text.append("ET")
    content = "\n".join(text).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%b\nendstream" % (len(content), content),
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)
