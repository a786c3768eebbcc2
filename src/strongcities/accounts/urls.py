from django.urls import path

from strongcities.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("teams/<slug:slug>/", views.team, name="team"),
    path("teams/<slug:slug>/invite/", views.team_invite, name="team_invite"),
    path(
        "teams/<slug:slug>/invitations/<int:pk>/revoke/",
        views.team_revoke_invitation,
        name="team_revoke_invitation",
    ),
    path(
        "teams/<slug:slug>/members/<int:pk>/role/",
        views.team_change_role,
        name="team_change_role",
    ),
    path(
        "teams/<slug:slug>/members/<int:pk>/remove/",
        views.team_remove_member,
        name="team_remove_member",
    ),
    path("settings/", views.account_settings, name="settings"),
    path("settings/tokens/", views.api_tokens, name="tokens"),
    path("settings/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
]
