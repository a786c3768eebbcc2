"""Admin screens for exchanges: read-only, since every change goes through the services
(permissions, the participants' limit, notifications, audit); the site's pages are where
programmes and exchanges are managed."""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from strongcities.core.admin import ReadOnlyAdmin
from strongcities.exchanges.models import (
    Exchange,
    FollowUp,
    Participant,
    Programme,
    Report,
    Transfer,
)


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "sponsor", "starts_on", "ends_on", "visibility")
    list_filter = ("visibility",)
    search_fields = ("slug", *(f"title_{code}" for code, _name in settings.LANGUAGES))
    list_select_related = ("sponsor",)
    date_hierarchy = "starts_on"


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "visiting_city",
        "host_city",
        "kind",
        "programme",
        "state",
        "proposed_at",
        "site_link",
    )
    list_filter = ("state", "language")
    search_fields = ("visiting_city__name", "host_city__name", "objectives")
    list_select_related = ("visiting_city", "host_city", "kind", "programme")
    date_hierarchy = "proposed_at"

    @admin.display(description=_("page"))
    def site_link(self, obj: Exchange) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("open"))


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("exchange", "side", "user", "sector", "added_at")
    list_filter = ("side",)
    list_select_related = (
        "exchange__visiting_city",
        "exchange__host_city",
        "exchange__kind",
        "user",
        "sector",
    )


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("exchange", "side", "language", "submitted_at", "draft_practice")
    list_filter = ("side", "language")
    list_select_related = (
        "exchange__visiting_city",
        "exchange__host_city",
        "exchange__kind",
        "draft_practice",
    )


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("exchange", "month", "due_on", "outcome", "recorded_at", "reminded_at")
    list_filter = ("month", "outcome")
    list_select_related = ("exchange__visiting_city", "exchange__host_city", "exchange__kind")
    date_hierarchy = "due_on"


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("practice", "from_city", "to_city", "status", "exchange", "recorded_at")
    list_filter = ("status",)
    list_select_related = (
        "practice",
        "from_city",
        "to_city",
        "exchange__visiting_city",
        "exchange__host_city",
        "exchange__kind",
    )
    date_hierarchy = "recorded_at"
