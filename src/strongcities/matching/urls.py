from django.urls import path

from strongcities.matching import views

app_name = "matching"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("status/", views.status, name="status"),
    path("<slug:slug>/", views.city, name="city"),
]
