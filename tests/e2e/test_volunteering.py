"""Two browsers: a manager opens a need; a volunteer with a matching offer
sees it on their home and applies; the manager accepts; the volunteer logs 6
hours; the manager confirms them and completes the engagement; the
attestation shows 6 hours."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from community.core.models import Network
from community.groups import actions as group_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions
from tests.e2e.test_groups import sign_in


def test_need_to_attestation(live_server, network: Network, make_member, skills, new_page) -> None:
    manager = make_member("Manon Manager", email="manon@example.org")
    volunteer = make_member("Victor Volunteer", email="victor@example.org")
    group = group_actions.create_group(creator=manager, name="Épicerie solidaire")
    project = project_actions.create_project(
        actor=manager,
        group=group,
        title="Comptes de l'épicerie",
        cause="solidarity",
        city="Lyon",
        postcode="69004",
        publish=True,
    )
    offer_actions.create_offer(
        user=volunteer,
        title="Comptabilité associative",
        skills={skills["accounting"]: "expert"},
        hours_per_month=8,
        city="Lyon",
        postcode="69001",
    )
    boss, helper = new_page(), new_page()
    boss.on("dialog", lambda dialog: dialog.accept())
    sign_in(boss, live_server.url, "manon@example.org")
    sign_in(helper, live_server.url, "victor@example.org")

    # The manager opens a need.
    boss.goto(live_server.url + project.get_absolute_url())
    boss.get_by_role("link", name="Add a need").first.click()
    boss.get_by_label("Title").fill("Tenir la comptabilité")
    boss.get_by_text("Finance & legal").click()
    boss.get_by_label("Accounting and bookkeeping").select_option("confirmed")
    boss.get_by_label("Estimated total hours").fill("20")
    boss.get_by_role("button", name="Add the need").click()
    expect(boss.get_by_text("Need added.")).to_be_visible()

    # The volunteer sees it on their home, with why, and applies.
    helper.goto(live_server.url + "/home/")
    matches = helper.get_by_role("region", name="Needs matching my skills")
    expect(matches.get_by_text("matches 1/1 skill · 8 h/month available · 1 km")).to_be_visible()
    matches.get_by_role("link", name="Tenir la comptabilité").click()
    helper.get_by_label("Your message to the project's managers").fill("Ancien comptable.")
    helper.get_by_role("button", name="Apply").click()
    expect(helper.get_by_text("Your application was sent.")).to_be_visible()
    engagement_url = helper.url

    # The manager accepts from the dashboard.
    boss.goto(live_server.url + project.get_absolute_url())
    boss.get_by_role("link", name=re.compile(r"^Dashboard")).click()
    expect(boss.get_by_text("Ancien comptable.")).to_be_visible()
    boss.get_by_role("button", name="Accept").click()
    expect(boss.get_by_text("Accepted. Welcome to the team!")).to_be_visible()

    # The volunteer logs 6 hours.
    helper.goto(engagement_url)
    helper.get_by_label("Hours", exact=True).fill("6")
    helper.get_by_label("Note (optional)").fill("Saisie du trimestre")
    helper.get_by_role("button", name="Log these hours").click()
    expect(helper.get_by_text("Hours logged.")).to_be_visible()

    # The manager confirms them, then completes the engagement.
    boss.reload()
    boss.get_by_role("row", name=re.compile("Victor Volunteer")).get_by_role(
        "button", name="Confirm"
    ).click()
    expect(boss.get_by_text("Hours confirmed.")).to_be_visible()
    boss.goto(engagement_url)
    boss.get_by_role("link", name="Mark completed").click()
    boss.get_by_role("button", name="Mark completed").click()
    expect(boss.get_by_text("Completed. The attestation is ready.")).to_be_visible()

    # The attestation shows 6 hours.
    helper.goto(engagement_url)
    helper.get_by_role("link", name="Attestation").click()
    expect(helper.get_by_role("heading", name="Volunteering attestation")).to_be_visible()
    expect(helper.locator("[data-confirmed-hours]")).to_have_text("6 h")
    expect(helper.get_by_text("Victor Volunteer").first).to_be_visible()
