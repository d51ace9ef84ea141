"""The form page every app's views share (``community.core.pages.form_page``):
GET shows the unbound form, a POST with errors shows it again with a 400 and
"Nothing was saved", an action's refusal lands on the form, success says so
and redirects. Through real views where they reach the case; through the
helper itself for what no view reaches from outside (a refusal that names no
field, a refusal that is not a ValidationError)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from community.core.pages import FIX_ERRORS, form_page, run_action
from community.groups import actions as group_actions
from community.groups.forms import JoinRequestForm
from community.groups.models import Group, JoinRequest, Privacy
from community.members.models import Invitation, Skill
from community.posts import actions as post_actions
from community.volunteering.offers import actions as offer_actions
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

FIX = "Please correct the errors below. Nothing was saved."


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_message_is_the_one_every_page_used() -> None:
    assert str(FIX_ERRORS) == FIX


def test_get_shows_the_unbound_form_with_the_view_context(member_client: Client) -> None:
    response = member_client.get(reverse("groups:create"))
    assert response.status_code == 200
    assert response.templates[0].name == "groups/form.html"
    form = response.context["form"]
    assert not form.is_bound and not form.errors
    assert response.context["creating"] is True
    assert response.context["privacy_options"]
    assert texts(response) == []


def test_invalid_post_is_a_400_with_the_message_and_nothing_saved(member_client: Client) -> None:
    response = member_client.post(reverse("groups:create"), {"name": "", "privacy": "open"})
    assert response.status_code == 400
    assert texts(response) == [FIX]
    assert "name" in response.context["form"].errors
    assert response.context["creating"] is True  # the same page, with what was typed
    assert FIX in response.content.decode()
    assert not Group.objects.exists()


def test_an_action_refusal_on_a_field_shows_on_that_field(member, member_client: Client) -> None:
    group_actions.create_group(creator=member, name="Repair café", privacy=Privacy.OPEN)
    response = member_client.post(
        reverse("groups:create"), {"name": "Other", "slug": "repair-cafe", "privacy": "open"}
    )
    assert response.status_code == 400
    assert texts(response) == [FIX]
    form = response.context["form"]
    assert form.errors["slug"] == ["This address is already taken. Choose another one."]
    assert not form.non_field_errors()
    assert "This address is already taken" in response.content.decode()
    assert list(Group.objects.values_list("name", flat=True)) == ["Repair café"]


def test_success_says_so_and_redirects(member, member_client: Client) -> None:
    response = member_client.post(
        reverse("groups:create"), {"name": "Repair café", "privacy": "closed"}
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert texts(response) == ["Your group is ready. Invite people to join it."]
    assert group.created_by == member and group.privacy == "closed"


def test_a_page_may_show_its_errors_without_the_message(member, make_member, network) -> None:
    """The request to join a closed group: errors on the form only, still 400."""
    group = group_actions.create_group(creator=member, name="Closed", privacy=Privacy.CLOSED)
    client = client_for(make_member("Asker"))
    url = reverse("groups:request", kwargs={"slug": group.slug})
    response = client.post(url, {"message": "x" * 5000})
    assert response.status_code == 400
    assert texts(response) == []
    assert "message" in response.context["form"].errors
    assert not JoinRequest.objects.exists()
    response = client.post(url, {"message": "Hello"})
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert JoinRequest.objects.get().message == "Hello"


def test_a_page_may_show_its_errors_with_a_200(network_admin_client: Client) -> None:
    """The network invitations page keeps its list below the form: errors, 200, no message."""
    url = reverse("members:invitations")
    response = network_admin_client.post(url, {"email": "not an address"})
    assert response.status_code == 200
    assert texts(response) == []
    assert "email" in response.context["form"].errors
    assert "page" in response.context
    assert not Invitation.objects.exists()
    response = network_admin_client.post(url, {"email": "new@example.org"})
    assert response.status_code == 302 and response["Location"] == url
    assert texts(response)[0].startswith("Invitation created. Share this link: http")


def test_editing_a_comment_with_errors_is_a_400_with_the_message(world_post) -> None:
    post, comment, author = world_post
    url = reverse("posts:edit_comment", kwargs={"pk": post.pk, "comment_pk": comment.pk})
    response = author.post(url, {"body": ""})
    assert response.status_code == 400
    assert texts(response) == [FIX]
    comment.refresh_from_db()
    assert comment.body == "Typo"


def test_a_refusal_may_be_said_in_messages_on_the_next_page(
    member, network_admin_client: Client, skills
) -> None:
    """Deleting a skill a volunteering offer uses: refused, said on the taxonomy page."""
    offer_actions.create_offer(
        user=member,
        skills={skills["accounting"]: "expert"},
        title="Comptabilité associative",
        hours_per_month=8,
        city="Lyon",
        postcode="69001",
    )
    accounting = skills["accounting"]
    url = reverse("members:skill_delete", args=[accounting.pk])
    response = network_admin_client.post(url, {"replacement": ""})
    assert response.status_code == 302 and response["Location"] == reverse("members:taxonomy")
    assert texts(response) == [
        f"“{accounting.name}” is still used by volunteering offers or project needs, so it "
        "cannot be deleted. Rename it instead, or change those first."
    ]
    assert Skill.objects.filter(pk=accounting.pk).exists()


@pytest.fixture
def world_post(member, make_member):
    commenter = make_member("Commenter")
    post = post_actions.create_post(author=member, body="Talk", audience="members")
    comment = post_actions.add_comment(author=commenter, post=post, body="Typo")
    return post, comment, client_for(commenter)


# --- The helper itself -----------------------------------------------------------------


@pytest.fixture
def page_request(member, network):
    """A POST to a closed group's request page, as the middleware would pass it on."""
    group = group_actions.create_group(creator=member, name="Closed", privacy=Privacy.CLOSED)

    def make(data: dict):
        request = RequestFactory().post("/somewhere/", data)
        SessionMiddleware(lambda r: None).process_request(request)
        MessageMiddleware(lambda r: None).process_request(request)
        request.user = member
        request.network = network
        request.htmx = False
        return request, group

    return make


