"""The secretariat's impact figures: exchanges by state, what was adopted, the practices that
travelled, time from request to completion — per programme and per theme — and their CSV
export (formula-safe, audited as a data export). Everyone else: core.access.deny."""

import csv
import io

import rules
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from strongcities.core.access import deny
from strongcities.core.audit.services import record
from strongcities.exchanges.forms_impact import ImpactFilterForm
from strongcities.exchanges.models import Exchange, Outcome
from strongcities.exchanges.services import impact as figures

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_safe
def impact(request):
    """The figures, filtered by programme and theme; ?format=csv exports them."""
    if not rules.has_perm("exchanges.see_impact", request.user):
        return deny(request)
    form = ImpactFilterForm(request.GET or None)
    values = form.values() if request.GET else {}
    result = figures.impact(programme=values.get("programme"), theme=values.get("theme"))
    if values.get("format") == "csv":
        return export(request, result, values)
    return render(
        request,
        "exchanges/impact.html",
        {
            "form": form,
            "filtered": bool(values.get("programme") or values.get("theme")),
            "result": result,
            "query": _query(values),
        },
    )


def _query(values: dict) -> str:
    """The filters as a query string, for the export links."""
    parts = []
    if values.get("programme"):
        parts.append(f"programme={values['programme'].slug}")
    if values.get("theme"):
        parts.append(f"theme={values['theme'].code}")
    return "&".join(parts)


# --- CSV ---------------------------------------------------------------------------------------


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def summary_rows(result: figures.Impact) -> tuple[list[str], list[list]]:
    """All exchanges, then one row per programme and per theme."""
    header = [
        str(_("Group")),
        str(_("Name")),
        str(_("Exchanges")),
        *(str(label) for _state, label in Exchange.State.choices),
        *(str(label) for _outcome, label in Outcome.choices),
        str(_("Transfers")),
        str(_("Median days from request to completion")),
    ]
    rows = [(_("All exchanges"), "", result.total)]
    rows += [
        (_("Programme"), row.key.title if row.key else _("Without a programme"), row)
        for row in result.per_programme
    ]
    rows += [(_("Theme"), row.key.label, row) for row in result.per_theme]
    table = [
        [
            group,
            name,
            row.exchanges,
            *(row.by_state[state] for state, _label in Exchange.State.choices),
            *(row.adoption[outcome] for outcome, _label in Outcome.choices),
            row.transfers,
            row.median_days_to_completion,
        ]
        for group, name, row in rows
    ]
    return header, table


def transfer_rows(result: figures.Impact) -> tuple[list[str], list[list]]:
    header = [
        str(_("Practice")),
        str(_("From")),
        str(_("To")),
        str(_("Status")),
        str(_("Recorded")),
        str(_("Exchange")),
    ]
    statuses = dict(Outcome.choices)
    table = [
        [
            t.practice.display_title,
            t.origin,
            t.to_city.name,
            statuses.get(t.status, t.status),
            t.recorded_at,
            t.exchange_id,
        ]
        for t in result.transfers
    ]
    return header, table


def export(request, result: figures.Impact, values: dict) -> HttpResponse:
    """The summary (or, with table=transfers, the transfers) as CSV; audited."""
    table = values.get("table") or "summary"
    header, rows = transfer_rows(result) if table == "transfers" else summary_rows(result)
    with transaction.atomic():
        record(
            "exchanges.impact_exported",
            actor=request.user,
            request=request,
            table=table,
            rows=len(rows),
            filters={
                name: value
                for name, value in (
                    ("programme", getattr(values.get("programme"), "slug", None)),
                    ("theme", getattr(values.get("theme"), "code", None)),
                )
                if value
            },
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    filename = f"exchanges-impact-{table}-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
