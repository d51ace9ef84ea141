"""Two members in two browsers: A creates a closed group, B asks to join, A
approves, and B now sees the group's member list."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.core.models import Network
from community.members.models import User
from tests.conftest import TEST_PASSWORD


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/home/$"))


def test_closed_group_request_and_approval(
    live_server, network: Network, make_member, new_page
) -> None:
    make_member("Anna Lopez", email="anna@example.org")
    make_member("Bruno Petit", email="bruno@example.org")
    anna, bruno = new_page(), new_page()
    sign_in(anna, live_server.url, "anna@example.org")
    sign_in(bruno, live_server.url, "bruno@example.org")

    # A creates a closed group.
    anna.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    anna.get_by_role("link", name="Create a group").click()
    anna.get_by_label("Name", exact=True).fill("Repair café")
    anna.get_by_label("Description", exact=True).fill("We fix *bikes* and toasters.")
    anna.get_by_role("radio", name=re.compile(r"^Closed")).check()
    anna.get_by_role("button", name="Create the group").click()
    anna.wait_for_url(re.compile(r"/groups/repair-cafe/$"))
    expect(anna.get_by_role("heading", name="Repair café")).to_be_visible()

    # B finds it, cannot see its members, and asks to join.
    bruno.goto(live_server.url + "/groups/")
    bruno.get_by_label("Search groups").fill("repair")
    bruno.get_by_role("button", name="Search").click()
    bruno.get_by_role("link", name="Repair café").click()
    expect(bruno.get_by_text("For members only")).to_be_visible()
    group_tabs = bruno.get_by_role("navigation", name="Group")
    expect(group_tabs.get_by_role("link", name="Members")).to_have_count(0)
    bruno.get_by_role("link", name="Ask to join").click()
    bruno.get_by_label("Message to the group's admins (optional)").fill("I can fix bikes.")
    bruno.get_by_role("button", name="Send my request").click()
    expect(bruno.get_by_text("Your request is waiting for an admin.")).to_be_visible()

    # A approves it (the row updates in place through htmx).
    anna.reload()
    anna.get_by_role("link", name="Answer the requests").click()
    expect(anna.get_by_text("I can fix bikes.")).to_be_visible()
    anna.get_by_role("button", name="Approve").click()
    expect(anna.get_by_text("Bruno Petit is now a member.")).to_be_visible()

    # B now sees the member list.
    bruno.reload()
    bruno.get_by_role("navigation", name="Group").get_by_role("link", name="Members").click()
    bruno.wait_for_url(re.compile(r"/groups/repair-cafe/members/$"))
    members = bruno.locator(".member-list")
    expect(members.get_by_role("link", name="Anna Lopez")).to_be_visible()
    expect(members.get_by_role("link", name="Bruno Petit")).to_be_visible()
    expect(members.get_by_text("Owner")).to_be_visible()
    assert User.objects.get(email="bruno@example.org").memberships.count() == 1
