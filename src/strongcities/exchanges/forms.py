"""The forms of the exchanges pages: the list's filters, proposing an exchange, the lifecycle
steps (answer, schedule, cancel), participants, reports, follow-ups and programmes.

The forms parse and offer choices; the services (services/*.py) decide. A service's refusal
(`ExchangeError`) lands on the field it names through `show_refusal`. Field names match the
services' parameters for that reason (`host_city`, `proposed_start`, `person`, ...).
"""

from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import User
from strongcities.core.taxonomy.models import Concept
from strongcities.core.visibility import VISIBILITY_HELP, Visibility
from strongcities.events.forms_organising import StyledForm, TranslatedTextsMixin
from strongcities.exchanges.models import Exchange, Outcome, Programme, Side
from strongcities.exchanges.services.lifecycle import ExchangeInput
from strongcities.exchanges.services.programmes import ProgrammeInput
from strongcities.members.models import City, Partner
from strongcities.practices.models import Practice

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# How many practices a select offers (the host city's first); any visible one is accepted.
PRACTICE_CHOICES = 200


def user_language(user) -> str:
    preferred = getattr(user, "preferred_language", "") or ""
    return preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ConceptChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.label)


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CityMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def practice_label(practice: Practice) -> str:
    owner = practice.owner
    return f"{practice.display_title} — {owner.name}" if owner else practice.display_title


class ShownChoices(ModelChoiceIterator):
    """The options a select shows: a short list, while the field accepts its whole queryset."""

    def __init__(self, field, queryset) -> None:
        super().__init__(field)
        self.queryset = queryset


class PracticesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return practice_label(obj)


class PracticeField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return practice_label(obj)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


def offer_practices(field, accepted, *, first_city=None, selected=()) -> None:
    """`field` accepts any practice of `accepted`; it shows those of `first_city` first, then
    others, at most PRACTICE_CHOICES, always with the ones already `selected`."""
    field.queryset = accepted
    first = Value(1)
    if first_city is not None:
        first = Case(When(city=first_city, then=Value(0)), default=Value(1))
    chosen = [pk for pk in selected if str(pk).isdigit()]
    top = list(
        accepted.annotate(first=first)
        .order_by("first", "-published_at", "pk")
        .values_list("pk", flat=True)[:PRACTICE_CHOICES]
    )
    shown = (
        accepted.filter(Q(pk__in=top) | Q(pk__in=chosen))
        .annotate(first=first)
        .select_related("city", "partner")
        .order_by("first", "-published_at", "pk")
    )
    field.widget.choices = ShownChoices(field, shown)


# --- the list's filters -------------------------------------------------------------------------


