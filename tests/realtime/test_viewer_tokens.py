"""The per-viewer tokens a socket's ``hello`` carries (``data-show-for``):
the member, network admin, and each group the member runs — asked of
``community.groups.permissions``."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from community.groups import actions as group_actions
from community.groups.models import Role
from realtime.consumers import _viewer_tokens
from tests.realtime.helpers import communicator, receive


@pytest.fixture
def groups_of(make_member, member):
    """``member`` is admin of A, a plain member of B, owner of C and not in D."""
    owner = make_member("Group owner")
    a = group_actions.create_group(creator=owner, name="A")
    b = group_actions.create_group(creator=owner, name="B")
    d = group_actions.create_group(creator=owner, name="D")
    for group in (a, b):
        group_actions.join_group(user=member, group=group)
    group_actions.change_member_role(actor=owner, group=a, member=member, role=Role.ADMIN)
    c = group_actions.create_group(creator=member, name="C")
    return {"A": a, "B": b, "C": c, "D": d, "owner": owner}


def _expected(member, *groups) -> str:
    return " ".join(
        [f"user:{member.pk}"] + [f"group-admin:{g.pk}" for g in sorted(groups, key=lambda g: g.pk)]
    )


@pytest.mark.django_db
def test_viewer_tokens_name_the_groups_the_member_runs_and_no_other(member, groups_of) -> None:
    assert _viewer_tokens(member) == _expected(member, groups_of["A"], groups_of["C"])
    owner = groups_of["owner"]
    assert _viewer_tokens(owner) == _expected(owner, groups_of["A"], groups_of["B"], groups_of["D"])


@pytest.mark.django_db
def test_a_suspended_member_has_no_tokens(member, groups_of, network_admin) -> None:
    from community.members.actions import suspend_member

    suspend_member(admin=network_admin, member=member)
    member.refresh_from_db()
    assert _viewer_tokens(member) == ""


@pytest.mark.django_db(transaction=True)
async def test_the_hello_names_the_groups_the_member_runs(member, groups_of) -> None:
    socket = await communicator(member)
    connected, _code = await socket.connect(timeout=5)
    assert connected
    hello = await receive(socket)
    assert hello == {"type": "hello", "viewer": _expected(member, groups_of["A"], groups_of["C"])}
    await database_sync_to_async(group_actions.change_member_role)(
        actor=groups_of["owner"], group=groups_of["A"], member=member, role=Role.MEMBER
    )
    hello = await receive(socket)
    assert hello == {"type": "hello", "viewer": _expected(member, groups_of["C"])}
    await socket.disconnect()
