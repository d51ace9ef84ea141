"""The technical Django admin writes only through the actions, or not at all.

Every model registered in the admin is either *action-backed* (its writes call
the project's actions, so their side effects happen: socket notices, recorded
roles, ended sessions) or *read-only* (403 on every write). A model registered
without a decision fails ``test_every_registered_model_made_a_decision``.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from channels.db import database_sync_to_async
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from community.activity.models import Activity
from community.core.admin import ActionAdminMixin, ReadOnlyAdminMixin
from community.core.models import Network
from community.groups import actions as group_actions
from community.groups.models import Group, GroupInvitation, JoinRequest, Membership
from community.members import actions as member_actions
from community.members.models import Invitation, MemberStatus, User
from community.notifications.models import Notification
from tests.conftest import TEST_PASSWORD
from tests.worker import tasks

ACTIONS = "actions"
READ_ONLY = "read-only"

DECISIONS = {
    "core.network": ACTIONS,
    "members.user": ACTIONS,
    "members.invitation": ACTIONS,
    "activity.activity": READ_ONLY,
    "notifications.notification": READ_ONLY,
    "groups.group": READ_ONLY,
    "groups.joinrequest": READ_ONLY,
    "groups.groupinvitation": READ_ONLY,
    "account.emailaddress": READ_ONLY,
    "mfa.authenticator": READ_ONLY,
    "django_tasks_database.dbtaskresult": READ_ONLY,
}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(model) -> list[dict]:
    return [model_to_dict(obj) for obj in model.objects.order_by("pk")]


def test_every_registered_model_made_a_decision() -> None:
    registered = {
        model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()
    }
    assert set(registered) == set(DECISIONS), "a model registered in the admin needs a decision"
    for label, model_admin in registered.items():
        if DECISIONS[label] == READ_ONLY:
            assert isinstance(model_admin, ReadOnlyAdminMixin), label
            assert not isinstance(model_admin, ActionAdminMixin), label
        else:
            assert isinstance(model_admin, ActionAdminMixin), label
            assert "delete_selected" not in model_admin.get_actions(_request_of_superuser()), label


def _request_of_superuser():
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    return request


# --- Read-only models -------------------------------------------------------------


@pytest.fixture
def world(network, network_admin, member, make_member) -> dict:
    """One row of every read-only model, made through the actions."""
    closed = group_actions.create_group(creator=network_admin, name="Jardin", privacy="closed")
    join_request = group_actions.request_to_join(user=member, group=closed, message="Bonjour")
    invitee = make_member("Inès Invitée")
    invitation = group_actions.invite_member(inviter=network_admin, group=closed, member=invitee)
    RecoveryCodes.activate(member)
    objects = {
        "groups.group": closed,
        "groups.joinrequest": join_request,
        "groups.groupinvitation": invitation,
        "activity.activity": Activity.objects.order_by("pk").first(),
        "notifications.notification": Notification.objects.order_by("pk").first(),
        "account.emailaddress": EmailAddress.objects.get(user=member),
        "mfa.authenticator": member.authenticator_set.get(),
        "core.network": Network.objects.get(pk=1),
        "members.user": member,
        "members.invitation": member_actions.create_invitation(inviter=network_admin),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.get(
            id=tasks.add.enqueue(1, 2).id
        ),
    }
    assert all(obj is not None for obj in objects.values()), objects
    return objects


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(DECISIONS))
def test_every_admin_page_opens(world, network_admin, label: str) -> None:
    obj = world[label]
    model = type(obj)
    client = client_for(network_admin)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    # accounts and invitations are added through their actions; the network by spinup
    addable = model in (User, Invitation)
    assert client.get(admin_url(model, "add")).status_code == (200 if addable else 403)


READ_ONLY_LABELS = sorted(label for label, decision in DECISIONS.items() if decision == READ_ONLY)
SNAPSHOT_MODELS = [
    Group,
    Membership,
    JoinRequest,
    GroupInvitation,
    Activity,
    Notification,
    EmailAddress,
]


@pytest.mark.django_db
@pytest.mark.parametrize("label", READ_ONLY_LABELS)
def test_read_only_models_refuse_every_write(world, network_admin, label: str) -> None:
    obj = world[label]
    model = type(obj)
    client = client_for(network_admin)
    before = {m._meta.label: rows(m) for m in [*SNAPSHOT_MODELS, model]}
    data = {
        key: value
        for key, value in model_to_dict(obj).items()
        if isinstance(value, str | int | bool | list)
    }

    page = client.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert "Read-only here: changes go through" in page.content.decode()
    assert "Read-only here" in client.get(admin_url(model, "changelist")).content.decode()

    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), data).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), data).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert {m._meta.label: rows(m) for m in [*SNAPSHOT_MODELS, model]} == before


@pytest.mark.django_db
def test_group_privacy_and_memberships_are_not_editable_in_the_admin(world, network_admin) -> None:
    group = world["groups.group"]
    client = client_for(network_admin)
    response = client.post(
        admin_url(Group, "change", group.pk),
        {
            **model_to_dict(group, exclude=["avatar", "cover", "created_by"]),
            "privacy": "open",
            "membership_set-TOTAL_FORMS": "0",
            "membership_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.privacy == "closed"


# --- Network settings: through update_network ------------------------------------


def network_form(network: Network, **changes) -> dict:
    data = model_to_dict(network, exclude=["id", "logo", "favicon"])
    data = {key: value for key, value in data.items() if value is not None}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_network_settings_change_in_the_admin(network, network_admin) -> None:
    response = client_for(network_admin).post(
        admin_url(Network, "change", 1),
        network_form(network, name="Les Restos", primary_color="#7A1F5C"),
    )
    assert response.status_code == 302, response.content.decode()
    network.refresh_from_db()
    assert network.name == "Les Restos"
    assert network.primary_color == "#7a1f5c"  # the settings form's cleaning


@pytest.mark.django_db
def test_network_bad_colour_in_the_admin_is_an_error_and_saves_nothing(
    network, network_admin
) -> None:
    before = model_to_dict(Network.objects.get(pk=1))
    response = client_for(network_admin).post(
        admin_url(Network, "change", 1), network_form(network, name="New", primary_color="#gggggg")
    )
    assert response.status_code == 200
    assert "six hexadecimal digits" in response.content.decode()
    assert model_to_dict(Network.objects.get(pk=1)) == before


@pytest.mark.django_db
def test_technical_admin_who_is_not_a_network_admin_is_refused_and_nothing_changes(
    network, network_admin, make_member
) -> None:
    technician = make_member("Théo Technique")
    member_actions.set_technical_admin(admin=network_admin, member=technician, value=True)
    before = model_to_dict(Network.objects.get(pk=1))
    response = client_for(technician).post(
        admin_url(Network, "change", 1), network_form(network, name="Hacked", visibility="public")
    )
    assert response.status_code == 200
    assert "Only network admins may do this." in response.content.decode()
    assert model_to_dict(Network.objects.get(pk=1)) == before


def _privacy_through_settings_page(admin_user, network) -> int:
    return (
        client_for(admin_user)
        .post(reverse("core:network_settings"), network_form(network, visibility="private"))
        .status_code
    )


def _privacy_through_admin(admin_user, network) -> int:
    return (
        client_for(admin_user)
        .post(admin_url(Network, "change", 1), network_form(network, visibility="private"))
        .status_code
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", [_privacy_through_settings_page, _privacy_through_admin])
async def test_turning_the_network_private_closes_visitors_sockets_from_either_page(
    public_network, network_admin, change
) -> None:
    """The same notice as the settings page: visitors' open sockets close."""
    from realtime.consumers import CLOSE_FORBIDDEN
    from tests.realtime.helpers import assert_closed, open_socket

    socket = await open_socket(None, resume_after="now")
    status = await database_sync_to_async(change)(network_admin, public_network)
    assert status == 302
    await assert_closed(socket, CLOSE_FORBIDDEN)
    assert not (await database_sync_to_async(Network.objects.get)(pk=1)).is_public


