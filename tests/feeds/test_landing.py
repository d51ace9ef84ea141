"""The front door (issue 14, point 2): a public network shows visitors what the
association does — its groups, the projects taking volunteers, the latest
public articles — each linking to its page; nothing a visitor may not see."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.volunteering.projects import actions as project_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(public_network, make_member, make_group, post):
    """Open, closed and secret groups, each with a project and an article,
    plus community articles for everyone and for members, and a draft."""
    admin = make_member("Admin", is_network_admin=True)
    made = {}
    for privacy in ("open", "closed", "secret"):
        group = make_group(admin, privacy=privacy, name=f"Group {privacy.upper()}MARK")
        project = project_actions.create_project(
            actor=admin,
            group=group,
            title=f"Project {privacy.upper()}MARK",
            cause="environment",
            publish=True,
        )
        title = f"Article {privacy.upper()}MARK"
        article = post(admin, f"Body {privacy}", title=title, group=group)
        made[privacy] = (group, project, article)
    made["public"] = post(admin, "For all", title="Article PUBLICMARK", audience="public")
    made["members"] = post(admin, "For us", title="Article MEMBERSMARK", audience="members")
    made["draft"] = project_actions.create_project(
        actor=admin, title="Project DRAFTMARK", cause="environment"
    )
    made["admin"] = admin
    return made


def _landing(client: Client) -> str:
    response = client.get(reverse("landing"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_sees_groups_projects_and_articles_linking_to_their_pages(
    association, client: Client
) -> None:
    body = _landing(client)
    group, project, article = association["open"]
    for heading in ("Our groups", "Volunteer with us", "Latest articles"):
        assert heading in body
    assert f'href="{group.get_absolute_url()}"' in body
    assert f'href="{project.get_absolute_url()}"' in body
    assert f'href="{article.get_absolute_url()}"' in body
    assert f'href="{association["public"].get_absolute_url()}"' in body
    for name in ("groups:directory", "volunteering:projects", "feeds:articles"):
        assert f'href="{reverse(name)}"' in body  # "see all"


def test_the_landing_shows_nothing_a_visitor_may_not_see(association, client: Client) -> None:
    body = _landing(client)
    # A closed group shows in the visitor's directory, so on the landing too;
    # its project and its article are its members'.
    assert "Group CLOSEDMARK" in body
    for hidden in (
        "SECRETMARK",
        "Project CLOSEDMARK",
        "Article CLOSEDMARK",
        "MEMBERSMARK",
        "DRAFTMARK",
    ):
        assert hidden not in body, hidden


def test_a_private_network_shows_visitors_only_the_pitch(
    association, public_network, client: Client
) -> None:
    public_network.visibility = "private"
    public_network.save()
    body = _landing(client)
    assert "Join the community" in body
    for marker in ("MARK", "Our groups", "Volunteer with us", "Latest articles"):
        assert marker not in body, marker


def test_an_empty_public_network_shows_the_pitch_without_empty_sections(
    public_network, client: Client
) -> None:
    body = _landing(client)
    assert "Join the community" in body
    assert "landing-section" not in body


def test_a_signed_in_member_goes_to_their_home(association) -> None:
    client = Client()
    client.force_login(association["admin"])
    response = client.get(reverse("landing"))
    assert response.status_code == 302
    assert response.url == reverse("home")
