"""Forms of the day and after: the code typed at the door, and the participant's feedback."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from strongcities.events.models import Feedback
from strongcities.events.services.feedback import FeedbackInput

RATING_CHOICES = [
    (5, _("5 — very useful")),
    (4, _("4 — useful")),
    (3, _("3 — somewhat useful")),
    (2, _("2 — not very useful")),
    (1, _("1 — not useful")),
]


def _label(name: str):
    return capfirst(Feedback._meta.get_field(name).verbose_name)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg font-monospace text-uppercase",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "enterkeyhint": "go",
            }
        ),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_label("rating"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    most_useful = forms.CharField(
        label=_label("most_useful"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    improve = forms.CharField(
        label=_label("improve"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    will_apply = forms.CharField(
        label=_label("will_apply"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def to_input(self) -> FeedbackInput:
        data = self.cleaned_data
        return FeedbackInput(
            rating=data["rating"],
            most_useful=data["most_useful"],
            improve=data["improve"],
            will_apply=data["will_apply"],
        )

    def show_refusal(self, error) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)
