"""The refusal raised by the events services, with a translatable message naming the reason."""

from strongcities.core.exceptions import DomainError


class EventError(DomainError):
    """An events service refused: the message is shown to the user (or the API caller) as is.

    `code` names the reason for programs (e.g. "full", "closed", "duplicate", "invitation").
    """

    def __init__(self, message, field: str | None = None, code: str = "") -> None:
        super().__init__(message, field=field)
        self.code = code
