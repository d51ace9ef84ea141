"""Group content registers with the visibility module; a privacy change rewrites
the stored audience of every registered model, for that group only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from community.activity.models import Activity
from community.activity.visibility import PUBLIC, group_audience
from community.groups import actions
from community.groups.content import (
    group_content_models,
    refresh_group_audience,
    register_group_content,
)
from community.groups.models import Group, Membership

pytestmark = pytest.mark.django_db


def test_activity_is_registered_by_the_activity_app() -> None:
    assert Activity in group_content_models()


def test_a_model_without_group_and_audience_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        register_group_content(Membership)  # has a group, no audience
    with pytest.raises(ImproperlyConfigured):
        register_group_content(Group)
    assert Membership not in group_content_models()


def test_registering_twice_keeps_one_entry() -> None:
    register_group_content(Activity)
    assert group_content_models().count(Activity) == 1


def test_refresh_rewrites_only_the_groups_rows(network, make_member) -> None:
    owner = make_member("Owner")
    group = actions.create_group(creator=owner, name="One")
    other = actions.create_group(creator=owner, name="Other")
    # Simulate the state right after the privacy column changed.
    Group.objects.filter(pk=group.pk).update(privacy="closed")
    group.refresh_from_db()
    assert refresh_group_audience(group) == 1
    assert Activity.objects.get(group=group).audience == group_audience(group.pk)
    assert Activity.objects.get(group=other).audience == PUBLIC
    assert refresh_group_audience(group) == 0  # nothing left to rewrite
