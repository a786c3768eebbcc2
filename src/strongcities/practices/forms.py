"""The forms of the practice library's writing side: a practice, a comment, an attachment.

`PracticeForm` turns what a city team types into a `services.PracticeInput`: the text fields in the
original language (`title`, `summary`, ...), the same fields per translation (`title_fr`, ...),
tags and levels as taxonomy concepts, visibility and sharing, related practices (only among those
the user may see) and, on creation, the owner (a city or partner of the user; any member city for
the secretariat).
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from strongcities.core.exceptions import DomainError
from strongcities.core.taxonomy.models import Concept
from strongcities.core.uploads import SafeFileField
from strongcities.core.visibility import VISIBILITY_HELP, Visibility, user_partner_ids
from strongcities.members.models import City, Partner
from strongcities.practices import services
from strongcities.practices.models import LEVEL_FIELDS, TAG_FIELDS, TEXT_FIELDS, Practice

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
REQUIRED_TEXTS = ("title", "summary")
SHORT_TEXTS = ("title",)
PLAIN_FIELDS = ("start_year", "still_running", "contact_name", "contact_role", "contact_email")


class ConceptChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.label)


class ConceptMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.label)


class PracticeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        owner = obj.owner
        return f"{obj.display_title} — {owner.name}" if owner else obj.display_title


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


def text_field(name: str, *, required: bool, lang: str | None = None) -> forms.Field:
    """A form field for the text field `name` of Practice, with the model's label and help."""
    field = Practice._meta.get_field(name).formfield(required=required)
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
    return field


def owner_value(owner) -> str:
    return f"{'city' if isinstance(owner, City) else 'partner'}:{owner.pk}"


def owner_choices(user) -> list[tuple[str, str]]:
    """The owners a user may create a practice for: their cities and partner organisations;
    every member city (and partner organisation) for the secretariat."""
    if user.is_secretariat:
        cities = City.objects.members()
        partners = Partner.objects.all()
    else:
        cities = City.objects.filter(pk__in=sorted(user.member_city_ids))
        partners = Partner.objects.filter(pk__in=sorted(user_partner_ids(user)))
    choices = [(owner_value(city), city.name) for city in cities.order_by("name")]
    choices += [(owner_value(partner), partner.name) for partner in partners.order_by("name")]
    return choices


