"""Every change to programmes and exchanges (views, the API, the demo and commands call these).

- lifecycle.py: propose, accept, decline, schedule, complete, cancel;
- participants.py: who goes and who receives, a limit per side;
- reports.py: each side's report, a draft practice from the visiting city's report;
- followups.py: the 3- and 6-month follow-ups, their reminders, transfers;
- programmes.py: the secretariat's programmes;
- impact.py: the figures of what changed.
"""

from strongcities.exchanges.services.errors import ExchangeError
from strongcities.exchanges.services.followups import record_follow_up, send_follow_up_reminders
from strongcities.exchanges.services.lifecycle import (
    ExchangeInput,
    accept_exchange,
    add_months,
    cancel_exchange,
    complete_exchange,
    decline_exchange,
    propose_exchange,
    schedule_exchange,
)
from strongcities.exchanges.services.participants import add_participant, remove_participant
from strongcities.exchanges.services.programmes import ProgrammeInput, save_programme
from strongcities.exchanges.services.reports import start_draft_practice, submit_report

__all__ = [
    "ExchangeError",
    "ExchangeInput",
    "ProgrammeInput",
    "accept_exchange",
    "add_months",
    "add_participant",
    "cancel_exchange",
    "complete_exchange",
    "decline_exchange",
    "propose_exchange",
    "record_follow_up",
    "remove_participant",
    "save_programme",
    "schedule_exchange",
    "send_follow_up_reminders",
    "start_draft_practice",
    "submit_report",
]
