from django.urls import path

from community.members import views, views_manage

app_name = "members"

urlpatterns = [
    # Members (no fixed word under /members/ but the directory itself: any
    # other path segment there is a handle).
    path("members/", views.directory, name="directory"),
    path("members/<slug:handle>/", views.profile, name="profile"),
    path("members/<slug:handle>/follow/", views.follow, name="follow"),
    path("members/<slug:handle>/unfollow/", views.unfollow, name="unfollow"),
    path(
        "members/<slug:handle>/followers/",
        views.follow_list,
        {"direction": "followers"},
        name="followers",
    ),
    path(
        "members/<slug:handle>/following/",
        views.follow_list,
        {"direction": "following"},
        name="following",
    ),
    path("profile/edit/", views.edit_profile, name="edit_profile"),
    path("profile/skills/", views.edit_skills, name="edit_skills"),
    path("profile/privacy/", views.edit_privacy, name="edit_privacy"),
    # Network admins
    path("manage/members/", views_manage.members, name="manage_members"),
    path("manage/members/pending/", views.pending_members, name="pending"),
    path("manage/members/<int:pk>/decide/", views.decide_member, name="decide"),
    path("manage/members/<int:pk>/suspend/", views_manage.suspend, name="suspend"),
    path("manage/members/<int:pk>/reactivate/", views_manage.reactivate, name="reactivate"),
    path("manage/members/<int:pk>/answers/", views_manage.member_answers, name="member_answers"),
    path("manage/profile-privacy/", views_manage.field_policy, name="field_policy"),
    path("manage/profile-questions/", views_manage.questions, name="questions"),
    path("manage/profile-questions/new/", views_manage.question_create, name="question_create"),
    path("manage/profile-questions/<int:pk>/", views_manage.question_edit, name="question_edit"),
    path(
        "manage/profile-questions/<int:pk>/delete/",
        views_manage.question_delete,
        name="question_delete",
    ),
    path(
        "manage/profile-questions/<int:pk>/move/", views_manage.question_move, name="question_move"
    ),
    path("manage/skills/", views_manage.taxonomy, name="taxonomy"),
    path("manage/skills/categories/new/", views_manage.category_create, name="category_create"),
    path("manage/skills/categories/<int:pk>/", views_manage.category_edit, name="category_edit"),
    path(
        "manage/skills/categories/<int:pk>/move/",
        views_manage.category_move,
        name="category_move",
    ),
    path(
        "manage/skills/categories/<int:pk>/delete/",
        views_manage.category_delete,
        name="category_delete",
    ),
    path("manage/skills/new/", views_manage.skill_create, name="skill_create"),
    path("manage/skills/<int:pk>/", views_manage.skill_edit, name="skill_edit"),
    path("manage/skills/<int:pk>/delete/", views_manage.skill_delete, name="skill_delete"),
    path("manage/invitations/", views.invitations, name="invitations"),
    path("manage/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
