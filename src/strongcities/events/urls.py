"""The events app's addresses, under /events/ (namespace `events`).

One section per part of the app. Fixed addresses (new/, mine/, calendar/...) must come before
`<slug:slug>/`, which is why the event page itself is the last line of the file.
"""

from django.urls import path

from strongcities.events.views import (
    calendar,
    day,
    organising,
    public,
    registration,
    registrations_admin,
)

app_name = "events"

urlpatterns = [
    # --- Public pages and calendar ---------------------------------------------------------------
    path("", public.listing, name="list"),
    path("calendar/", calendar.manage, name="calendar"),
    path("feed/<str:token>.ics", calendar.feed, name="feed"),
    path("<slug:slug>/event.ics", calendar.event_ics, name="ics"),
    path("<slug:slug>/sessions/<int:pk>/session.ics", calendar.session_ics, name="session_ics"),
    path("<slug:slug>/materials/<int:pk>/", public.material, name="material"),
    path("<slug:slug>/participants/", public.participants, name="participants"),
    path("<slug:slug>/speakers/<int:pk>/photo/", public.speaker_photo, name="speaker_photo"),
    # --- Registration ----------------------------------------------------------------------------
    path("mine/", registration.mine, name="mine"),
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/registration/", registration.registration_page, name="registration"),
    path(
        "<slug:slug>/registration/cancel/",
        registration.cancel_registration,
        name="cancel_registration",
    ),
    path("<slug:slug>/registration/accept/", registration.accept_offer, name="accept_offer"),
    path("<slug:slug>/registration/decline/", registration.decline_offer, name="decline_offer"),
    path(
        "<slug:slug>/sessions/<int:pk>/signup/",
        registration.session_signup,
        name="session_signup",
    ),
    path("<slug:slug>/delegation/", registration.delegation, name="delegation"),
    path(
        "<slug:slug>/manage/registrations/",
        registrations_admin.registrations,
        name="registrations",
    ),
    path(
        "<slug:slug>/manage/registrations/export.csv",
        registrations_admin.registrations_csv,
        name="registrations_csv",
    ),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/",
        registrations_admin.manage_registration,
        name="manage_registration",
    ),
    path("<slug:slug>/manage/email/", registrations_admin.email_category, name="email_category"),
    path(
        "<slug:slug>/manage/invitations/",
        registrations_admin.invitations_page,
        name="invitations",
    ),
    path(
        "<slug:slug>/manage/invitations/<int:pk>/revoke/",
        registrations_admin.revoke_invitation,
        name="revoke_invitation",
    ),
    # --- Day-of and after: ticket, badge, check-in, attendance, feedback -------------------------
    path("<slug:slug>/ticket/", day.ticket, name="ticket"),
    path("<slug:slug>/badge.pdf", day.badge, name="badge"),
    path("<slug:slug>/feedback/", day.feedback_form, name="feedback"),
    path("<slug:slug>/manage/check-in/", day.check_in, name="check_in"),
    path("<slug:slug>/manage/attendance/", day.attendance, name="attendance"),
    path("<slug:slug>/manage/badges.pdf", day.badge_sheet, name="badges"),
    # --- Organising: create, edit, categories, agenda, materials, outcomes -----------------------
    path("new/", organising.create, name="create"),
    path("<slug:slug>/edit/", organising.edit, name="edit"),
    path("<slug:slug>/publish/", organising.publish, name="publish"),
    path("<slug:slug>/cancel/", organising.cancel_event, name="cancel_event"),
    path("<slug:slug>/manage/categories/", organising.categories, name="categories"),
    path(
        "<slug:slug>/manage/categories/<int:pk>/",
        organising.category_edit,
        name="category_edit",
    ),
    path(
        "<slug:slug>/manage/categories/<int:pk>/delete/",
        organising.category_delete,
        name="category_delete",
    ),
    path("<slug:slug>/manage/agenda/", organising.agenda, name="agenda"),
    path("<slug:slug>/manage/agenda/sessions/new/", organising.session_add, name="session_add"),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/",
        organising.session_edit,
        name="session_edit",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/delete/",
        organising.session_delete,
        name="session_delete",
    ),
    path("<slug:slug>/manage/agenda/speakers/new/", organising.speaker_add, name="speaker_add"),
    path(
        "<slug:slug>/manage/agenda/speakers/<int:pk>/",
        organising.speaker_edit,
        name="speaker_edit",
    ),
    path(
        "<slug:slug>/manage/agenda/speakers/<int:pk>/delete/",
        organising.speaker_delete,
        name="speaker_delete",
    ),
    path("<slug:slug>/manage/materials/", organising.materials, name="materials"),
    path(
        "<slug:slug>/manage/materials/<int:pk>/remove/",
        organising.material_remove,
        name="material_remove",
    ),
    path("<slug:slug>/manage/outcomes/", organising.outcomes, name="outcomes"),
    path(
        "<slug:slug>/manage/outcomes/<int:pk>/remove/",
        organising.outcome_remove,
        name="outcome_remove",
    ),
    # --- The event page — keep last: it would catch the fixed addresses above --------------------
    path("<slug:slug>/", public.detail, name="detail"),
]
