"""Admin screens for practices: read-only, since every change goes through the services
(versions, notifications, audit); the site's pages are where practices are edited."""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from strongcities.core.admin import ReadOnlyAdmin
from strongcities.practices.models import Attachment, PeerReview, Practice


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = (
        "slug",
        "owner",
        "language",
        "status",
        "visibility",
        "peer_reviewed",
        "site_link",
    )
    list_filter = ("status", "visibility", "language", "peer_reviewed")
    search_fields = (
        "slug",
        "external_id",
        *(f"title_{code}" for code, _name in settings.LANGUAGES),
    )
    list_select_related = ("city", "partner")
    date_hierarchy = "created_at"

    @admin.display(description=_("page"))
    def site_link(self, obj: Practice) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("open"))


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "practice", "kind", "size", "uploaded_at")
    list_select_related = ("practice",)
    exclude = ("file",)


@admin.register(PeerReview)
class PeerReviewAdmin(ReadOnlyAdmin):
    list_display = ("practice", "expert", "status", "recommendation", "created_at")
    list_filter = ("status", "recommendation")
    list_select_related = ("practice", "expert")
