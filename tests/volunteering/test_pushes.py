"""Pushes over real websockets: a secret group's project, need and volunteer
activities reach its members' sockets, never an outsider's (nor a network
admin's who is not in the group); an offer reaches every member."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from community.groups import actions as group_actions
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions
from realtime.messages import rendered_cache
from tests.realtime.helpers import assert_silent, open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_rendered_cache():
    rendered_cache.clear()
    yield
    rendered_cache.clear()


@pytest.fixture
def people(network, make_member, skills):
    manager = make_member("Manon Manager")
    insider = make_member("Ines Insider")
    outsider = make_member("Oscar Outsider")
    admin = make_member("Nadia Admin", is_network_admin=True)
    secret = group_actions.create_group(creator=manager, name="Cercle", privacy="secret")
    group_actions.invite_member(inviter=manager, group=secret, member=insider)
    group_actions.respond_to_invitation(
        user=insider, invitation=insider.group_invitations.get(), accept=True
    )
    from community.activity.models import Activity

    return {
        "manager": manager,
        "insider": insider,
        "outsider": outsider,
        "admin": admin,
        "group": secret,
        "skills": skills,
        # The group's own activities (created, joined) came before the sockets.
        "before": Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }


@database_sync_to_async
def run_the_secret_project(people) -> list[int]:
    skills = people["skills"]
    project = project_actions.create_project(
        actor=people["manager"],
        group=people["group"],
        title="Hidden",
        cause="solidarity",
        publish=True,
    )
    need = need_actions.create_need(
        actor=people["manager"],
        project=project,
        title="Secret books",
        skills={skills["accounting"]: "beginner"},
        total_hours=5,
        work_mode="remote",
    )
    engagement = engagement_actions.apply_to_need(volunteer=people["insider"], need=need)
    engagement_actions.accept_engagement(actor=people["manager"], engagement=engagement)
    from community.activity.models import Activity

    return list(
        Activity.objects.filter(group=people["group"], pk__gt=people["before"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


async def test_secret_project_activities_reach_members_only(people) -> None:
    insider = await open_socket(people["insider"], resume_after="now")
    outsider = await open_socket(people["outsider"], resume_after="now")
    admin = await open_socket(people["admin"], resume_after="now")

    ids = await run_the_secret_project(people)

    received = [await receive(insider) for _ in ids]
    assert [m["type"] for m in received] == ["activity"] * len(ids)
    assert [m["verb"] for m in received] == ["project_opened", "need_opened", "volunteer_joined"]
    assert all(m["audience"] == f"group:{people['group'].pk}" for m in received)
    assert "Secret books" in received[1]["html"]  # the need's title
    await assert_silent(outsider)
    await assert_silent(admin)
    for socket in (insider, outsider, admin):
        await socket.disconnect()


async def test_a_published_offer_reaches_every_member(people) -> None:
    outsider = await open_socket(people["outsider"], resume_after="now")

    @database_sync_to_async
    def publish():
        return offer_actions.create_offer(
            user=people["insider"],
            title="Books and budgets",
            skills={people["skills"]["accounting"]: "expert"},
            hours_per_month=4,
        )

    await publish()
    message = await receive(outsider)
    assert message["type"] == "activity" and message["verb"] == "offer_published"
    assert "Books and budgets" in message["html"]
    await outsider.disconnect()
