from django.contrib import admin
from django.urls import include, path

from strongcities.api.api import api

urlpatterns = [
    path("", include("strongcities.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/notifications/", include("strongcities.core.notifications.urls")),
    path("me/", include("strongcities.accounts.urls")),
    path("cities/", include("strongcities.members.urls")),
    path("practices/", include("strongcities.practices.urls")),
    path("events/", include("strongcities.events.urls")),
    path("matching/", include("strongcities.matching.urls")),
    path("exchanges/", include("strongcities.exchanges.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "strongcities.core.views.bad_request"
handler404 = "strongcities.core.views.page_not_found"
handler500 = "strongcities.core.views.server_error"
