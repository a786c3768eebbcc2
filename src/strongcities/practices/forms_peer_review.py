"""The forms of peer review: choosing an expert, the owner's consent, the expert's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strongcities.practices import services
from strongcities.practices.models import PeerReview, Practice


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} <{obj.email}>" if obj.full_name else obj.email


class ProposePeerReviewForm(forms.Form):
    """The secretariat picks an expert reviewer from outside the practice owner's team."""

    expert = ExpertChoiceField(
        label=_("Expert reviewer"),
        queryset=services.expert_reviewers().none(),
        empty_label=_("Choose an expert"),
        help_text=_(
            "People with the expert reviewer role who are not in the practice owner's team. "
            "The owner's focal points are asked to consent before the expert sees anything."
        ),
    )

    def __init__(self, *args, practice: Practice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owners = [person.pk for person in services.owner_people(practice)]
        self.fields["expert"].queryset = (
            services.expert_reviewers().exclude(pk__in=owners).order_by("full_name", "email")
        )
        self.fields["expert"].widget.attrs["class"] = "form-select"


class ConsentForm(forms.Form):
    """The owner's answer to a proposed peer review."""

    CONSENT = "consent"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(CONSENT, _("Consent to the review")), (DECLINE, _("Decline the review"))],
    )

    @property
    def consent(self) -> bool:
        return self.cleaned_data["decision"] == self.CONSENT


class PeerReviewForm(forms.ModelForm):
    """The expert's review: four assessments and a recommendation, all required."""

    class Meta:
        model = PeerReview
        fields = (*services.REVIEW_TEXT_FIELDS, "recommendation")
        widgets = {
            name: forms.Textarea(attrs={"rows": 5, "dir": "auto", "class": "form-control"})
            for name in services.REVIEW_TEXT_FIELDS
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
        recommendation = self.fields["recommendation"]
        recommendation.choices = [("", _("Choose a recommendation")), *recommendation.choices[1:]]
        recommendation.widget.attrs["class"] = "form-select"

    def review_data(self) -> dict[str, str]:
        """The keyword arguments of services.submit_peer_review."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
