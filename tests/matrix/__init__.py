"""The permission matrix: every URL pattern × every role, with the status it must answer.

Each app lists its entries in tests/matrix/<app>.py as `ENTRIES`; test_permission_matrix.py
collects them and fails when any URL pattern of the site has no entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "member", "focal_point", "other_focal_point", "secretariat")
LOGIN = 302  # anonymous users are sent to the sign-in page


@dataclass(frozen=True)
class Entry:
    """One request to one URL pattern and the status each role must get.

    `name` is the URL name with namespace ("members:city"); `kwargs(world)` builds the URL
    arguments from the test world; `expect` maps each role of ROLES to a status code, or
    `every` gives one status for all roles. `data(world)` is the POST body, when method is post.
    """

    name: str
    expect: dict[str, int] = field(default_factory=dict)
    every: int | None = None
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    query: str = ""
    label: str = ""

    def status_for(self, role: str) -> int:
        if self.every is not None:
            return self.every
        return self.expect[role]
