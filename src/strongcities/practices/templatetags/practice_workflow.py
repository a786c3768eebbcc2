"""Template helpers for the workflow partial (practices/_workflow_actions.html)."""

from django import template

from strongcities.practices.models import Practice, StatusChange

register = template.Library()


@register.simple_tag
def practice_history(practice: Practice, given=None) -> list[StatusChange]:
    """The practice's status changes, newest first, with their actors: `given` when the page
    already read them, else in one query."""
    if isinstance(given, list | tuple):  # an undefined variable arrives as ""
        return list(given)
    return list(practice.history.select_related("actor"))


@register.simple_tag
def changes_requested_comment(history: list[StatusChange]) -> str:
    """The comment of the latest request for changes in `history` (newest first)."""
    for change in history:
        if change.to_status == Practice.Status.CHANGES_REQUESTED:
            return change.comment
    return ""
