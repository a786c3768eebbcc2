"""Admin screens for cities, partners and (read-mostly) membership applications."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from strongcities.members.models import City, MembershipApplication, Partner


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ("name", "country", "region", "status", "joined_on")
    list_filter = ("status", "region")
    search_fields = ("name", "name_en", "name_fr", "name_ar", "name_es", "name_tr", "slug")
    list_select_related = ("region",)
    filter_horizontal = ("challenges",)
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "joined_on"


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name", "name_en", "name_fr", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    """Decisions are taken in the review queue (services.py); the admin only shows them."""

    list_display = ("city_name", "country", "region", "status", "submitted_at")
    list_filter = ("status", "region")
    search_fields = ("city_name", "contact_name", "contact_email")
    list_select_related = ("region",)
    date_hierarchy = "submitted_at"
    readonly_fields = (
        "city_name", "country", "region", "latitude", "longitude", "population", "contact_name",
        "contact_role", "contact_email", "mayor_name", "endorsement_confirmed",
        "letter_link", "languages", "challenges", "motivation", "language", "status",
        "submitted_at", "reviewed_at", "reviewed_by", "decision_reason", "city",
    )  # fmt: skip
    exclude = ("name_key", "endorsement_letter")

    @admin.display(description=_("mayor's endorsement letter"))
    def letter_link(self, obj: MembershipApplication) -> str:
        """Letters are downloaded through the access-checked, audited view, never directly."""
        if not obj.endorsement_letter:
            return "—"
        url = reverse("members:application_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
