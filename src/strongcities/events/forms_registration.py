"""The forms of registration: registering oneself, a city's delegation, and the organisers'
decisions, messages and invitations.

The forms only parse and check what was typed; every rule of the event (window, seats,
invitations, duplicates) is the registration services' to enforce, and their refusals
(`EventError`) are shown on the form with `show_refusal`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from strongcities.core.exceptions import DomainError
from strongcities.events.models import Category, Registration

MAX_INVITED_EMAILS = 200
EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


class RefusalMixin:
    def show_refusal(self, error: DomainError) -> None:
        """A service's refusal, shown on the field it names (or above the form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


def _text(label, *, required=False, max_length=200, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "auto", **attrs}),
    )


def seats_label(line) -> str:
    """'Practitioners — 3 seats left' / '... full: 4 on the waiting list' for a CategorySeats."""
    name = str(line.category.name)
    if line.free:
        return ngettext(
            "%(name)s — %(free)s seat left",
            "%(name)s — %(free)s seats left",
            line.free,
        ) % {"name": name, "free": line.free}
    return ngettext(
        "%(name)s — full: join the waiting list (%(waiting)s person waiting)",
        "%(name)s — full: join the waiting list (%(waiting)s people waiting)",
        line.waiting,
    ) % {"name": name, "waiting": line.waiting}


class RegisterForm(RefusalMixin, forms.Form):
    """Registering oneself: a category with seats or a waiting list, and what organisers need."""

    category = forms.TypedChoiceField(
        label=_("Participant category"), coerce=int, widget=forms.RadioSelect
    )
    code = forms.CharField(
        label=_("Invitation code"),
        required=False,
        max_length=20,
        help_text=_("The code in your invitation. Not needed if you were invited by name."),
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    job_title = _text(_("Role or job title"))
    needs = forms.CharField(
        label=capfirst(Registration._meta.get_field("needs").verbose_name),
        help_text=Registration._meta.get_field("needs").help_text,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "dir": "auto"}),
    )
    listed = forms.BooleanField(
        label=capfirst(Registration._meta.get_field("listed").verbose_name),
        help_text=Registration._meta.get_field("listed").help_text,
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, event, seat_lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.categories = {line.category.pk: line.category for line in seat_lines}
        self.fields["category"].choices = [
            (line.category.pk, seats_label(line))
            for line in seat_lines
            if line.free or line.category.waitlist
        ]
        self.fields["category"].widget.attrs["class"] = "form-check-input"
        if len(self.fields["category"].choices) == 1 and not self.is_bound:
            self.initial.setdefault("category", self.fields["category"].choices[0][0])
        if event.mode != event.Mode.INVITATION:
            del self.fields["code"]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def chosen_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]


class DelegateForm(forms.Form):
    """One row of a delegation: a team member of the city, or a name and an email typed in."""

    member = forms.TypedChoiceField(
        label=_("Team member"), required=False, coerce=int, empty_value=None
    )
    name = _text(_("Full name"), autocomplete="off")
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    job_title = _text(_("Role or job title"))

    def __init__(self, *args, members=None, categories=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members = {user.pk: user for user in members or []}
        self.categories = {category.pk: category for category in categories or []}
        self.fields["member"].choices = [("", _("— someone else —"))] + [
            (user.pk, f"{user.get_full_name()} <{user.email}>") for user in members or []
        ]
        self.fields["category"].choices = [("", "—")] + [
            (category.pk, str(category.name)) for category in categories or []
        ]
        for name in ("member", "category"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self) -> dict:
        data = super().clean()
        member = self.members.get(data.get("member")) if data.get("member") else None
        if data.get("member") and member is None:
            self.add_error("member", _("Choose a member of the city's team."))
        if member is not None:
            data["name"] = data.get("name") or member.get_full_name()
            data["email"] = data.get("email") or member.email
            data["job_title"] = data.get("job_title") or member.job_title
        data["user"] = member
        if self.is_blank_data(data):
            return data
        if not data.get("name"):
            self.add_error("name", _("Give the person's full name."))
        if not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the person's email address."))
        if not data.get("category"):
            self.add_error("category", _("Choose a category."))
        elif data["category"] not in self.categories:
            self.add_error("category", _("Choose a category of this event."))
        return data

    @staticmethod
    def is_blank_data(data: dict) -> bool:
        return not any(data.get(name) for name in ("member", "name", "email", "job_title"))


class BaseDelegationFormSet(forms.BaseFormSet):
    """The rows of a delegation; blank rows are ignored, the same email twice is an error."""

    def __init__(self, *args, members=None, categories=None, taken=frozenset(), **kwargs):
        self.members = members or []
        self.categories = categories or []
        self.taken = {email.lower() for email in taken}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"members": self.members, "categories": self.categories}

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        rows = 0
        for form in self.forms:
            data = form.cleaned_data
            if form.is_blank_data(data):
                continue
            rows += 1
            email = data["email"].lower()
            if email in seen:
                form.add_error("email", _("This person is already in another row."))
            elif email in self.taken:
                form.add_error("email", _("This person is already registered for the event."))
            seen.add(email)
        if not rows:
            raise ValidationError(_("Fill in at least one person."))

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data for form in self.forms if not form.is_blank_data(form.cleaned_data)
        ]


