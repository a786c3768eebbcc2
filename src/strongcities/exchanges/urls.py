"""The exchanges app's addresses, under /exchanges/ (namespace `exchanges`).

Fixed addresses (propose/, programmes/, impact/) come before `<int:pk>/`; programme slugs live
under programmes/, where `new/` comes before `<slug:slug>/`.
"""

from django.urls import path

from strongcities.exchanges.views import actions, exchanges, impact, programmes, reports

app_name = "exchanges"

urlpatterns = [
    # --- The list, proposing, the secretariat's figures -----------------------------------------
    path("", exchanges.listing, name="list"),
    path("propose/", exchanges.propose, name="propose"),
    path("impact/", impact.impact, name="impact"),
    # --- Programmes ------------------------------------------------------------------------------
    path("programmes/", programmes.listing, name="programmes"),
    path("programmes/new/", programmes.create, name="programme_new"),
    path("programmes/<slug:slug>/", programmes.detail, name="programme"),
    path("programmes/<slug:slug>/edit/", programmes.edit, name="programme_edit"),
    # --- An exchange and its lifecycle -----------------------------------------------------------
    path("<int:pk>/", exchanges.detail, name="detail"),
    path("<int:pk>/accept/", actions.accept, name="accept"),
    path("<int:pk>/decline/", actions.decline, name="decline"),
    path("<int:pk>/schedule/", actions.schedule, name="schedule"),
    path("<int:pk>/complete/", actions.complete, name="complete"),
    path("<int:pk>/cancel/", actions.cancel, name="cancel"),
    path("<int:pk>/participants/", actions.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participant>/remove/",
        actions.participant_remove,
        name="participant_remove",
    ),
    # --- After the exchange ----------------------------------------------------------------------
    path("<int:pk>/report/", reports.report, name="report"),
    path("<int:pk>/report/draft-practice/", reports.draft_practice, name="draft_practice"),
    path("<int:pk>/follow-up/<int:month>/", reports.follow_up, name="follow_up"),
]
