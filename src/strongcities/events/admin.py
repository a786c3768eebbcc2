"""Admin screens for events: read-only, since every change goes through the services (seats,
notifications, audit); the organisers' pages are where events are edited. A speaker's real name
is not listed here: the secretariat reads it on the agenda page."""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from strongcities.core.admin import ReadOnlyAdmin
from strongcities.events.models import (
    Category,
    Event,
    Invitation,
    Material,
    Outcome,
    Registration,
    Session,
    Speaker,
)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("slug", "kind", "start", "host_city", "status", "visibility", "site_link")
    list_filter = ("status", "visibility", "mode", "delegated_to_host")
    search_fields = ("slug", *(f"title_{code}" for code, _name in settings.LANGUAGES))
    list_select_related = ("kind", "host_city")
    date_hierarchy = "start"

    @admin.display(description=_("page"))
    def site_link(self, obj: Event) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("open"))


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "event", "code", "capacity", "held", "waitlist")
    list_select_related = ("event",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("name", "event", "category", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("event", "category")
    exclude = ("needs", "ticket_code")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "event", "category", "uses", "max_uses", "revoked")
    list_select_related = ("event", "category")
    exclude = ("code",)


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("title", "event", "kind", "start", "capacity", "held")
    list_select_related = ("event",)


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdmin):
    list_display = ("public_name", "event", "pseudonymous", "consent_given")
    list_filter = ("pseudonymous", "consent_given")
    list_select_related = ("event",)
    exclude = ("real_name", "photo", "user", "consent_note", "consent_recorded_by")


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ("title", "event", "kind", "size", "visibility", "uploaded_at")
    list_select_related = ("event",)
    exclude = ("file",)


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "event", "kind", "city")
    list_select_related = ("event", "city")
