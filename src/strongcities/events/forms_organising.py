"""The organisers' forms: an event, its participant categories, sessions, speakers, materials,
outcomes, and the cancellation message.

Dates and times are typed as the clock shows them at the venue: the form reads them in the
event's own IANA time zone and hands aware datetimes to the services (services/organising.py).
A time that does not exist there (the hour skipped when clocks go forward) is a form error.
Texts are typed in the event's original language, with optional translations per language,
the way the practice form does it.
"""

import zoneinfo
from datetime import UTC, datetime
from functools import cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept
from strongcities.core.uploads import IMAGES, SafeFileField
from strongcities.core.visibility import VISIBILITY_HELP, Visibility
from strongcities.events.models import (
    EVENT_TEXT_FIELDS,
    Category,
    Event,
    Outcome,
    Session,
    Speaker,
)
from strongcities.events.services import organising as services
from strongcities.members.models import City

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
SHORT_TEXTS = ("title", "name")


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zones worth offering (areas and cities, plus UTC), sorted."""
    zones = zoneinfo.available_timezones()
    offered = {
        zone
        for zone in zones
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    return tuple(sorted(offered | {"UTC"}))


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


def to_aware(local: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The instant a wall-clock time in `zone` means, in UTC; refuses times the zone skips."""
    if timezone.is_aware(local):
        return local.astimezone(UTC)
    aware = local.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise ValidationError(
            _("This time does not exist in %(zone)s (the clocks change then)."),
            code="nonexistent",
            params={"zone": zone.key},
        )
    return aware.astimezone(UTC)


