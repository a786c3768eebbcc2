"""Forms of the members app: applying to join, and the secretariat's decisions."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strongcities.core.taxonomy.models import Concept
from strongcities.core.uploads import DOCUMENTS, SafeFileField
from strongcities.members.importing import ISO_639_1
from strongcities.members.models import MembershipApplication


class LanguagesField(forms.CharField):
    """ISO 639-1 codes typed as "ar, fr" and kept as ["ar", "fr"]."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        codes = [code.strip().lower() for code in text.replace(";", ",").split(",")]
        codes = list(dict.fromkeys(code for code in codes if code))
        unknown = [code for code in codes if code not in ISO_639_1]
        if unknown:
            raise forms.ValidationError(
                _("These are not two-letter ISO 639-1 language codes: %(codes)s."),
                code="invalid",
                params={"codes": ", ".join(unknown)},
            )
        return codes


def coordinate_field(label, limit: int, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=capfirst(label),
        required=required,
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


class BootstrapMixin:
    """Bootstrap classes and accessible descriptions on every widget."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-describedby"] = f"id_{name}_help"


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    """The public membership application."""

    latitude = coordinate_field(_("latitude"), 90, required=False)
    longitude = coordinate_field(_("longitude"), 180, required=False)
    languages = LanguagesField(
        label=_("Languages spoken in the city"),
        required=False,
        help_text=_("Two-letter codes separated by commas, for example: ar, fr, en."),
    )
    endorsement_letter = SafeFileField(
        label=_("Mayor's endorsement letter"), required=False, allowed=DOCUMENTS
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "city_name", "country", "region", "latitude", "longitude", "population",
            "contact_name", "contact_role", "contact_email", "mayor_name",
            "endorsement_confirmed", "endorsement_letter", "languages", "challenges",
            "motivation", "language",
        ]  # fmt: skip
        widgets = {
            "challenges": forms.CheckboxSelectMultiple,
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "latitude": _("Optional: the secretariat can add it."),
            "endorsement_confirmed": _(
                "Tick this, or upload a letter from the mayor below: one of the two is needed."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Concept.objects.in_scheme("region")
        self.fields["region"].empty_label = _("Choose a region")
        self.fields["challenges"].queryset = Concept.objects.in_scheme("theme")
        self.fields["challenges"].label = _("Main challenges the city faces")
        self.fields["language"].initial = (get_language() or "en").split("-")[0]
        self.fields["mayor_name"].required = True

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "longitude" if data.get("longitude") is None else "latitude",
                _("Give both the latitude and the longitude, or neither."),
            )
        endorsed = data.get("endorsement_confirmed") or data.get("endorsement_letter")
        if not endorsed and "endorsement_letter" not in self.errors:
            self.add_error(
                "endorsement_confirmed",
                _(
                    "Confirm that the mayor endorses the network's principles, or upload "
                    "the mayor's endorsement letter."
                ),
            )
        return data

    @property
    def is_bot(self) -> bool:
        """The honeypot field is invisible to people: anything in it was typed by a robot."""
        return bool(self.cleaned_data.get("website"))


class ApproveForm(BootstrapMixin, forms.Form):
    latitude = coordinate_field(_("latitude"), 90, required=True)
    longitude = coordinate_field(_("longitude"), 180, required=True)


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("Sent to the applicant in their language: write it for them."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class QueueFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *MembershipApplication.Status.choices],
    )
