"""Finding an exchange or a programme through the confidentiality rule.

Every exchange page starts here. Nobody anonymous may see an exchange, so an anonymous visitor
is sent to sign in whatever the number; a signed-in reader who may not see the exchange gets a
404; one who may see it but not take the step asked for gets `core.access.deny` (a 404 too,
never a hint of what would be allowed).

    @exchange_view()                            # any reader who may see it
    @exchange_view("exchanges.answer_exchange")  # and who holds the permission on it
    def accept(request, exchange): ...
"""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from strongcities.core.access import deny
from strongcities.exchanges.models import Exchange, Programme, Side


def visible_exchange(request, pk: int) -> Exchange:
    """The exchange `pk` if the reader may see it; else 404."""
    exchange = (
        Exchange.objects.visible_to(request.user)
        .select_related("visiting_city", "host_city", "kind", "programme__sponsor")
        .filter(pk=pk)
        .first()
    )
    if exchange is None:
        raise Http404
    return exchange


def exchange_view(perm: str | None = None) -> Callable:
    """Decorator: `view(request, exchange, **kwargs)` with the visible exchange of `pk`, when
    the reader holds `perm` on it (if named)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, pk: int, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            exchange = visible_exchange(request, pk)
            if perm and not rules.has_perm(perm, request.user, exchange):
                return deny(request)
            return view(request, exchange, **kwargs)

        return wrapper

    return decorator


def visible_programme(request, slug: str) -> Programme:
    programme = (
        Programme.objects.visible_to(request.user)
        .select_related("sponsor")
        .filter(slug=slug)
        .first()
    )
    if programme is None:
        if not request.user.is_authenticated:
            raise SignInRequired
        raise Http404
    return programme


class SignInRequired(Http404):
    """An anonymous visitor asked for something only signed-in people may see."""


def programme_view(view: Callable) -> Callable:
    """Decorator: `view(request, programme, **kwargs)` with the visible programme of `slug`;
    an anonymous visitor of a programme they cannot see is sent to sign in."""

    @wraps(view)
    def wrapper(request, slug: str, **kwargs):
        try:
            programme = visible_programme(request, slug)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())
        return view(request, programme, **kwargs)

    return wrapper


def sides_of(user, exchange: Exchange, *, focal: bool = False) -> list[str]:
    """The sides `user` may act for: those of the cities whose team (or whose focal points, with
    `focal`) they are in; both for the secretariat."""
    if user.is_secretariat:
        return [Side.VISITING, Side.HOST]
    cities = user.focal_point_city_ids if focal else user.member_city_ids
    return [side for side in Side.values if exchange.city_of(side).pk in cities]