def to_local(value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """An aware datetime as the clock in `zone` shows it, to the minute."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time without a zone: the form applies the event's time zone."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            parsed = parse_datetime(text)
        except ValueError:
            parsed = None
        if parsed is None:
            parsed = BaseTemporalField.to_python(self, text)
        return parsed


class ConceptChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.label)


class SpeakerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.public_name


class PracticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        owner = obj.owner
        return f"{obj.display_title} — {owner.name}" if owner else obj.display_title


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, is-invalid on fields with errors, refusals shown."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput
            ):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                css = self.fields[name].widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()

    def show_refusal(self, error: DomainError) -> None:
        """A service's refusal, on the field it names (or above the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)

    def show_upload_refusal(self, name: str, error: ValidationError) -> None:
        self.add_error(name if name in self.fields else None, error)


def model_text_field(model, name: str, *, required: bool, lang: str | None = None):
    """A form field for the translated text `name` of `model`, optionally for one language."""
    field = model._meta.get_field(name).formfield(required=required)
    attrs = {"dir": "auto"}
    if lang:
        attrs["lang"] = lang
    if name not in SHORT_TEXTS:
        attrs["rows"] = 3 if name == "summary" else 5
    field.widget.attrs.update(attrs)
    if lang:
        field.label = _("%(field)s (%(language)s)") % {
            "field": field.label,
            "language": language_name(lang),
        }
        field.help_text = ""
    else:
        field.label = str(field.label).capitalize()
    return field


class TranslatedTextsMixin:
    """Text fields in the original language (`title`) and per other language (`title_fr`)."""

    text_fields: tuple[str, ...] = ()
    required_texts: tuple[str, ...] = ()
    text_model = None
    language_can_change = False

    def add_text_fields(self) -> None:
        for name in self.text_fields:
            self.fields[name] = model_text_field(
                self.text_model, name, required=name in self.required_texts
            )
        for lang in LANGUAGE_CODES:
            for name in self.text_fields:
                self.fields[f"{name}_{lang}"] = model_text_field(
                    self.text_model, name, required=False, lang=lang
                )

    def original_language(self) -> str:
        raise NotImplementedError

    def original_fields(self) -> list:
        return [self[name] for name in self.text_fields]

    def translation_groups(self) -> list[dict]:
        """One group per language: code, name, fields, whether to show it open, and whether it
        is the original language (then its text goes in the main fields). When the original
        language is fixed (the event's, for categories and sessions) its group is left out."""
        original = self.original_language()
        groups = []
        for lang in LANGUAGE_CODES:
            if lang == original and not self.language_can_change:
                continue
            fields = [self[f"{name}_{lang}"] for name in self.text_fields]
            filled = any(f.value() for f in fields) or any(f.errors for f in fields)
            groups.append(
                {
                    "code": lang,
                    "name": language_name(lang),
                    "fields": fields,
                    "open": filled,
                    "is_original": lang == original,
                }
            )
        return groups

    def clean_translations(self, data: dict) -> None:
        original = self.original_language()
        first = self.text_fields[0]
        for lang in LANGUAGE_CODES:
            texts = {name: data.get(f"{name}_{lang}") or "" for name in self.text_fields}
            if not any(v.strip() for v in texts.values()):
                continue
            if lang == original:
                self.add_error(
                    f"{first}_{lang}",
                    _(
                        "This is the original language: write its text in the main fields, "
                        "not as a translation."
                    ),
                )
            elif not texts[first].strip():
                message = (
                    _("A translation needs at least a name (%(language)s).")
                    if first == "name"
                    else _("A translation needs at least a title (%(language)s).")
                )
                self.add_error(f"{first}_{lang}", message % {"language": language_name(lang)})

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        original = self.original_language()
        texts = {original: {name: data.get(name) or "" for name in self.text_fields}}
        for lang in LANGUAGE_CODES:
            if lang != original:
                texts[lang] = {name: data.get(f"{name}_{lang}") or "" for name in self.text_fields}
        return texts

    @classmethod
    def initial_texts(cls, obj, original: str) -> dict:
        initial = {}
        for name in cls.text_fields:
            initial[name] = getattr(obj, f"{name}_{original}", "") or ""
            for lang in LANGUAGE_CODES:
                if lang != original:
                    initial[f"{name}_{lang}"] = getattr(obj, f"{name}_{lang}", "") or ""
        return initial


# --- the event ------------------------------------------------------------------------------


class EventForm(TranslatedTextsMixin, StyledForm):
    """Create or edit an event; `to_input()` gives the services' EventInput."""

    text_fields = EVENT_TEXT_FIELDS
    required_texts = ("title",)
    text_model = Event
    language_can_change = True
    DATETIME_FIELDS = ("start", "end", "registration_opens", "registration_closes")

    kind = ConceptChoiceField(label=_("Type"), queryset=Concept.objects.none())
    language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        help_text=Event._meta.get_field("language").help_text,
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=Event._meta.get_field("time_zone").help_text,
        widget=forms.TextInput(
            attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    start = LocalDateTimeField(
        label=_("Starts"), help_text=_("Date and time at the venue, in the event's time zone.")
    )
    end = LocalDateTimeField(
        label=_("Ends"), help_text=_("Date and time at the venue, in the event's time zone.")
    )
    host_city = forms.ModelChoiceField(
        label=_("Host city"),
        queryset=City.objects.none(),
        required=False,
        empty_label=_("None (an online event)"),
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=Event._meta.get_field("online_url").help_text,
    )
    delegated_to_host = forms.BooleanField(
        label=_("The host city organises"),
        required=False,
        help_text=Event._meta.get_field("delegated_to_host").help_text,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=VISIBILITY_HELP,
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Shared with"),
        queryset=City.objects.none(),
        required=False,
        help_text=Event._meta.get_field("shared_with").help_text,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    mode = forms.ChoiceField(
        label=_("Registration"), choices=Event.Mode.choices, widget=forms.RadioSelect
    )
    registration_opens = LocalDateTimeField(
        label=_("Registration opens"),
        required=False,
        help_text=_("Empty: as soon as the event is published."),
    )
    registration_closes = LocalDateTimeField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Empty: until the event ends."),
    )
    offer_hours = forms.IntegerField(
        label=_("Hours to accept a freed seat"),
        min_value=0,
        max_value=24 * 30,
        help_text=Event._meta.get_field("offer_hours").help_text,
    )

    def __init__(self, *args, user, event: Event | None = None, **kwargs) -> None:
        self.user = user
        self.event = event
        self.may_delegate = user.has_perm("events.add_event")
        kwargs.setdefault("initial", self.initial_for(event) if event else self.new_initial())
        super().__init__(*args, **kwargs)
        self.add_text_fields()
        self.fields["kind"].queryset = Concept.objects.in_scheme("event-type").order_by(
            "position", "pk"
        )
        cities = City.objects.members().order_by("name")
        self.fields["host_city"].queryset = cities
        self.fields["shared_with"].queryset = cities
        if not self.may_delegate:
            del self.fields["host_city"]
            del self.fields["delegated_to_host"]
        self.style()

    def original_language(self) -> str:
        value = self["language"].value()
        return value if value in LANGUAGE_CODES else settings.LANGUAGE_CODE

    def new_initial(self) -> dict:
        preferred = getattr(self.user, "preferred_language", "") or ""
        return {
            "language": preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE,
            "time_zone": "UTC",
            "visibility": Visibility.PUBLIC,
            "mode": Event.Mode.OPEN,
            "offer_hours": 48,
        }

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        zone = event.tz
        initial = {
            "kind": event.kind_id,
            "language": event.language,
            "time_zone": event.time_zone,
            "host_city": event.host_city_id,
            "venue": event.venue,
            "online_url": event.online_url,
            "delegated_to_host": event.delegated_to_host,
            "visibility": event.visibility,
            "shared_with": list(event.shared_with.all()),
            "mode": event.mode,
            "offer_hours": event.offer_hours,
            **cls.initial_texts(event, event.language),
        }
        for name in cls.DATETIME_FIELDS:
            initial[name] = to_local(getattr(event, name), zone)
        return initial

    def time_zones(self) -> tuple[str, ...]:
        return time_zone_names()

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise ValidationError(
                _("“%(zone)s” is not a known time zone (e.g. Europe/Istanbul)."),
                code="time_zone",
                params={"zone": value},
            )
        return value

    def clean(self) -> dict:
        data = super().clean()
        self.clean_translations(data)
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in self.DATETIME_FIELDS:
                if data.get(name) is not None:
                    try:
                        data[name] = to_aware(data[name], zone)
                    except ValidationError as error:
                        self.add_error(name, error)
        self._clean_dates(data)
        host = data.get("host_city") if self.may_delegate else self._current_host()
        if "online_url" in data and host is None and not data.get("online_url"):
            self.add_error("online_url", _("An event needs a host city or an online link."))
        if data.get("delegated_to_host") and not data.get("host_city"):
            self.add_error(
                "delegated_to_host",
                _("Only an event with a host city can be organised by the host city."),
            )
        if data.get("shared_with") and data.get("visibility") != Visibility.RESTRICTED:
            self.add_error("shared_with", _("Only a restricted event is shared with named cities."))
        return data

    def _clean_dates(self, data: dict) -> None:
        start, end = data.get("start"), data.get("end")
        if not (isinstance(start, datetime) and isinstance(end, datetime)):
            return
        if timezone.is_naive(start) or timezone.is_naive(end):
            return
        if end <= start:
            self.add_error("end", _("The event must end after it starts."))
            return
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        aware = [v for v in (opens, closes) if v is not None]
        if any(timezone.is_naive(v) for v in aware):
            return
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        elif closes and closes > end:
            self.add_error(
                "registration_closes", _("Registration must close before the event ends.")
            )
        if opens and opens >= end:
            self.add_error("registration_opens", _("Registration must open before the event ends."))

    def _current_host(self):
        return self.event.host_city if self.event else None

    def to_input(self) -> services.EventInput:
        data = self.cleaned_data
        if self.may_delegate:
            host, delegated = data.get("host_city"), bool(data.get("delegated_to_host"))
        else:
            host = self._current_host()
            delegated = self.event.delegated_to_host if self.event else False
        return services.EventInput(
            kind=data["kind"],
            language=data["language"],
            texts=self.texts(),
            start=data["start"],
            end=data["end"],
            time_zone=data["time_zone"],
            host_city=host,
            venue=data.get("venue") or "",
            online_url=data.get("online_url") or "",
            visibility=data["visibility"],
            shared_with=list(data.get("shared_with") or []),
            mode=data["mode"],
            registration_opens=data.get("registration_opens"),
            registration_closes=data.get("registration_closes"),
            offer_hours=data["offer_hours"],
            delegated_to_host=delegated,
        )


class CancelEventForm(StyledForm):
    message = forms.CharField(
        label=_("Message to the registrants"),
        max_length=4000,
        help_text=_("Everyone registered receives it with the news of the cancellation."),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()


# --- participant categories -----------------------------------------------------------------


class CategoryForm(TranslatedTextsMixin, StyledForm):
    text_fields = ("name",)
    required_texts = ("name",)
    text_model = Category

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("A short identifier, e.g. mayors. Made from the name when empty."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        help_text=Category._meta.get_field("capacity").help_text,
    )
    waitlist = forms.BooleanField(
        label=_("Waiting list"),
        required=False,
        help_text=Category._meta.get_field("waitlist").help_text,
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Categories are listed in this order."),
    )

    def __init__(self, *args, event: Event, category: Category | None = None, **kwargs) -> None:
        self.event = event
        self.category = category
        if category is not None:
            kwargs.setdefault("initial", self.initial_for(category, event))
        else:
            kwargs.setdefault("initial", {"waitlist": True, "position": 0})
        kwargs.setdefault("prefix", "category")
        super().__init__(*args, **kwargs)
        self.add_text_fields()
        self.fields["name"].label = _("Name")
        self.style()

    def original_language(self) -> str:
        return self.event.language

    @classmethod
    def initial_for(cls, category: Category, event: Event) -> dict:
        return {
            "code": category.code,
            "capacity": category.capacity,
            "waitlist": category.waitlist,
            "position": category.position,
            **cls.initial_texts(category, event.language),
        }

    def clean(self) -> dict:
        data = super().clean()
        self.clean_translations(data)
        capacity = data.get("capacity")
        if self.category is not None and capacity is not None and capacity < self.category.held:
            self.add_error(
                "capacity",
                _(
                    "%(held)s seats are already taken (confirmed or offered): the category "
                    "cannot have fewer seats."
                )
                % {"held": self.category.held},
            )
        return data

    def to_input(self) -> services.CategoryInput:
        data = self.cleaned_data
        names = {lang: texts["name"] for lang, texts in self.texts().items()}
        return services.CategoryInput(
            names=names,
            capacity=data["capacity"],
            code=data.get("code") or "",
            waitlist=bool(data.get("waitlist")),
            position=data.get("position") or 0,
        )


# --- the agenda -----------------------------------------------------------------------------


class SessionForm(TranslatedTextsMixin, StyledForm):
    text_fields = ("title", "description")
    required_texts = ("title",)
    text_model = Session

    kind = forms.ChoiceField(label=_("Type of session"), choices=Session.Kind.choices)
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        required=False,
        help_text=Session._meta.get_field("capacity").help_text,
    )
    signup = forms.BooleanField(
        label=_("Sign-up needed"),
        required=False,
        help_text=Session._meta.get_field("signup").help_text,
    )
    speakers = SpeakerChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: Event, session: Session | None = None, **kwargs) -> None:
        self.event = event
        self.session = session
        zone = event.tz
        if session is not None:
            initial = {
                "kind": session.kind,
                "start": to_local(session.start, zone),
                "end": to_local(session.end, zone),
                "room": session.room,
                "capacity": session.capacity,
                "signup": session.signup,
                "speakers": list(session.speakers.all()),
                **self.initial_texts(session, event.language),
            }
        else:
            initial = {"start": to_local(event.start, zone), "end": to_local(event.start, zone)}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.add_text_fields()
        self.fields["speakers"].queryset = event.speakers.order_by("public_name", "pk")
        tz_help = _("At the venue, in the event's time zone (%(zone)s).") % {
            "zone": event.time_zone
        }
        self.fields["start"].help_text = tz_help
        self.fields["end"].help_text = tz_help
        self.style()

    def original_language(self) -> str:
        return self.event.language

    def clean(self) -> dict:
        data = super().clean()
        self.clean_translations(data)
        zone = self.event.tz
        for name in ("start", "end"):
            if data.get(name) is not None:
                try:
                    data[name] = to_aware(data[name], zone)
                except ValidationError as error:
                    self.add_error(name, error)
        start, end = data.get("start"), data.get("end")
        if (
            isinstance(start, datetime)
            and isinstance(end, datetime)
            and timezone.is_aware(start)
            and timezone.is_aware(end)
        ):
            if end <= start:
                self.add_error("end", _("The session must end after it starts."))
            elif start < self.event.start or end > self.event.end:
                self.add_error("start", _("The session must take place during the event."))
        capacity = data.get("capacity")
        if self.session is not None and capacity is not None and capacity < self.session.held:
            self.add_error(
                "capacity",
                _("%(held)s people signed up for this session: it cannot have fewer seats.")
                % {"held": self.session.held},
            )
        return data

    def to_input(self) -> services.SessionInput:
        data = self.cleaned_data
        return services.SessionInput(
            kind=data["kind"],
            texts=self.texts(),
            start=data["start"],
            end=data["end"],
            room=data.get("room") or "",
            capacity=data.get("capacity"),
            signup=bool(data.get("signup")),
            speakers=list(data.get("speakers") or []),
        )


class SpeakerForm(StyledForm):
    """A speaker; the identity fields exist only for those who may see them."""

    IDENTITY_FIELDS = ("real_name", "consent_given", "consent_note")

    public_name = forms.CharField(
        label=_("Name shown"),
        max_length=200,
        help_text=Speaker._meta.get_field("public_name").help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    pseudonymous = forms.BooleanField(
        label=_("Pseudonymous"),
        required=False,
        help_text=Speaker._meta.get_field("pseudonymous").help_text,
    )
    affiliation = forms.CharField(
        label=_("Affiliation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    bio = forms.CharField(
        label=_("Biography"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    photo = SafeFileField(
        label=_("Photo"),
        allowed=IMAGES,
        required=False,
        widget=forms.FileInput,
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    real_name = forms.CharField(
        label=_("Real name"),
        max_length=200,
        required=False,
        help_text=Speaker._meta.get_field("real_name").help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    consent_given = forms.BooleanField(
        label=_("Consent recorded"),
        required=False,
        help_text=Speaker._meta.get_field("consent_given").help_text,
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        max_length=300,
        required=False,
        help_text=_("e.g. signed form, 3 March, kept by the secretariat."),
    )

    def __init__(self, *args, user, speaker: Speaker | None = None, **kwargs) -> None:
        self.speaker = speaker
        self.sees_identity = user.has_perm("events.see_speaker_identity")
        if speaker is not None:
            initial = {
                "public_name": speaker.public_name,
                "pseudonymous": speaker.pseudonymous,
                "affiliation": speaker.affiliation,
                "bio": speaker.bio,
            }
            if self.sees_identity:
                initial.update(
                    real_name=speaker.real_name,
                    consent_given=speaker.consent_given,
                    consent_note=speaker.consent_note,
                )
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _(
            "PNG, JPEG or WebP. Never shown for a pseudonymous speaker."
        )
        if not self.sees_identity:
            for name in self.IDENTITY_FIELDS:
                del self.fields[name]
        if speaker is None or not speaker.photo:
            del self.fields["remove_photo"]
        self.style()

    def identity_fields(self) -> list:
        return [self[name] for name in self.IDENTITY_FIELDS if name in self.fields]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("pseudonymous") and data.get("photo"):
            self.add_error("photo", _("A pseudonymous speaker is never shown with a photo."))
        return data

    def to_input(self) -> services.SpeakerInput:
        data = self.cleaned_data
        identity = None
        if self.sees_identity:
            identity = services.SpeakerIdentity(
                real_name=data.get("real_name") or "",
                consent_given=bool(data.get("consent_given")),
                consent_note=data.get("consent_note") or "",
            )
        return services.SpeakerInput(
            public_name=data["public_name"],
            pseudonymous=bool(data.get("pseudonymous")),
            affiliation=data.get("affiliation") or "",
            bio=data.get("bio") or "",
            photo=data.get("photo") or None,
            remove_photo=bool(data.get("remove_photo")),
            identity=identity,
        )


# --- materials and outcomes -----------------------------------------------------------------


class MaterialForm(StyledForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "What the file is, e.g. 'Slides of the opening plenary'. The file name if empty."
        ),
    )
    file = SafeFileField(label=_("File"), widget=forms.FileInput)
    visibility = forms.ChoiceField(
        label=_("Who may download it"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
        help_text=VISIBILITY_HELP,
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole event"),
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.order_by("start", "pk")
        self.style()


class OutcomeForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Outcome or commitment"), choices=Outcome.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("e.g. Tunis will pilot the Aarhus model of exit counselling."),
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.none(),
        required=False,
        help_text=_("The city that commits (needed for a commitment)."),
    )
    practice = PracticeChoiceField(
        label=_("Practice"),
        queryset=None,
        required=False,
        help_text=Outcome._meta.get_field("practice").help_text,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        from strongcities.practices.models import Practice

        kwargs.setdefault("initial", {"kind": Outcome.Kind.OUTCOME})
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.members().order_by("name")
        self.fields["practice"].queryset = (
            Practice.objects.visible_to(user).select_related("city", "partner").order_by("slug")
        )
        self.style()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Outcome.Kind.COMMITMENT and not data.get("city"):
            self.add_error("city", _("A commitment is made by a city: choose it."))
        return data