def _request_page(request, group, action):
    return form_page(
        request,
        JoinRequestForm,
        template="groups/request_form.html",
        context={"group": group},
        action=action,
        success="Done.",
        redirect_to=group,
    )


def test_a_refusal_that_names_no_field_shows_above_the_form(page_request) -> None:
    request, group = page_request({"message": "Hello"})

    def refuse(form):
        JoinRequest.objects.create(group=group, user=request.user, message="written, then undone")
        raise ValidationError("Not today.")

    response = _request_page(request, group, refuse)
    assert response.status_code == 400
    assert [str(m) for m in get_messages(request)] == [FIX]
    assert "Not today." in response.content.decode()
    assert not JoinRequest.objects.exists()  # what the action wrote before refusing is undone


def test_a_refusal_on_a_field_the_form_does_not_have_shows_above_it(page_request) -> None:
    request, group = page_request({"message": "Hello"})

    def refuse(form):
        raise ValidationError({"slug": "No such address."})

    response = _request_page(request, group, refuse)
    assert response.status_code == 400
    assert "No such address." in response.content.decode()


def test_permission_denied_is_not_caught(page_request) -> None:
    request, group = page_request({"message": "Hello"})

    def forbid(form):
        raise PermissionDenied("No.")

    with pytest.raises(PermissionDenied):
        _request_page(request, group, forbid)
    assert list(get_messages(request)) == []


def test_the_redirect_and_message_may_come_from_the_result(page_request) -> None:
    request, _group = page_request({"message": "Hello"})
    response = form_page(
        request,
        JoinRequestForm,
        template="groups/request_form.html",
        action=lambda form: form.cleaned_data["message"],
        success=lambda result: f"Said {result}.",
        redirect_to=lambda result: f"/after/{result}/",
    )
    assert response.status_code == 302 and response["Location"] == "/after/Hello/"
    assert [str(m) for m in get_messages(request)] == ["Said Hello."]


def test_run_action_says_done_or_the_actions_reasons(page_request) -> None:
    request, _group = page_request({})

    def refuse() -> None:
        raise ValidationError(["Not now.", "Not you."])

    assert run_action(request, refuse, "Done.") is False
    assert run_action(request, lambda: None, "Done.") is True
    assert [str(m) for m in get_messages(request)] == ["Not now.", "Not you.", "Done."]
