from django.urls import path

from community.members import views

app_name = "members"

urlpatterns = [
    path("members/<slug:handle>/", views.profile, name="profile"),
    path("manage/members/pending/", views.pending_members, name="pending"),
    path("manage/members/<int:pk>/decide/", views.decide_member, name="decide"),
    path("manage/invitations/", views.invitations, name="invitations"),
    path("manage/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