def delegation_formset(rows: int, max_rows: int) -> type[BaseDelegationFormSet]:
    """The formset class of a delegation, showing `rows` empty rows."""
    return forms.formset_factory(
        DelegateForm,
        formset=BaseDelegationFormSet,
        extra=rows,
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
    )


class DecisionForm(forms.Form):
    """An organiser's decision on one registration, with an optional message to the person."""

    ACTIONS = ("approve", "reject", "cancel", "move")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Message to the person"),
        required=False,
        max_length=2000,
        help_text=_("Sent with the decision; optional."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "dir": "auto"}),
    )
    category = forms.TypedChoiceField(
        label=_("Move to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", "—")] + [
            (category.pk, str(category.name)) for category in categories
        ]
        self.fields["category"].widget.attrs["class"] = "form-select"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "move" and data.get("category") not in self.categories:
            self.add_error("category", _("Choose the category to move the person to."))
        return data

    def chosen_category(self) -> Category | None:
        return self.categories.get(self.cleaned_data.get("category"))


class FilterForm(forms.Form):
    """The filters of the organisers' registration list (bad values are simply ignored)."""

    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Registration.Status.choices],
    )
    q = forms.CharField(label=_("Name or email"), required=False, max_length=200)

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.pk, str(category.name)) for category in categories
        ]
        for name in ("category", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})

    def values(self) -> dict:
        """The valid filters only: an unknown category or status filters nothing."""
        if self.is_valid():
            return self.cleaned_data
        return {
            name: self.cleaned_data.get(name)
            for name in ("category", "status", "q")
            if name not in self.errors
        }


STATUS_CHOICES_FOR_EMAIL = [
    (Registration.Status.CONFIRMED, Registration.Status.CONFIRMED.label),
    (Registration.Status.OFFERED, Registration.Status.OFFERED.label),
    (Registration.Status.WAITLISTED, Registration.Status.WAITLISTED.label),
    (Registration.Status.PENDING, Registration.Status.PENDING.label),
]


class EmailCategoryForm(RefusalMixin, forms.Form):
    """A message to the people of one category (or of every category)."""

    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, required=False, empty_value=None
    )
    statuses = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=STATUS_CHOICES_FOR_EMAIL,
        initial=[Registration.Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    subject = _text(_("Subject"), required=True, max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 10, "dir": "auto"}),
    )

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", _("Every category"))] + [
            (c.pk, str(c.name)) for c in categories
        ]
        self.fields["category"].widget.attrs["class"] = "form-select"

    def chosen_category(self) -> Category | None:
        return self.categories.get(self.cleaned_data["category"])


class NamedInvitationsForm(RefusalMixin, forms.Form):
    """Invite people by name: one invitation per email address, each sent a link."""

    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    emails = forms.CharField(
        label=_("Email addresses"),
        help_text=_("One per line (or separated by commas)."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4, "dir": "ltr"}),
    )
    note = _text(_("Note for the organisers"))

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [(c.pk, str(c.name)) for c in categories]
        self.fields["category"].widget.attrs["class"] = "form-select"

    def clean_emails(self) -> list[str]:
        emails: list[str] = []
        wrong: list[str] = []
        for item in EMAIL_SEPARATORS.split(self.cleaned_data["emails"]):
            if not item:
                continue
            try:
                validate_email(item)
            except ValidationError:
                wrong.append(item)
                continue
            if item.lower() not in {email.lower() for email in emails}:
                emails.append(item)
        if wrong:
            raise ValidationError(
                _("These are not email addresses: %(list)s"), params={"list": ", ".join(wrong)}
            )
        if not emails:
            raise ValidationError(_("Give at least one email address."))
        if len(emails) > MAX_INVITED_EMAILS:
            raise ValidationError(
                _("At most %(max)s addresses at a time."), params={"max": MAX_INVITED_EMAILS}
            )
        return emails

    def chosen_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]


class CodeInvitationForm(RefusalMixin, forms.Form):
    """A shareable code, valid for a number of registrations."""

    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    uses = forms.IntegerField(
        label=_("Number of uses"),
        min_value=1,
        max_value=10000,
        initial=10,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    note = _text(_("Note for the organisers"))

    def __init__(self, *args, categories=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [(c.pk, str(c.name)) for c in categories]
        self.fields["category"].widget.attrs["class"] = "form-select"

    def chosen_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]
