"""The refusal raised by the exchanges services, with a translatable message naming the reason."""

from strongcities.core.exceptions import DomainError


class ExchangeError(DomainError):
    """An exchanges service refused: the message is shown to the user (or the API caller) as is.

    `field` names the input at fault (forms attach the message there); `code` names the reason
    for programs: "permission" (the user may not do this), "state" (not in this state), "limit"
    (the side is full), "dates", "city", "side", "person", "programme", "practices", "input".
    """

    def __init__(self, message, field: str | None = None, code: str = "") -> None:
        super().__init__(message, field=field)
        self.code = code