# --- Accounts: create_account, roles, suspension -----------------------------------


def add_user_form(**changes) -> dict:
    return {
        "email": "Claire.Neuve@Example.org",
        "display_name": "Claire Neuve",
        "usable_password": "true",
        "password1": "a-long-enough-passphrase-42",
        "password2": "a-long-enough-passphrase-42",
        **changes,
    }


@pytest.mark.django_db
def test_adding_an_account_in_the_admin_goes_through_create_account(network_admin) -> None:
    response = client_for(network_admin).post(admin_url(User, "add"), add_user_form())
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(email="claire.neuve@example.org")
    assert user.handle and user.display_name == "Claire Neuve"
    assert user.check_password("a-long-enough-passphrase-42")
    # what create_account records: the allauth address, and no role
    assert EmailAddress.objects.filter(user=user, email=user.email, primary=True).exists()
    assert not (user.is_network_admin or user.is_staff or user.is_superuser)


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ALICE@example.org", "alice@EXAMPLE.ORG", "alice@example.org"])
def test_adding_an_account_whose_email_differs_only_by_case_is_a_form_error(
    network_admin, make_member, email: str
) -> None:
    make_member("Alice", email="alice@example.org")
    client = client_for(network_admin)
    before = rows(User), rows(EmailAddress)
    response = client.post(admin_url(User, "add"), add_user_form(email=email))
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.content.decode()
    assert (rows(User), rows(EmailAddress)) == before


