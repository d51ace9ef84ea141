from django.urls import path

from community.volunteering import views

app_name = "volunteering"

urlpatterns = [
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<slug:slug>/", views.project, name="project"),
    path("projects/<slug:slug>/cover/", views.project_cover, name="project_cover"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/manage/", views.project_dashboard, name="dashboard"),
    path("projects/<slug:slug>/delete/", views.project_delete, name="project_delete"),
    path("projects/<slug:slug>/status/<str:status>/", views.project_status, name="project_status"),
    path("projects/<slug:slug>/needs/new/", views.need_create, name="need_create"),
    path("projects/<slug:slug>/needs/<int:pk>/", views.need, name="need"),
    path("projects/<slug:slug>/needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("projects/<slug:slug>/needs/<int:pk>/apply/", views.need_apply, name="need_apply"),
    path("projects/<slug:slug>/needs/<int:pk>/close/", views.need_close, name="need_close"),
    path("projects/<slug:slug>/needs/<int:pk>/reopen/", views.need_reopen, name="need_reopen"),
    path(
        "projects/<slug:slug>/needs/<int:pk>/suggestions/",
        views.need_suggestions,
        name="need_suggestions",
    ),
    path(
        "projects/<slug:slug>/needs/<int:pk>/invite/<slug:handle>/",
        views.need_invite,
        name="need_invite",
    ),
    path("volunteering/needs/<int:pk>/", views.need_short, name="need_short"),
    path("volunteering/engagements/", views.my_engagements, name="my_engagements"),
    path("volunteering/engagements/<int:pk>/", views.engagement, name="engagement"),
    path(
        "volunteering/engagements/<int:pk>/attestation/",
        views.attestation,
        name="attestation",
    ),
    path("volunteering/engagements/<int:pk>/hours/", views.hours_log, name="hours_log"),
    path(
        "volunteering/engagements/<int:pk>/<str:action>/",
        views.engagement_action,
        name="engagement_action",
    ),
    path("volunteering/hours/<int:pk>/confirm/", views.hours_confirm, name="hours_confirm"),
    path("volunteering/hours/<int:pk>/query/", views.hours_query, name="hours_query"),
    path("volunteering/hours/<int:pk>/edit/", views.hours_edit, name="hours_edit"),
    path("volunteering/hours/<int:pk>/delete/", views.hours_delete, name="hours_delete"),
    path("volunteering/offers/", views.my_offers, name="my_offers"),
    path("volunteering/offers/new/", views.offer_create, name="offer_create"),
    path("volunteering/offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("volunteering/offers/<int:pk>/<str:action>/", views.offer_status, name="offer_status"),
    path("volunteering/for-me/", views.for_me, name="for_me"),
]
