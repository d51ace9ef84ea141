"""Member-written text renders inert: bio (Markdown), display name and answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.members import actions
from tests.members.helpers import question, set_privacy

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
]


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "").replace("onerror=&#x27;", "")
    assert 'href="javascript:' not in html
    assert "<img src=x" not in html


def test_bio_display_name_and_answers_render_inert(
    network_admin, member, make_member, skills
) -> None:
    attacker = make_member("Mallory")
    text = question(network_admin, "Motto")
    long_text = question(network_admin, "Story", "long_text")
    url = question(network_admin, "Site", "url")
    choice = question(
        network_admin,
        "Pick <b>one</b>",
        "single_choice",
        choices=["<script>alert(2)</script>", "safe"],
        filterable=True,
    )
    payload = "\n\n".join(PAYLOADS)
    actions.update_profile(
        member=attacker,
        editor=attacker,
        display_name="<script>alert('name')</script> Mallory",
        bio=payload,
        city='<img src=x onerror="alert(1)">',
        interests=["<script>alert(3)</script>"],
    )
    actions.set_profile_answers(
        member=attacker,
        editor=attacker,
        values={
            text: PAYLOADS[0],
            long_text: payload,
            url: "https://example.org/?q=<script>",
            choice: choice.choices.get(label="<script>alert(2)</script>").pk,
        },
    )
    actions.set_member_skills(member=attacker, editor=attacker, levels={skills["video"]: "expert"})
    set_privacy(attacker, "members")
    client = Client()
    client.force_login(member)
    pages = [
        client.get(attacker.get_absolute_url()).content.decode(),
        client.get(reverse("members:directory")).content.decode(),
        client.get(reverse("members:directory"), headers={"HX-Request": "true"}).content.decode(),
    ]
    for html in pages:
        assert_inert(html)
        assert "&lt;script&gt;alert(" in html  # shown as text, not run
    profile = pages[0]
    assert "click me" in profile  # the link text survives, its javascript: href does not
    assert "<b>one</b>" not in profile
    # Signed-in as the admin, the members admin list too.
    admin = Client()
    admin.force_login(network_admin)
    assert_inert(admin.get(reverse("members:manage_members")).content.decode())


def test_links_field_only_keeps_web_addresses(member) -> None:
    from django.core.exceptions import ValidationError

    for bad in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>"):
        with pytest.raises(ValidationError):
            actions.update_profile(member=member, editor=member, links=[bad])


def test_skill_and_category_names_render_inert_in_the_directory_filters(
    network_admin, member
) -> None:
    category = actions.create_skill_category(admin=network_admin, name="<script>alert(4)</script>")
    actions.create_skill(
        admin=network_admin, name='<img src=x onerror="alert(1)">', category=category
    )
    client = Client()
    client.force_login(member)
    html = client.get(reverse("members:directory")).content.decode()
    assert_inert(html)
    assert "<summary>&lt;script&gt;alert(4)&lt;/script&gt;</summary>" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
