"""The filters of the secretariat's impact page (views/impact.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strongcities.core.taxonomy.models import Concept
from strongcities.exchanges.models import Programme


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Concept) -> str:
        return str(obj.label)


class ImpactFilterForm(forms.Form):
    """?programme=<slug>&theme=<code>&format=csv&table=summary|transfers.

    A value that names nothing is a field error; the figures then leave that filter out."""

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("-starts_on", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All programmes"),
    )
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Concept.objects.in_scheme("theme").order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("All themes"),
    )
    format = forms.ChoiceField(
        required=False, choices=[("", _("Page")), ("csv", "CSV")], widget=forms.HiddenInput
    )
    table = forms.ChoiceField(
        required=False,
        choices=[("", _("Summary")), ("summary", _("Summary")), ("transfers", _("Transfers"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("programme", "theme"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def values(self) -> dict:
        """The valid filters only."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in ("programme", "theme", "format", "table")
            if name not in self.errors
        }
