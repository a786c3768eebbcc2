from django.urls import path

from strongcities.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitation/<str:token>/", views.dashboard, name="accept_invitation"),
]