class ExchangeFilterForm(StyledForm):
    """?state=&programme=<slug>&type=<code> on the list; an unknown value is ignored."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *Exchange.State.choices]
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.none(),
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    type = ConceptChoiceField(
        label=_("Type"),
        required=False,
        queryset=Concept.objects.none(),
        to_field_name="code",
        empty_label=_("All types"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by(
            "-starts_on", "slug"
        )
        self.fields["type"].queryset = Concept.objects.in_scheme("exchange-type").order_by(
            "position", "code"
        )
        self.style()

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of a queryset filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {}
        if data.get("state"):
            found["state"] = data["state"]
        if data.get("programme"):
            found["programme"] = data["programme"]
        if data.get("type"):
            found["kind"] = data["type"]
        return found


# --- proposing an exchange ----------------------------------------------------------------------


class ProposeForm(StyledForm):
    """A focal point proposes a visit of their city (one of theirs) to another member city."""

    visiting_city = CityChoiceField(
        label=_("Visiting city"), queryset=City.objects.none(), empty_label=None
    )
    host_city = CityChoiceField(
        label=_("Host city"),
        queryset=City.objects.none(),
        to_field_name="slug",
        help_text=_("The member city you would like to visit."),
    )
    kind = ConceptChoiceField(label=_("Type"), queryset=Concept.objects.none(), empty_label=None)
    objectives = forms.CharField(
        label=_("Objectives"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("What your city wants to learn, and from whom."),
    )
    language = forms.ChoiceField(
        label=_("Working language"),
        choices=settings.LANGUAGES,
        help_text=_("The language the objectives are written in."),
    )
    proposed_start = forms.DateField(label=_("Proposed start"), widget=DateInput())
    proposed_end = forms.DateField(label=_("Proposed end"), widget=DateInput())
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("None"),
        help_text=_("A programme both cities take part in, if the exchange belongs to one."),
    )
    practices = PracticesField(
        label=_("Practices of interest"),
        queryset=Practice.objects.none(),
        required=False,
        to_field_name="slug",
        help_text=_("The host city's practices come first."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, user, host: City | None = None, practice=None, **kwargs) -> None:
        self.user = user
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("language", user_language(user))
        if host is not None:
            initial.setdefault("host_city", host.slug)
        if practice is not None:
            initial.setdefault("practices", [practice.slug])
        super().__init__(*args, **kwargs)
        mine = sorted(user.focal_point_city_ids)
        self.user_cities = mine
        cities = City.objects.members().order_by("name_key", "pk")
        self.fields["visiting_city"].queryset = cities.filter(pk__in=mine)
        if len(mine) == 1:
            self.fields["visiting_city"].widget = forms.HiddenInput()
            self.fields["visiting_city"].initial = mine[0]
            self.fields["visiting_city"].required = False
        self.fields["host_city"].queryset = cities.exclude(pk__in=mine)
        self.fields["kind"].queryset = Concept.objects.in_scheme("exchange-type").order_by(
            "position", "code"
        )
        self.fields["programme"].queryset = (
            Programme.objects.visible_to(user)
            .filter(cities__in=mine)
            .distinct()
            .order_by("-starts_on", "slug")
        )
        host = self._chosen_host()
        if host is not None:
            self.fields["programme"].queryset = self.fields["programme"].queryset.filter(
                pk__in=Programme.cities.through.objects.filter(city=host).values("programme_id")
            )
        self._offer_practices(host)
        self.style()

    def _chosen_host(self) -> City | None:
        slug = self["host_city"].value()
        if not slug:
            return None
        return self.fields["host_city"].queryset.filter(slug=str(slug)).first()

    @property
    def several_cities(self) -> bool:
        return not isinstance(self.fields["visiting_city"].widget, forms.HiddenInput)

    def _offer_practices(self, host: City | None) -> None:
        field = self.fields["practices"]
        selected = self["practices"].value() or []
        accepted = Practice.objects.listed_for(self.user)
        slugs = [str(s) for s in selected]
        chosen = list(accepted.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else []
        offer_practices(field, accepted, first_city=host, selected=chosen)

    def clean(self) -> dict:
        data = super().clean()
        if not self.several_cities and not data.get("visiting_city") and self.user_cities:
            data["visiting_city"] = self.fields["visiting_city"].queryset.first()
        start, end = data.get("proposed_start"), data.get("proposed_end")
        if start and start < date.today():
            self.add_error("proposed_start", _("The exchange cannot start in the past."))
        if start and end and end < start:
            self.add_error("proposed_end", _("The end comes before the start."))
        return data

    def to_input(self) -> ExchangeInput:
        data = self.cleaned_data
        return ExchangeInput(
            visiting_city=data["visiting_city"],
            host_city=data["host_city"],
            kind=data["kind"],
            objectives=data["objectives"],
            language=data["language"],
            proposed_start=data["proposed_start"],
            proposed_end=data["proposed_end"],
            programme=data.get("programme"),
            practices=list(data.get("practices") or []),
        )


# --- lifecycle steps ----------------------------------------------------------------------------


def message_field(label, *, required: bool, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class AcceptForm(StyledForm):
    message = message_field(
        _("Message to the visiting city"),
        required=False,
        help_text=_("Optional: practical details, contacts, what to prepare."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class DeclineForm(StyledForm):
    message = message_field(
        _("Message to the visiting city"),
        required=True,
        help_text=_("Say why, and whether another time or another city might suit."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class CancelForm(StyledForm):
    reason = message_field(
        _("Reason"), required=True, help_text=_("The other city receives this reason.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class ScheduleForm(StyledForm):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args, exchange: Exchange, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "starts_on": exchange.starts_on or exchange.proposed_start,
                "ends_on": exchange.ends_on or exchange.proposed_end,
            },
        )
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end comes before the start."))
        return data


# --- participants, reports, follow-ups ---------------------------------------------------------


def side_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Side"), choices=Side.choices)


def fix_side(form: forms.Form, sides: list[str]) -> None:
    """Offer the sides the user may act for; a single one is fixed (hidden, and taken when
    the post leaves it out)."""
    field = form.fields["side"]
    field.choices = [(value, label) for value, label in Side.choices if value in sides]
    if len(sides) == 1:
        field.widget = forms.HiddenInput()
        field.initial = sides[0]
        field.required = False
    form.sides = sides


class SideMixin:
    sides: list[str] = []

    def clean_side(self) -> str:
        side = self.cleaned_data.get("side")
        return side or (self.sides[0] if len(self.sides) == 1 else side)


class ParticipantForm(SideMixin, StyledForm):
    side = side_field()
    person = PersonField(label=_("Person"), queryset=User.objects.none())
    role = forms.CharField(label=_("Role in the exchange"), max_length=200, required=False)
    sector = ConceptChoiceField(
        label=_("Sector"),
        queryset=Concept.objects.none(),
        required=False,
        empty_label=_("Their profile's sector"),
    )

    def __init__(self, *args, exchange: Exchange, sides: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fix_side(self, sides)
        cities = [exchange.city_of(side).pk for side in sides]
        self.fields["person"].queryset = (
            User.objects.filter(is_active=True, city_memberships__city__in=cities)
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["sector"].queryset = Concept.objects.in_scheme("sector").order_by(
            "position", "code"
        )
        self.style()


class ReportForm(SideMixin, StyledForm):
    side = side_field()
    learned = forms.CharField(
        label=_("What was learned"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    plans = forms.CharField(
        label=_("What the visiting city plans to adopt"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("The visiting city's plans; the host may say what it will follow up."),
    )
    practices = PracticesField(
        label=_("Practices the city plans to adopt"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, *args, exchange: Exchange, sides: list[str], user, report=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("language", report.language if report else user_language(user))
        if report is not None:
            initial.setdefault("side", report.side)
            initial.setdefault("learned", report.learned)
            initial.setdefault("plans", report.plans)
            initial.setdefault("practices", [p.pk for p in report.practices.all()])
        super().__init__(*args, **kwargs)
        fix_side(self, sides)
        offer_practices(
            self.fields["practices"],
            Practice.objects.listed_for(user),
            first_city=exchange.host_city,
            selected=self["practices"].value() or [],
        )
        self.style()


class FollowUpForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Required when the city is adapting the practice or did not adopt it."),
    )
    practice = PracticeField(
        label=_("Practice"),
        queryset=Practice.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The practice adopted or being adapted: it is recorded as a transfer."),
    )

    def __init__(self, *args, exchange: Exchange, user, follow_up, **kwargs) -> None:
        if follow_up.recorded_at:
            kwargs.setdefault(
                "initial",
                {
                    "outcome": follow_up.outcome,
                    "reason": follow_up.reason,
                    "practice": follow_up.practice_id,
                },
            )
        super().__init__(*args, **kwargs)
        value = self["practice"].value()
        offer_practices(
            self.fields["practice"],
            Practice.objects.visible_to(user)
            .filter(status__in=Practice.READABLE_STATUSES)
            .exclude(city=exchange.visiting_city_id),
            first_city=exchange.host_city,
            selected=[value] if value else [],
        )
        self.style()


# --- programmes ---------------------------------------------------------------------------------


class ProgrammeForm(TranslatedTextsMixin, StyledForm):
    """The secretariat's programme: texts in English with optional translations."""

    text_fields = ("title", "description")
    required_texts = ("title",)
    text_model = Programme

    slug = forms.SlugField(
        label=_("Address"),
        max_length=120,
        required=False,
        help_text=_("The last part of the programme's web address; empty: made from the title."),
    )
    sponsor = forms.ModelChoiceField(label=_("Sponsor"), queryset=Partner.objects.none())
    cities = CityMultipleChoiceField(
        label=_("Participating cities"),
        queryset=City.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), required=False)
    budget_note = forms.CharField(
        label=_("Budget note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=Programme._meta.get_field("budget_note").help_text,
    )
    participants_per_side = forms.IntegerField(
        label=_("Participants per side"),
        min_value=1,
        max_value=50,
        initial=settings.EXCHANGE_PARTICIPANTS_PER_SIDE,
        help_text=Programme._meta.get_field("participants_per_side").help_text,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
        help_text=VISIBILITY_HELP,
    )

    def __init__(self, *args, programme: Programme | None = None, **kwargs) -> None:
        self.programme = programme
        if programme is not None:
            kwargs.setdefault("initial", self.initial_for(programme))
        super().__init__(*args, **kwargs)
        self.add_text_fields()
        self.fields["sponsor"].queryset = Partner.objects.order_by("name")
        self.fields["cities"].queryset = City.objects.members().order_by("name_key", "pk")
        self.style()

    def original_language(self) -> str:
        return settings.LANGUAGE_CODE

    @classmethod
    def initial_for(cls, programme: Programme) -> dict:
        return {
            "slug": programme.slug,
            "sponsor": programme.sponsor_id,
            "cities": [c.pk for c in programme.cities.all()],
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "budget_note": programme.budget_note,
            "participants_per_side": programme.participants_per_side,
            "visibility": programme.visibility,
            **cls.initial_texts(programme, settings.LANGUAGE_CODE),
        }

    def clean(self) -> dict:
        data = super().clean()
        self.clean_translations(data)
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end comes before the start."))
        return data

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        texts = self.texts()
        original = texts.pop(self.original_language())
        return ProgrammeInput(
            title=original["title"],
            description=original["description"],
            sponsor=data["sponsor"],
            cities=list(data["cities"]),
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            budget_note=data["budget_note"],
            participants_per_side=data["participants_per_side"],
            visibility=data["visibility"],
            slug=data.get("slug") or "",
            translations=texts,
        )
