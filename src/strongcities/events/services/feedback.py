"""After the event: a participant's short feedback, and its summary for the organisers.

Confirmed participants give it once, from the start of the event on. Organisers read the
answers without names: the summary never carries who said what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from strongcities.core.audit.services import record
from strongcities.events.models import Event, Feedback, Registration
from strongcities.events.services.errors import EventError

RATINGS = (1, 2, 3, 4, 5)
TEXT_FIELDS = ("most_useful", "improve", "will_apply")


@dataclass
class FeedbackInput:
    rating: int
    most_useful: str = ""
    improve: str = ""
    will_apply: str = ""


def feedback_refusal(registration: Registration, now: datetime | None = None) -> EventError | None:
    """Why `registration` may not give feedback now, or None when it may."""
    now = now or timezone.now()
    if registration.status != Registration.Status.CONFIRMED:
        return EventError(
            gettext("Only confirmed participants can give feedback."), code="not_confirmed"
        )
    if registration.event.status != Event.Status.PUBLISHED:
        return EventError(gettext("This event did not take place."), code="cancelled")
    if now < registration.event.start:
        return EventError(gettext("Feedback opens when the event starts."), code="not_started")
    if Feedback.objects.filter(registration=registration).exists():
        return EventError(gettext("You have already given your feedback."), code="duplicate")
    return None


def submit_feedback(
    registration: Registration, data: FeedbackInput, *, by, now: datetime | None = None
) -> Feedback:
    """Record the participant's feedback, once."""
    now = now or timezone.now()
    if data.rating not in RATINGS:
        raise EventError(gettext("Choose a rating from 1 to 5."), field="rating", code="rating")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        refusal = feedback_refusal(registration, now)
        if refusal is not None:
            raise refusal
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    registration=registration,
                    rating=data.rating,
                    most_useful=data.most_useful.strip(),
                    improve=data.improve.strip(),
                    will_apply=data.will_apply.strip(),
                    created_at=now,
                )
        except IntegrityError as exc:  # a second submission racing the first
            raise EventError(
                gettext("You have already given your feedback."), code="duplicate"
            ) from exc
        record(
            "events.feedback_given",
            actor=by,
            target=registration.event,
            registration=registration.pk,
        )
    return feedback


@dataclass
class FeedbackSummary:
    """The answers of an event's participants, without names or order of arrival."""

    count: int = 0
    average: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (rating, how many)
    most_useful: list[str] = field(default_factory=list)
    improve: list[str] = field(default_factory=list)
    will_apply: list[str] = field(default_factory=list)


def feedback_summary(event: Event) -> FeedbackSummary:
    """Count, average and distribution of ratings, and the written answers (2 queries)."""
    answers = Feedback.objects.filter(registration__event=event)
    per_rating = dict(
        answers.order_by().values_list("rating").annotate(n=Count("pk")).values_list("rating", "n")
    )
    count = sum(per_rating.values())
    summary = FeedbackSummary(
        count=count,
        average=(round(sum(r * n for r, n in per_rating.items()) / count, 1) if count else None),
        distribution=[(rating, per_rating.get(rating, 0)) for rating in reversed(RATINGS)],
    )
    if count:
        for texts in answers.values_list(*TEXT_FIELDS):
            for name, text in zip(TEXT_FIELDS, texts, strict=True):
                if text:
                    getattr(summary, name).append(text)
    # Each list in alphabetical order: neither the time of an answer nor the other answers of
    # the same person can be read from it.
    for name in TEXT_FIELDS:
        getattr(summary, name).sort(key=str.casefold)
    return summary
