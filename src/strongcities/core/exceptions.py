"""The one exception type services raise to refuse an action, with a translatable message."""


class DomainError(Exception):
    """A refusal by a service: the message is shown to the user as it is (translated)."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
