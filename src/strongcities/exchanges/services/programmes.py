"""Exchange programmes: the secretariat creates and edits them (a sponsor, its cities, a period)."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from strongcities.core.audit.services import record
from strongcities.core.visibility import Visibility, is_secretariat
from strongcities.exchanges.models import Programme
from strongcities.exchanges.services.common import LANGUAGE_CODES, allow
from strongcities.exchanges.services.errors import ExchangeError
from strongcities.members.models import City, Partner

TEXT_FIELDS = ("title", "description")


@dataclass
class ProgrammeInput:
    """A programme as the form hands it over. `title` and `description` are in the site's
    default language (English); `translations` maps other languages to {"title", "description"}.
    An empty `slug` is made from the title (kept when editing)."""

    title: str
    sponsor: Partner
    cities: list[City]
    starts_on: date
    ends_on: date | None = None
    description: str = ""
    budget_note: str = ""
    participants_per_side: int = settings.EXCHANGE_PARTICIPANTS_PER_SIDE
    visibility: str = Visibility.MEMBERS
    slug: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


def _unique_slug(wanted: str, title: str, exclude_pk: int | None) -> str:
    taken = Programme.objects.exclude(pk=exclude_pk)
    if wanted:
        if taken.filter(slug=wanted).exists():
            raise ExchangeError(
                _("Another programme has this address."), field="slug", code="input"
            )
        return wanted
    base = (slugify(title) or "programme")[:100].strip("-") or "programme"
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(data: ProgrammeInput) -> None:
    if not (data.title or "").strip():
        raise ExchangeError(_("Give the programme a title."), field="title", code="input")
    if data.sponsor is None:
        raise ExchangeError(_("Choose the sponsor."), field="sponsor", code="input")
    if any(city.status != City.Status.MEMBER for city in data.cities):
        raise ExchangeError(_("Choose member cities."), field="cities", code="city")
    if data.starts_on is None:
        raise ExchangeError(_("Give the first day."), field="starts_on", code="dates")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise ExchangeError(
            _("The programme cannot end before it starts."), field="ends_on", code="dates"
        )
    if not data.participants_per_side or data.participants_per_side < 1:
        raise ExchangeError(
            _("Allow at least one participant per side."),
            field="participants_per_side",
            code="input",
        )
    if data.visibility not in Visibility.values:
        raise ExchangeError(
            _("Choose who may see the programme."), field="visibility", code="input"
        )
    if any(lang not in LANGUAGE_CODES for lang in data.translations):
        raise ExchangeError(_("Unknown language."), field="translations", code="input")


def _apply_texts(programme: Programme, data: ProgrammeInput) -> None:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    for lang in LANGUAGE_CODES:
        given = (
            {"title": data.title, "description": data.description}
            if lang == default
            else data.translations.get(lang, {})
        )
        for name in TEXT_FIELDS:
            setattr(programme, f"{name}_{lang}", (given.get(name) or "").strip())
    for name in TEXT_FIELDS:
        programme.__dict__[name] = getattr(programme, f"{name}_{default}")


@transaction.atomic
def save_programme(
    programme: Programme | None, data: ProgrammeInput, *, user, request=None
) -> Programme:
    """Create (programme None) or change a programme; the secretariat only."""
    allow(is_secretariat(user), _("Only the secretariat manages programmes."))
    _check(data)
    created = programme is None
    if created:
        programme = Programme(created_by=user, created_at=timezone.now())
    else:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _apply_texts(programme, data)
    wanted = (data.slug or "").strip() or (programme.slug if programme.pk else "")
    programme.slug = _unique_slug(wanted, data.title, programme.pk)
    programme.sponsor = data.sponsor
    programme.starts_on, programme.ends_on = data.starts_on, data.ends_on
    programme.budget_note = (data.budget_note or "").strip()
    programme.participants_per_side = data.participants_per_side
    programme.visibility = data.visibility
    programme.save()
    programme.cities.set(data.cities)
    record(
        "programme.created" if created else "programme.updated",
        actor=user,
        target=programme,
        request=request,
        cities=sorted(city.slug for city in data.cities),
        visibility=programme.visibility,
    )
    return programme
