"""What the apps' admin screens share."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin screen that only reads: every change goes through the app's services
    (notifications, audit, versions, seats), called from the site's own pages."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
