from django.urls import path

from community.groups import views, views_manage

app_name = "groups"

urlpatterns = [
    path("groups/", views.directory, name="directory"),
    path("groups/mine/", views.mine, name="mine"),
    path("groups/new/", views.create, name="create"),
    path(
        "groups/invitations/<int:pk>/respond/",
        views_manage.respond_to_invitation,
        name="respond_to_invitation",
    ),
    # Under /invitations/ so that visitors reach it on a private network.
    path("invitations/group/<str:token>/", views_manage.email_invitation, name="email_invitation"),
    path(
        "invitations/group/<str:token>/picture/",
        views.invitation_picture,
        name="invitation_picture",
    ),
    path("groups/<slug:slug>/", views.detail, name="detail"),
    path("groups/<slug:slug>/picture/<str:kind>/", views.picture, name="picture"),
    path("groups/<slug:slug>/members/", views.members, name="members"),
    path("groups/<slug:slug>/edit/", views.edit, name="edit"),
    path("groups/<slug:slug>/join/", views.join, name="join"),
    path("groups/<slug:slug>/request/", views.request_to_join, name="request"),
    path("groups/<slug:slug>/request/cancel/", views.cancel_request, name="cancel_request"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave"),
    path("groups/<slug:slug>/requests/", views_manage.requests_list, name="requests"),
    path(
        "groups/<slug:slug>/requests/<int:pk>/decide/",
        views_manage.decide_request,
        name="decide_request",
    ),
    path("groups/<slug:slug>/invite/", views_manage.invite, name="invite"),
    path(
        "groups/<slug:slug>/invitations/<int:pk>/revoke/",
        views_manage.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "groups/<slug:slug>/members/<slug:handle>/remove/",
        views_manage.remove_member,
        name="remove_member",
    ),
    path(
        "groups/<slug:slug>/members/<slug:handle>/role/",
        views_manage.change_role,
        name="change_role",
    ),
    path(
        "groups/<slug:slug>/members/<slug:handle>/transfer/", views_manage.transfer, name="transfer"
    ),
    path("groups/<slug:slug>/archive/", views_manage.archive, name="archive"),
    path("groups/<slug:slug>/delete/", views_manage.delete, name="delete"),
]