@pytest.mark.django_db
def test_a_member_made_network_admin_in_the_admin_gets_what_set_network_admin_records(
    network_admin, make_member
) -> None:
    through_admin, through_action = make_member("Par l'admin"), make_member("Par l'action")
    response = client_for(network_admin).post(
        admin_url(User, "change", through_admin.pk), {"is_network_admin": "on"}
    )
    assert response.status_code == 302, response.content.decode()
    member_actions.set_network_admin(admin=network_admin, member=through_action, value=True)
    roles = ["is_network_admin", "is_staff", "is_superuser", "status", "is_active"]
    through_admin.refresh_from_db()
    through_action.refresh_from_db()
    assert through_admin.is_network_admin
    assert model_to_dict(through_admin, fields=roles) == model_to_dict(through_action, fields=roles)


@pytest.mark.django_db(transaction=True)
async def test_a_member_made_network_admin_in_the_admin_sees_the_admin_controls_at_once(
    network_admin, member
) -> None:
    """``set_network_admin`` tells the member's open pages: they show the admin controls."""
    from tests.realtime.helpers import open_socket, receive_until

    socket = await open_socket(member, resume_after="now")
    admin_client = await database_sync_to_async(client_for)(network_admin)
    response = await database_sync_to_async(admin_client.post)(
        admin_url(User, "change", member.pk), {"is_network_admin": "on"}
    )
    assert response.status_code == 302
    hello = (await receive_until(socket, "hello"))[-1]
    assert "network-admin" in hello["viewer"].split()
    await socket.disconnect()


@pytest.mark.django_db
def test_profile_fields_are_not_written_by_the_user_change_form(network_admin, member) -> None:
    client = client_for(network_admin)
    before = model_to_dict(User.objects.get(pk=member.pk))
    response = client.post(
        admin_url(User, "change", member.pk),
        {"email": "x@example.org", "display_name": "Renamed", "status": "suspended"},
    )
    assert response.status_code == 302
    assert model_to_dict(User.objects.get(pk=member.pk)) == before


@pytest.mark.django_db
def test_taking_back_your_own_admin_role_is_an_error_and_changes_nothing(network_admin) -> None:
    client = client_for(network_admin)
    before = model_to_dict(User.objects.get(pk=network_admin.pk))
    response = client.post(admin_url(User, "change", network_admin.pk), {"is_staff": "on"})
    assert response.status_code == 200
    assert "You cannot take back your own network admin role." in response.content.decode()
    assert model_to_dict(User.objects.get(pk=network_admin.pk)) == before


