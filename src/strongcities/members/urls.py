from django.urls import path

from strongcities.members import application_views, views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("map/", views.world_map, name="map"),
    path("map/cities.json", views.map_data, name="map_data"),
    path("apply/", application_views.apply, name="apply"),
    path("apply/thanks/", application_views.thanks, name="apply_thanks"),
    path("applications/", application_views.queue, name="application_queue"),
    path("applications/<int:pk>/", application_views.detail, name="application"),
    path("applications/<int:pk>/approve/", application_views.approve, name="application_approve"),
    path("applications/<int:pk>/reject/", application_views.reject, name="application_reject"),
    path(
        "applications/<int:pk>/letter/",
        application_views.endorsement_letter,
        name="application_letter",
    ),
    path("<slug:slug>/", views.city, name="city"),
    path("<slug:slug>/edit/", views.city_edit, name="city_edit"),
]
