"""Every volunteering address; each sub-domain's views serve their own."""

from django.urls import path

from community.volunteering.engagements import views as engagements_views
from community.volunteering.hours import views as hours_views
from community.volunteering.matching import views as matching_views
from community.volunteering.needs import views as needs_views
from community.volunteering.offers import views as offers_views
from community.volunteering.projects import views as projects_views

app_name = "volunteering"

urlpatterns = [
    path("projects/", projects_views.projects, name="projects"),
    path("projects/new/", projects_views.project_create, name="project_create"),
    path("projects/<slug:slug>/", projects_views.project, name="project"),
    path("projects/<slug:slug>/cover/", projects_views.project_cover, name="project_cover"),
    path("projects/<slug:slug>/edit/", projects_views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/manage/", engagements_views.project_dashboard, name="dashboard"),
    path("projects/<slug:slug>/delete/", projects_views.project_delete, name="project_delete"),
    path(
        "projects/<slug:slug>/status/<str:status>/",
        projects_views.project_status,
        name="project_status",
    ),
    path("projects/<slug:slug>/needs/new/", needs_views.need_create, name="need_create"),
    path("projects/<slug:slug>/needs/<int:pk>/", engagements_views.need, name="need"),
    path("projects/<slug:slug>/needs/<int:pk>/edit/", needs_views.need_edit, name="need_edit"),
    path(
        "projects/<slug:slug>/needs/<int:pk>/apply/",
        engagements_views.need_apply,
        name="need_apply",
    ),
    path("projects/<slug:slug>/needs/<int:pk>/close/", needs_views.need_close, name="need_close"),
    path(
        "projects/<slug:slug>/needs/<int:pk>/reopen/", needs_views.need_reopen, name="need_reopen"
    ),
    path(
        "projects/<slug:slug>/needs/<int:pk>/suggestions/",
        matching_views.need_suggestions,
        name="need_suggestions",
    ),
    path(
        "projects/<slug:slug>/needs/<int:pk>/invite/<slug:handle>/",
        engagements_views.need_invite,
        name="need_invite",
    ),
    path("volunteering/needs/<int:pk>/", needs_views.need_short, name="need_short"),
    path("volunteering/engagements/", hours_views.my_engagements, name="my_engagements"),
    path("volunteering/engagements/<int:pk>/", hours_views.engagement, name="engagement"),
    path(
        "volunteering/engagements/<int:pk>/attestation/",
        hours_views.attestation,
        name="attestation",
    ),
    path("volunteering/engagements/<int:pk>/hours/", hours_views.hours_log, name="hours_log"),
    path(
        "volunteering/engagements/<int:pk>/hours/correction/",
        hours_views.hours_correction,
        name="hours_correction",
    ),
    path(
        "volunteering/engagements/<int:pk>/<str:action>/",
        engagements_views.engagement_action,
        name="engagement_action",
    ),
    path("volunteering/hours/<int:pk>/confirm/", hours_views.hours_confirm, name="hours_confirm"),
    path("volunteering/hours/<int:pk>/query/", hours_views.hours_query, name="hours_query"),
    path("volunteering/hours/<int:pk>/edit/", hours_views.hours_edit, name="hours_edit"),
    path("volunteering/hours/<int:pk>/delete/", hours_views.hours_delete, name="hours_delete"),
    path("volunteering/hours/<int:pk>/correct/", hours_views.hours_correct, name="hours_correct"),
    path(
        "volunteering/attestations/<str:code>/",
        hours_views.attestation_verify,
        name="attestation_verify",
    ),
    path("volunteering/offers/", offers_views.my_offers, name="my_offers"),
    path("volunteering/offers/new/", offers_views.offer_create, name="offer_create"),
    path("volunteering/offers/<int:pk>/edit/", offers_views.offer_edit, name="offer_edit"),
    path(
        "volunteering/offers/<int:pk>/<str:action>/", offers_views.offer_status, name="offer_status"
    ),
    path("volunteering/for-me/", matching_views.for_me, name="for_me"),
]