@pytest.mark.django_db
def test_staff_and_superuser_change_together_through_set_technical_admin(
    network_admin, member
) -> None:
    response = client_for(network_admin).post(
        admin_url(User, "change", member.pk), {"is_staff": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff and member.is_superuser and not member.is_network_admin


@pytest.mark.django_db
def test_a_suspended_member_cannot_be_made_network_admin(network_admin, member) -> None:
    member_actions.suspend_member(admin=network_admin, member=member)
    response = client_for(network_admin).post(
        admin_url(User, "change", member.pk), {"is_network_admin": "on", "is_staff": "on"}
    )
    assert response.status_code == 200
    assert "Only active members can be made network admins." in response.content.decode()
    member.refresh_from_db()
    assert not (member.is_network_admin or member.is_staff)


def bulk(client: Client, action: str, *members: User):
    return client.post(
        admin_url(User, "changelist"),
        {"action": action, "_selected_action": [m.pk for m in members]},
        follow=True,
    )


@pytest.mark.django_db
def test_suspending_in_the_admin_ends_the_members_sessions(network_admin, member) -> None:
    members_browser = Client()
    assert members_browser.login(email=member.email, password=TEST_PASSWORD)
    assert members_browser.get(reverse("home")).status_code == 200

    response = bulk(client_for(network_admin), "suspend_selected", member)
    assert "1 member suspended." in response.content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.SUSPENDED and not member.is_active
    after = members_browser.get(reverse("home"))
    assert after.status_code == 302 and reverse("account_login") in after["Location"]

    response = bulk(client_for(network_admin), "reactivate_selected", member)
    assert "1 member reactivated." in response.content.decode()
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.is_active


@pytest.mark.django_db(transaction=True)
async def test_suspending_in_the_admin_closes_the_members_socket(network_admin, member) -> None:
    from realtime.consumers import CLOSE_SESSION_ENDED
    from tests.realtime.helpers import assert_closed, open_socket

    socket = await open_socket(member, resume_after="now")
    admin_client = await database_sync_to_async(client_for)(network_admin)
    await database_sync_to_async(bulk)(admin_client, "suspend_selected", member)
    await assert_closed(socket, CLOSE_SESSION_ENDED)


@pytest.mark.django_db(transaction=True)
async def test_a_password_set_in_the_admin_closes_the_members_sockets(
    network_admin, member
) -> None:
    """As on the site's password page: the member's other sessions end at once."""
    from realtime.consumers import CLOSE_SESSION_ENDED
    from tests.realtime.helpers import assert_closed, open_socket

    socket = await open_socket(member, resume_after="now")
    admin_client = await database_sync_to_async(client_for)(network_admin)
    new_password = "set-by-the-admin-passphrase-31"
    response = await database_sync_to_async(admin_client.post)(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"set_usable_password": "true", "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    await assert_closed(socket, CLOSE_SESSION_ENDED)
    refreshed = await database_sync_to_async(User.objects.get)(pk=member.pk)
    assert refreshed.check_password(new_password)


@pytest.mark.django_db
def test_a_bulk_suspension_with_one_refusal_writes_nothing(network_admin, member) -> None:
    client = client_for(network_admin)
    before = rows(User)
    response = bulk(client, "suspend_selected", member, network_admin)
    page = response.content.decode()
    assert "You cannot suspend your own account." in page
    assert "Nothing was changed." in page
    assert rows(User) == before


@pytest.mark.django_db
def test_pending_sign_ups_are_approved_and_declined_through_the_actions(
    network_admin, make_member
) -> None:
    waiting, refused = make_member("En attente"), make_member("Refusé")
    User.objects.filter(pk__in=[waiting.pk, refused.pk]).update(
        status=MemberStatus.PENDING, is_active=False
    )
    client = client_for(network_admin)
    assert "1 sign-up approved." in bulk(client, "approve_selected", waiting).content.decode()
    assert "1 sign-up declined." in bulk(client, "decline_selected", refused).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == MemberStatus.ACTIVE and waiting.is_active
    assert not User.objects.filter(pk=refused.pk).exists()


@pytest.mark.django_db
def test_accounts_are_not_deleted_in_the_admin(network_admin, member) -> None:
    response = client_for(network_admin).post(admin_url(User, "delete", member.pk), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=member.pk).exists()


# --- Network invitations: create_invitation / revoke_invitation ------------------------


@pytest.mark.django_db
def test_invitations_are_made_and_revoked_through_the_actions(network_admin) -> None:
    client = client_for(network_admin)
    response = client.post(admin_url(Invitation, "add"), {"email": " Zoe@Example.org "})
    assert response.status_code == 302, response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.email == "zoe@example.org"  # create_invitation's cleaning
    assert invitation.invited_by == network_admin and invitation.expires_at
    assert (
        client.post(
            admin_url(Invitation, "change", invitation.pk), {"email": "x@example.org"}
        ).status_code
        == 403
    )

    response = client.post(admin_url(Invitation, "delete", invitation.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_inviting_in_the_admin_without_the_network_admin_role_is_refused(
    network, network_admin, make_member
) -> None:
    technician = make_member("Théo Technique")
    member_actions.set_technical_admin(admin=network_admin, member=technician, value=True)
    response = client_for(technician).post(
        admin_url(Invitation, "add"), {"email": "zoe@example.org"}
    )
    assert response.status_code == 200
    assert "Only network admins may do this." in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_revoking_in_the_admin_without_the_network_admin_role_is_refused(
    network, network_admin, make_member
) -> None:
    invitation = member_actions.create_invitation(inviter=network_admin, email="zoe@example.org")
    technician = make_member("Théo Technique")
    member_actions.set_technical_admin(admin=network_admin, member=technician, value=True)
    response = client_for(technician).post(
        admin_url(Invitation, "delete", invitation.pk), {"post": "yes"}, follow=True
    )
    assert "Only network admins may do this." in response.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["members.invitation", "groups.groupinvitation"])
def test_invitation_tokens_never_show_in_the_admin(world, network_admin, label: str) -> None:
    """An invitation's token is its key: not in the list, the change page or a
    "View on site" link (the site's own pages show the link to whom it may)."""
    invitation = world[label]
    client = client_for(network_admin)
    for url in (
        admin_url(type(invitation), "changelist"),
        admin_url(type(invitation), "change", invitation.pk),
    ):
        page = client.get(url).content.decode()
        assert invitation.token[:8] not in page, url
        assert "viewsitelink" not in page, url  # "View on site" leads to the token's address
