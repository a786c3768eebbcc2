"""After the exchange: each side's short report, and the draft practice a report can start.

A side writes one report (a second call edits it). The first report tells the other side; the
report that completes the pair moves the exchange to "reported" and tells both sides and the
programme's sponsor. Reports stay open after the follow-ups have started.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.core.visibility import Visibility
from strongcities.exchanges.models import Exchange, Participant, Report, Side
from strongcities.exchanges.services.common import (
    LANGUAGE_CODES,
    allow,
    check_side,
    city_id_of,
    is_focal_point,
    is_team_member,
    locked,
    other_side,
    participants,
    require_state,
    side_focal_points,
    sponsor_people,
    tell,
)
from strongcities.exchanges.services.errors import ExchangeError
from strongcities.practices import services as practice_services
from strongcities.practices.models import Practice

State = Exchange.State
TITLE_LENGTH = 200
SUMMARY_LENGTH = 600


def _check_report(user, learned: str, language: str, practices: list) -> None:
    if not learned:
        raise ExchangeError(_("Say what was learned."), field="learned", code="input")
    if language not in LANGUAGE_CODES:
        raise ExchangeError(
            _("Choose the language the report is written in."), field="language", code="input"
        )
    wanted = {p.pk for p in practices}
    if wanted and Practice.objects.listed_for(user).filter(pk__in=wanted).count() != len(wanted):
        raise ExchangeError(
            _("Choose published practices you can see."), field="practices", code="practices"
        )


def _may_report(user, exchange: Exchange, side: str) -> bool:
    if is_focal_point(user, city_id_of(exchange, side)):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and Participant.objects.filter(exchange=exchange, side=side, user=user).exists()
    )


@transaction.atomic
def submit_report(
    exchange: Exchange,
    *,
    user,
    side: str,
    learned: str,
    plans: str = "",
    practices: Iterable = (),
    language: str,
    request=None,
) -> Report:
    """A side's focal point or participant writes (or edits) that side's report."""
    check_side(side)
    exchange = locked(exchange)
    allow(
        _may_report(user, exchange, side),
        _("Only that city's focal points and participants can write its report."),
    )
    require_state(exchange, State.COMPLETED, State.REPORTED, State.FOLLOWED_UP)
    practices = list(practices)
    learned, plans = (learned or "").strip(), (plans or "").strip()
    _check_report(user, learned, language, practices)
    report = Report.objects.filter(exchange=exchange, side=side).first()
    created = report is None
    report = report or Report(exchange=exchange, side=side)
    report.learned, report.plans, report.language = learned, plans, language
    report.author = user
    report.submitted_at = timezone.now()
    report.save()
    report.practices.set(practices)
    record(
        "exchange.report_submitted" if created else "exchange.report_updated",
        actor=user,
        target=exchange,
        request=request,
        side=side,
    )
    if created:
        _after_new_report(exchange, user, side, request)
    return report


def _after_new_report(exchange: Exchange, user, side: str, request) -> None:
    other = other_side(side)
    if exchange.state == State.COMPLETED and exchange.reports.filter(side=other).exists():
        now = timezone.now()
        exchange.state = State.REPORTED
        exchange.reported_at = now
        exchange.updated_at = now
        exchange.save(update_fields=["state", "reported_at", "updated_at"])
        record("exchange.reported", actor=user, target=exchange, request=request)
        recipients = [
            *side_focal_points(exchange, Side.VISITING, Side.HOST),
            *participants(exchange),
            *sponsor_people(exchange),
        ]
        tell(recipients, "exchange_reported", exchange, user)
        return
    recipients = [*side_focal_points(exchange, other), *participants(exchange, other)]
    tell(recipients, "exchange_report_submitted", exchange, user, side=side)


# --- A draft practice from the visiting city's report ---------------------------------------------


def _practices_of_interest(report: Report, exchange: Exchange) -> list[Practice]:
    """The practices the report plans to adopt, else the exchange's practices of interest; in
    the order they were chosen."""
    for through, owner in (
        (Report.practices.through, {"report_id": report.pk}),
        (Exchange.practices.through, {"exchange_id": exchange.pk}),
    ):
        rows = through.objects.filter(**owner).select_related("practice").order_by("pk")
        chosen = [row.practice for row in rows]
        if chosen:
            return chosen
    return []


def _draft_title(report: Report, exchange: Exchange, chosen: list[Practice]) -> str:
    lang = report.language
    with translation.override(lang):
        if chosen:
            first = chosen[0].texts(lang)["title"]
            title = _("%(practice)s in %(city)s") % {
                "practice": first,
                "city": exchange.visiting_city.name,
            }
        else:
            title = next((line for line in exchange.objectives.splitlines() if line.strip()), "")
        return Truncator(str(title).strip()).chars(TITLE_LENGTH)


def _draft_input(report: Report, exchange: Exchange) -> practice_services.PracticeInput:
    chosen = _practices_of_interest(report, exchange)
    texts = {
        "title": _draft_title(report, exchange, chosen),
        "summary": Truncator(report.plans or report.learned).chars(SUMMARY_LENGTH),
        "context": exchange.objectives,
        "lessons_learned": report.learned,
    }

    def tags(name: str) -> list:
        seen: dict[int, object] = {}
        for practice in chosen:
            for concept in getattr(practice, name).order_by("pk"):
                seen.setdefault(concept.pk, concept)
        return list(seen.values())

    return practice_services.PracticeInput(
        language=report.language,
        texts={report.language: texts},
        tags={"themes": tags("themes"), "audiences": tags("audiences")},
        visibility=Visibility.MEMBERS,
    )


@transaction.atomic
def start_draft_practice(report: Report, *, user, request=None) -> Practice:
    """Start a draft practice of the visiting city, pre-filled from its report; a second call
    returns the draft already started."""
    exchange = locked(report.exchange_id)
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("draft_practice")
        .get(pk=report.pk)
    )
    if report.side != Side.VISITING:
        raise ExchangeError(_("Only the visiting city's report can start a practice."), code="side")
    allow(
        is_team_member(user, exchange.visiting_city_id),
        _("Only the visiting city's team can start a practice from this report."),
    )
    if report.draft_practice is not None:
        return report.draft_practice
    try:
        practice = practice_services.create_practice(
            exchange.visiting_city, _draft_input(report, exchange), user=user, request=request
        )
    except practice_services.PracticeError as error:
        raise ExchangeError(error.message, field=error.field, code="input") from error
    report.draft_practice = practice
    report.save(update_fields=["draft_practice"])
    record(
        "exchange.draft_practice_started",
        actor=user,
        target=exchange,
        request=request,
        practice=practice.slug,
    )
    return practice
