"""Every change of membership tells the realtime layer, after the commit, to
recompute the subscriptions of the member(s) concerned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.groups import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    received: list[int] = []
    monkeypatch.setattr("realtime.publish.subscriptions_changed", received.append)
    return received


def test_join_calls_the_hook_only_after_commit(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    joiner = make_member("Joiner")
    group = make_group(owner)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.join_group(user=joiner, group=group)
        assert calls == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert calls == [joiner.pk]


def test_leave_and_removal_call_the_hook(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    leaver, removed = make_member("Leaver"), make_member("Removed")
    group = make_group(owner)
    actions.join_group(user=leaver, group=group)
    actions.join_group(user=removed, group=group)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_group(user=leaver, group=group)
    assert calls == [leaver.pk]
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_member(actor=owner, group=group, member=removed)
    assert calls == [leaver.pk, removed.pk]


def test_approved_request_and_accepted_invitation_call_the_hook(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    requester, invitee = make_member("Requester"), make_member("Invitee")
    group = make_group(owner, privacy="closed")
    join_request = actions.request_to_join(user=requester, group=group)
    invitation = actions.invite_member(inviter=owner, group=group, member=invitee)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_join_request(actor=owner, join_request=join_request)
    assert calls == [requester.pk]
    with django_capture_on_commit_callbacks(execute=True):
        actions.respond_to_invitation(user=invitee, invitation=invitation, accept=True)
    assert calls == [requester.pk, invitee.pk]


def test_privacy_change_calls_the_hook_for_every_member(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    members = [make_member(f"M{n}") for n in range(3)]
    group = make_group(owner)
    for member in members:
        actions.join_group(user=member, group=group)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    assert sorted(calls) == sorted([owner.pk] + [m.pk for m in members])


def test_group_deletion_calls_the_hook_for_every_former_member(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_group(actor=owner, group=group)
    assert sorted(calls) == sorted([owner.pk, member.pk])


def test_a_refused_change_calls_nothing(
    owner, make_member, make_group, calls, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner, privacy="closed")
    outsider = make_member("Outsider")
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        actions.join_group(user=outsider, group=group)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        actions.leave_group(user=owner, group=group)  # the last owner cannot leave
    assert calls == []
