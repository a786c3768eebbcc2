"""The form a city's focal points and the secretariat use to keep the profile current."""

from django import forms
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from strongcities.core.taxonomy.models import Concept
from strongcities.members.directory import CONTENT_LANGUAGES, challenge_queryset, language_choices
from strongcities.members.models import City

SUMMARY_FIELDS = [f"summary_{lang}" for lang in CONTENT_LANGUAGES]
LANGUAGE_CODES = [code for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info]


class ChallengeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.label)


def audience_queryset():
    return Concept.objects.in_scheme("audience").order_by("position", "code")


CONCEPT_FIELDS = ["challenges", "priority_audiences", "running_themes"]


class CityProfileForm(forms.ModelForm):
    """Summary in every language, website, population, languages, and the context profile that
    matching compares: challenges, priority audiences and what the city already runs."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken in the city"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    challenges = ChallengeField(
        label=_("Challenges"),
        queryset=challenge_queryset(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The themes the city works on; practices and partners are matched to them."),
    )
    priority_audiences = ChallengeField(
        label=_("Priority audiences"),
        queryset=audience_queryset(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Who the city's prevention work is for; cities and practices are matched to them."
        ),
    )
    running_themes = ChallengeField(
        label=_("What the city already runs"),
        queryset=challenge_queryset(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Themes on which the city already runs prevention work."),
    )

    class Meta:
        model = City
        # The website is declared above (https by default), not generated from the model.
        fields = [*SUMMARY_FIELDS, "population", "languages", *CONCEPT_FIELDS]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in SUMMARY_FIELDS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("website", self.instance.website)
        self.order_fields([*SUMMARY_FIELDS, "website", "population", "languages", *CONCEPT_FIELDS])
        self.fields["languages"].choices = language_choices(LANGUAGE_CODES)
        self.fields["challenges"].queryset = challenge_queryset()
        self.fields["priority_audiences"].queryset = audience_queryset()
        self.fields["running_themes"].queryset = challenge_queryset()
        self.fields["population"].widget.attrs.update(min=0, step=1)
        self.fields["website"].widget.attrs.setdefault("placeholder", "https://")
        for lang, field in zip(CONTENT_LANGUAGES, SUMMARY_FIELDS, strict=True):
            self.fields[field].label = _("Summary in %(language)s") % {
                "language": get_language_info(lang)["name_translated"]
            }
            self.fields[field].widget.attrs.update(lang=lang, dir="auto")
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-control"
            else:
                field.widget.attrs["class"] = "form-check-input"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields and "form-control" in self.fields[name].widget.attrs.get(
                "class", ""
            ):
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"

    def summary_fields(self) -> list:
        return [self[field] for field in SUMMARY_FIELDS]
