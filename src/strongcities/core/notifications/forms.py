from django import forms
from django.utils.translation import gettext_lazy as _

from strongcities.core.notifications.models import NotificationPreference


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Notification emails"),
        choices=NotificationPreference.EmailMode.choices,
        widget=forms.RadioSelect,
        help_text=_("Notifications always appear on the site; this only changes what is emailed."),
    )
