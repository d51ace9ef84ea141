"""An admin adds a profile question; a new member answers it at sign-up; another
member finds them in the directory by skill and by that answer."""

from __future__ import annotations

import re

from django.core import mail

from community.members.models import ProfileQuestion
from tests.conftest import TEST_PASSWORD


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/home/$"))


def test_question_answered_at_signup_then_found_in_the_directory(
    live_server, network, network_admin, member, make_member, skills, new_page
) -> None:
    base = live_server.url
    bystander = make_member("Bruno Autre")  # must not match the filters below

    # 1. A network admin adds a filterable question asked at sign-up.
    admin = new_page()
    sign_in(admin, base, network_admin.email)
    admin.goto(base + "/manage/profile-questions/")
    admin.get_by_role("link", name="Add a question").click()
    admin.get_by_label("Question", exact=True).fill("When are you available?")
    admin.get_by_label("Type of answer").select_option(label="Single choice")
    admin.get_by_label("Choices").fill("Weekdays\nWeekends")
    admin.get_by_label("Ask at sign-up").check()
    admin.get_by_label("Offer as a filter in the member directory").check()
    admin.get_by_role("button", name="Add the question").click()
    admin.wait_for_url(re.compile(r"/manage/profile-questions/$"))
    assert admin.get_by_role("link", name="When are you available?").is_visible()
    assert ProfileQuestion.objects.get().ask_at_signup

    # 2. A visitor signs up and answers it, verifies their address, adds a skill.
    zoe = new_page()
    zoe.goto(base + "/accounts/signup/")
    zoe.get_by_label("Your name").fill("Zoé Lambert")
    zoe.get_by_label("Email").fill("zoe@example.org")
    zoe.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    zoe.get_by_label("Password (again)").fill(TEST_PASSWORD)
    zoe.get_by_label("Weekends").check()
    zoe.get_by_role("button", name="Create my account").click()
    zoe.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    zoe.goto(link)
    zoe.get_by_role("button", name="Confirm").click()
    zoe.wait_for_url(re.compile(r"/home/$"))
    zoe.goto(base + "/profile/skills/")
    zoe.get_by_label("Graphic design").select_option("expert")
    zoe.get_by_role("button", name="Save my skills").click()
    zoe.wait_for_url(re.compile(r"/members/zoe-lambert/$"))
    assert zoe.get_by_text("Weekends").is_visible()

    # 3. Another member finds her by skill, then by her answer (htmx updates the results).
    alice = new_page()
    sign_in(alice, base, member.email)
    alice.get_by_role("link", name="Members").click()
    alice.wait_for_url(re.compile(r"/members/$"))
    results = alice.locator("#directory-results")
    assert results.get_by_role("link", name="Bruno Autre").is_visible()

    alice.get_by_text("Communication", exact=True).click()
    alice.get_by_label("Graphic design").check()
    alice.wait_for_url(re.compile(r"skill=graphic-design"))
    results.get_by_text("1 member", exact=True).wait_for()
    assert results.get_by_role("link", name="Zoé Lambert").is_visible()
    assert results.get_by_role("link", name=bystander.display_name).count() == 0

    alice.get_by_label("Graphic design").uncheck()
    alice.get_by_label("Weekends").check()
    alice.wait_for_url(re.compile(r"question_\d+="))
    results.get_by_text("1 member", exact=True).wait_for()
    assert results.get_by_role("link", name="Zoé Lambert").is_visible()
    assert "Weekends" in results.inner_text()

    alice.get_by_role("link", name="Zoé Lambert").click()
    alice.wait_for_url(re.compile(r"/members/zoe-lambert/$"))
    assert alice.get_by_role("heading", name="Zoé Lambert").is_visible()