class PracticeForm(forms.Form):
    """Create or edit a practice; `to_input()` gives the services' PracticeInput."""

    owner = forms.ChoiceField(
        label=_("Owner"),
        help_text=_("The city (or partner organisation) the practice belongs to."),
    )
    language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        help_text=Practice._meta.get_field("language").help_text,
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
        help_text=_("Only for a restricted practice: the other cities that may read it."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    related = PracticeChoiceField(
        label=_("Related practices"),
        queryset=Practice.objects.none(),
        required=False,
        help_text=_("Practices of the library a reader of this one should also look at."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A short note for readers, kept with the new version."),
    )

    def __init__(self, *args, user, practice: Practice | None = None, **kwargs) -> None:
        self.user = user
        self.practice = practice
        kwargs.setdefault("initial", self.initial_for(practice) if practice else {})
        super().__init__(*args, **kwargs)
        self._add_text_fields()
        self._add_taxonomy_fields()
        self._add_plain_fields()
        self._setup_choices()
        self.order_fields(self.field_order_list())
        self._style()

    # --- building --------------------------------------------------------------------------

    def _add_text_fields(self) -> None:
        for name in TEXT_FIELDS:
            self.fields[name] = text_field(name, required=name in REQUIRED_TEXTS)
        for lang in LANGUAGE_CODES:
            for name in TEXT_FIELDS:
                self.fields[f"{name}_{lang}"] = text_field(name, required=False, lang=lang)

    def _add_taxonomy_fields(self) -> None:
        meta = Practice._meta
        for name, scheme in TAG_FIELDS.items():
            model_field = meta.get_field(name)
            self.fields[name] = ConceptMultipleChoiceField(
                label=model_field.verbose_name.capitalize(),
                help_text=model_field.help_text,
                queryset=Concept.objects.in_scheme(scheme),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        for name, scheme in LEVEL_FIELDS.items():
            model_field = meta.get_field(name)
            self.fields[name] = ConceptChoiceField(
                label=model_field.verbose_name.capitalize(),
                help_text=model_field.help_text,
                queryset=Concept.objects.in_scheme(scheme),
                required=False,
                empty_label=_("Not stated"),
            )

    def _add_plain_fields(self) -> None:
        for name in PLAIN_FIELDS:
            self.fields[name] = Practice._meta.get_field(name).formfield(required=False)
        start_year = self.fields["start_year"]
        start_year.min_value, start_year.max_value = 1950, 2100
        start_year.validators += [MinValueValidator(1950), MaxValueValidator(2100)]
        start_year.widget.attrs.update(min=1950, max=2100, step=1)

    def _setup_choices(self) -> None:
        if self.practice is None:
            self.fields["owner"].choices = owner_choices(self.user)
            if len(self.fields["owner"].choices) == 1:
                self.fields["owner"].initial = self.fields["owner"].choices[0][0]
        else:
            del self.fields["owner"]
        if self.practice is None or self.practice.status != Practice.Status.PUBLISHED:
            del self.fields["note"]
        self.fields["language"].initial = self.initial.get("language") or self.user_language()
        self.fields["visibility"].initial = self.initial.get("visibility", Visibility.MEMBERS)
        self.fields["shared_with"].queryset = City.objects.members().order_by("name")
        listed = Practice.objects.listed_for(self.user).select_related("city", "partner")
        if self.practice is not None:
            listed = listed.exclude(pk=self.practice.pk)
        self.fields["related"].queryset = listed.order_by("slug")

    def user_language(self) -> str:
        preferred = getattr(self.user, "preferred_language", "") or ""
        return preferred if preferred in LANGUAGE_CODES else settings.LANGUAGE_CODE

    def field_order_list(self) -> list[str]:
        return [
            "owner",
            "language",
            *TEXT_FIELDS,
            *TAG_FIELDS,
            *LEVEL_FIELDS,
            *PLAIN_FIELDS,
            "visibility",
            "shared_with",
            "related",
            "note",
        ]

    def _style(self) -> None:
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

    @staticmethod
    def initial_for(practice: Practice) -> dict:
        """The form's values for an existing practice, every language in its own fields."""
        initial = {
            "language": practice.language,
            "visibility": practice.visibility,
            "shared_with": list(practice.shared_with.all()),
            "related": list(practice.related.all()),
        }
        for name in TEXT_FIELDS:
            initial[name] = practice.text(name, practice.language)
            for lang in LANGUAGE_CODES:
                if lang != practice.language:
                    initial[f"{name}_{lang}"] = practice.text(name, lang)
        for name in TAG_FIELDS:
            initial[name] = list(getattr(practice, name).all())
        for name in (*LEVEL_FIELDS, *PLAIN_FIELDS):
            initial[name] = getattr(practice, name)
        return initial

    # --- template helpers ------------------------------------------------------------------

    def original_fields(self) -> list:
        return [self[name] for name in TEXT_FIELDS]

    def translation_groups(self) -> list[dict]:
        """One group per language: its code, name, fields, whether to open it, and whether it
        is the original language (then its text goes in the main fields)."""
        original = self["language"].value()
        groups = []
        for lang in LANGUAGE_CODES:
            fields = [self[f"{name}_{lang}"] for name in TEXT_FIELDS]
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

    def tag_fields(self) -> list:
        return [self[name] for name in TAG_FIELDS]

    def level_fields(self) -> list:
        return [self[name] for name in LEVEL_FIELDS]

    # --- validation ------------------------------------------------------------------------

    def clean(self) -> dict:
        data = super().clean()
        language = data.get("language")
        for lang in LANGUAGE_CODES:
            texts = {name: data.get(f"{name}_{lang}", "") for name in TEXT_FIELDS}
            if not any(value.strip() for value in texts.values()):
                continue
            if lang == language:
                self.add_error(
                    f"title_{lang}",
                    _(
                        "This is the original language of the practice: write its text in the "
                        "main fields, not as a translation."
                    ),
                )
            elif not texts["title"].strip():
                self.add_error(
                    f"title_{lang}",
                    _("A translation needs at least a title (%(language)s).")
                    % {"language": language_name(lang)},
                )
        if data.get("shared_with") and data.get("visibility") != Visibility.RESTRICTED:
            self.add_error(
                "shared_with", _("Only a restricted practice is shared with named cities.")
            )
        return data

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                css = self.fields[name].widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    self.fields[name].widget.attrs["class"] = f"{css} is-invalid".strip()

    def show_refusal(self, error: DomainError) -> None:
        """A service's refusal, shown on the field it names (or above the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)

    # --- result ----------------------------------------------------------------------------

    def chosen_owner(self):
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        model = City if kind == "city" else Partner
        return model.objects.get(pk=int(pk))

    def to_input(self) -> services.PracticeInput:
        data = self.cleaned_data
        language = data["language"]
        texts = {language: {name: data.get(name, "") for name in TEXT_FIELDS}}
        for lang in LANGUAGE_CODES:
            if lang == language:
                continue
            translated = {name: data.get(f"{name}_{lang}", "") for name in TEXT_FIELDS}
            if any(translated.values()):
                texts[lang] = translated
        return services.PracticeInput(
            language=language,
            texts=texts,
            tags={name: list(data.get(name) or []) for name in TAG_FIELDS},
            levels={name: data.get(name) for name in LEVEL_FIELDS},
            visibility=data["visibility"],
            shared_with=list(data.get("shared_with") or []),
            related=self._related(),
            start_year=data.get("start_year"),
            still_running=bool(data.get("still_running")),
            contact_name=data.get("contact_name", ""),
            contact_role=data.get("contact_role", ""),
            contact_email=data.get("contact_email", ""),
        )

    def _related(self) -> list[Practice]:
        """The chosen related practices, keeping the links the user cannot see (never lost by
        an edit from someone who does not know about them)."""
        chosen = list(self.cleaned_data.get("related") or [])
        if self.practice is None:
            return chosen
        visible = self.fields["related"].queryset.values("pk")
        hidden = self.practice.related.exclude(pk__in=visible)
        return [*chosen, *hidden]


class CommentForm(forms.Form):
    """The secretariat's comment when asking for changes (required) or archiving (optional)."""

    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control", "dir": "auto"}),
        max_length=4000,
    )

    def __init__(self, *args, required: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = required
        if required:
            field.label = _("What should change")
            field.help_text = _("The owner's team sees this comment on the practice's page.")
            field.error_messages["required"] = _("Say what should change.")


class AttachmentForm(forms.Form):
    """A file for a practice, checked by content (core/uploads.py)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What the file is, e.g. 'Evaluation report 2023'. The file name if empty."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    file = SafeFileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
