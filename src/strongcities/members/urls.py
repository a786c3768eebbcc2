from django.urls import path

from strongcities.members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("map/", views.directory, name="map"),
    path("apply/", views.directory, name="apply"),
    path("applications/", views.directory, name="application_queue"),
    path("<slug:slug>/", views.city, name="city"),
]
