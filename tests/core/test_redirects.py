"""Open redirects (issue 13, item 4): every view that redirects to a
user-supplied ``next`` goes through ``community.core.redirects``, which sends
the browser only to the request's own host (over https when the request is
secure) and refuses ``//host``, backslashes, other schemes and control
characters. Each view is tried with each hostile target, GET and POST."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from community.core.input import has_control_characters
from community.core.redirects import is_safe_redirect, next_url
from community.groups import actions as group_actions
from community.members.models import User
from community.notifications.models import Notification
from community.posts import actions as post_actions
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import Engagement, HoursEntry
from community.volunteering.needs import actions as need_actions
from community.volunteering.projects import actions as project_actions
from tests.conftest import TEST_PASSWORD
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "\\\\evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example/",
    "/home/\r\nSet-Cookie: hijacked=1",
    "/home/\x00",
]
# Plain http from a page served over https: refused too (a downgrade).
DOWNGRADE = "http://testserver/home/"


@pytest.mark.parametrize("target", [*HOSTILE, "", "data:text/html,<b>x</b>", "https:evil.example"])
def test_the_helper_refuses_every_hostile_target(target: str) -> None:
    request = RequestFactory().post("/", {"next": target})
    assert not is_safe_redirect(request, target)
    assert next_url(request, "/fallback/") == "/fallback/"


def test_the_helper_refuses_plain_http_from_a_secure_page() -> None:
    secure = RequestFactory().get("/", secure=True)
    assert not is_safe_redirect(secure, DOWNGRADE)
    assert is_safe_redirect(secure, "https://testserver/home/")
    assert is_safe_redirect(RequestFactory().get("/"), DOWNGRADE)


@pytest.mark.parametrize(
    "target", ["/groups/", "/posts/12/?page=2#comment-3", "groups/", "/tags/caf%C3%A9/"]
)
def test_the_helper_keeps_a_path_on_the_site(target: str) -> None:
    request = RequestFactory().get("/", {"next": target})
    assert next_url(request, "/fallback/") == target


# --- Every view that redirects to a ``next`` ----------------------------------------


@dataclass
class World:
    manager: User
    volunteer: User
    engagement: Engagement  # proposed: the manager may accept it
    entry: HoursEntry  # pending: the manager may confirm it
    notification: Notification  # the volunteer's


@pytest.fixture
def world(network, make_member, skills) -> World:
    manager = make_member("Manon Manager")
    volunteer = make_member("Victor Volunteer", email="victor@example.org")
    group = group_actions.create_group(creator=manager, name="Épicerie", privacy="open")
    project = project_actions.create_project(
        actor=manager, group=group, title="Comptes", cause="solidarity", publish=True
    )
    needs = [
        need_actions.create_need(
            actor=manager,
            project=project,
            title=title,
            skills={skills["accounting"]: "confirmed"},
            total_hours=10,
            volunteers_wanted=1,
        )
        for title in ("Tenir la caisse", "Tenir les comptes")
    ]
    proposed = engagement_actions.apply_to_need(volunteer=volunteer, need=needs[0])
    working = engagement_actions.accept_engagement(
        actor=manager,
        engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=needs[1]),
    )
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=working, date=timezone.localdate(), hours=2
    )
    post_actions.create_post(author=manager, body=f"Merci @{volunteer.handle}")
    return World(
        manager=manager,
        volunteer=volunteer,
        engagement=proposed,
        entry=entry,
        notification=Notification.objects.filter(recipient=volunteer).latest("pk"),
    )


def _client(user: User | None) -> Client:
    return client_for(user, raise_request_exception=False)  # a crash is a wrong answer too


@dataclass
class Case:
    """A view: who uses it, its address, the form it posts, where it goes
    when ``next`` is refused, and what its GET does."""

    user: str  # "manager", "volunteer", or "" for a visitor
    url: object  # world -> str
    data: dict
    default: object  # world -> str
    # GET: "page" (renders, the target nowhere in it), "form" (allauth's page
    # keeps the field for its POST, which is checked), "redirect" (to the
    # default), "405" (POST only).
    get: str


CASES = {
    "composer": Case(
        "volunteer",
        lambda w: reverse("posts:create"),
        {"body": "Hello", "audience": "members"},
        lambda w: reverse("home"),
        "page",
    ),
    "engagement_action": Case(
        "manager",
        lambda w: reverse("volunteering:engagement_action", args=[w.engagement.pk, "accept"]),
        {},
        lambda w: w.engagement.get_absolute_url(),
        "page",
    ),
    "hours_confirm": Case(
        "manager",
        lambda w: reverse("volunteering:hours_confirm", args=[w.entry.pk]),
        {},
        lambda w: w.entry.engagement.get_absolute_url(),
        "405",
    ),
    "notification_mark_read": Case(
        "volunteer",
        lambda w: reverse("notifications:mark_read", args=[w.notification.pk]),
        {},
        lambda w: reverse("notifications:list"),
        "405",
    ),
    "notifications_mark_all_read": Case(
        "volunteer",
        lambda w: reverse("notifications:mark_all_read"),
        {},
        lambda w: reverse("notifications:list"),
        "405",
    ),
    # allauth's pages, through the adapter's is_safe_url; a signed-in member
    # opening the sign-in page is sent on at once (GET).
    "sign_in": Case(
        "",
        lambda w: reverse("account_login"),
        {"login": "victor@example.org", "password": TEST_PASSWORD},
        lambda w: reverse("home"),
        "redirect",
    ),
    "sign_out": Case(
        "volunteer", lambda w: reverse("account_logout"), {}, lambda w: reverse("landing"), "form"
    ),
    # The footer's language form.
    "set_language": Case(
        "volunteer",
        lambda w: reverse("set_language"),
        {"language": "fr"},
        lambda w: "/",
        "redirect",
    ),
}


def _targets() -> list[tuple[str, bool]]:
    return [(target, False) for target in HOSTILE] + [(DOWNGRADE, True)]


@pytest.mark.parametrize("method", ["post", "get"])
@pytest.mark.parametrize("view", list(CASES))
def test_hostile_next_never_leaves_the_site(world, view: str, method: str) -> None:
    case = CASES[view]
    wrong = []
    for target, secure in _targets():
        user = getattr(world, case.user) if case.user else None
        if view == "sign_in" and method == "get":
            user = world.volunteer  # a signed-in member is sent on from the sign-in page
        client = _client(user)
        url, default = case.url(world), case.default(world)
        if has_control_characters(target, text=True):
            # Refused before any view runs (core.input): a 400 page, no redirect.
            send = client.post if method == "post" else client.get
            response = send(url, {**case.data, "next": target}, secure=secure)
            if response.status_code != 400 or response.has_header("Location"):
                wrong.append(f"{target!r}: {response.status_code} {response.get('Location')!r}")
            continue
        if method == "post":
            response = client.post(url, {**case.data, "next": target}, secure=secure)
            expected = ("redirect", default)
        else:
            response = client.get(url, {"next": target}, secure=secure)
            expected = (case.get, default)
        if expected[0] == "redirect":
            got = response.get("Location")
            if response.status_code != 302 or got != expected[1]:
                wrong.append(f"{target!r}: {response.status_code} {got!r}")
        elif expected[0] == "page":
            body = response.content.decode()
            if response.status_code != 200 or f'="{escape(target)}"' in body:
                wrong.append(f"{target!r}: {response.status_code}, the target is a link or field")
        elif expected[0] == "form":
            if response.status_code != 200:
                wrong.append(f"{target!r}: {response.status_code}")
        elif response.status_code != 405:
            wrong.append(f"{target!r}: {response.status_code}")
    assert not wrong, f"{view} ({method}): " + "; ".join(wrong)


def test_a_safe_next_is_followed(world) -> None:
    """The control: a path on the site is where each form goes back to."""
    client = client_for(world.manager)
    url = reverse("volunteering:engagement_action", args=[world.engagement.pk, "accept"])
    response = client.post(url, {"next": "/volunteering/engagements/"})
    assert response["Location"] == "/volunteering/engagements/"
    response = client.post(
        reverse("volunteering:hours_confirm", args=[world.entry.pk]), {"next": "/groups/"}
    )
    assert response["Location"] == "/groups/"
    world.entry.refresh_from_db()
    assert world.entry.status == "confirmed"
