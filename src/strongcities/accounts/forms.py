"""Forms of the accounts app: invitations, the team page, settings and API tokens.

Templates render fields with accounts/includes/field.html: Bootstrap classes, errors by the field.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from strongcities.accounts.models import CityRole, User, available_time_zones
from strongcities.core.taxonomy.models import Concept


def sector_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Concept.objects.in_scheme("sector"),
        required=False,
        label=_("Sector"),
        empty_label=_("— choose the part of the community you work in —"),
        **kwargs,
    )


class AcceptInvitationForm(forms.Form):
    """A new account from an invitation: name, sector and a password, twice."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sector = sector_field()
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            probe = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=CityRole.Role.choices, initial=CityRole.Role.MEMBER
    )
    sector = sector_field()
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CityRole.Role.choices)


def time_zone_choices() -> list[tuple[str, str]]:
    """The browser's zone (empty), then the IANA zones of places (no legacy aliases)."""
    legacy = ("Etc/", "US/", "SystemV/", "posix/", "right/", "Canada/", "Brazil/", "Mexico/")
    zones = sorted(
        zone
        for zone in available_time_zones()
        if ("/" in zone and not zone.startswith(legacy)) or zone == "UTC"
    )
    return [("", _("— the time zone of your browser —")), *((zone, zone) for zone in zones)]


class ProfileForm(forms.ModelForm):
    sector = sector_field()
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=time_zone_choices,
        help_text=_("Event times are also shown in this time zone."),
    )

    class Meta:
        model = User
        fields = ["full_name", "job_title", "sector", "preferred_language", "time_zone"]
        labels = {
            "full_name": _("Full name"),
            "job_title": _("Role or job title"),
            "preferred_language": _("Preferred language"),
        }
        help_texts = {
            "preferred_language": _("The hub speaks to you in this language, emails included."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, so you recognise it later (e.g. “reporting script”)."),
    )
