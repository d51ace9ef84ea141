"""Fixtures for volunteering tests. Everything is set up through the actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from community.groups import actions as group_actions
from community.groups.models import Group
from community.members.models import User
from community.volunteering.models import Need, Offer, Project
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions
from tests.support.clients import client_for as client_for  # shared; re-exported


@pytest.fixture
def manager(network, make_member) -> User:
    """Owner of the group ``group``: manages its projects."""
    return make_member("Manon Manager")


@pytest.fixture
def volunteer(network, make_member) -> User:
    return make_member("Victor Volunteer")


@pytest.fixture
def make_group(network) -> Callable[..., Group]:
    def make(owner: User, privacy: str = "open", name: str = "Épicerie solidaire") -> Group:
        return group_actions.create_group(creator=owner, name=name, privacy=privacy)

    return make


@pytest.fixture
def group(manager, make_group) -> Group:
    return make_group(manager)


@pytest.fixture
def make_project(skills) -> Callable[..., Project]:
    def make(actor: User, group: Group | None = None, publish: bool = True, **fields) -> Project:
        fields.setdefault("title", "Comptes de l'épicerie")
        fields.setdefault("cause", "solidarity")
        fields.setdefault("city", "Lyon")
        fields.setdefault("postcode", "69004")
        return project_actions.create_project(actor=actor, group=group, publish=publish, **fields)

    return make


@pytest.fixture
def make_need(skills) -> Callable[..., Need]:
    def make(actor: User, project: Project, needed: dict[str, str] | None = None, **fields) -> Need:
        needed = needed or {"accounting": "confirmed"}
        fields.setdefault("title", "Tenir la comptabilité")
        fields.setdefault("total_hours", 20)
        fields.setdefault("volunteers_wanted", 1)
        return need_actions.create_need(
            actor=actor,
            project=project,
            skills={skills[slug]: level for slug, level in needed.items()},
            **fields,
        )

    return make


@pytest.fixture
def make_offer(skills) -> Callable[..., Offer]:
    def make(user: User, offered: dict[str, str] | None = None, **fields) -> Offer:
        offered = offered or {"accounting": "expert"}
        fields.setdefault("title", "Comptabilité associative")
        fields.setdefault("hours_per_month", 8)
        fields.setdefault("city", "Lyon")
        fields.setdefault("postcode", "69001")
        return offer_actions.create_offer(
            user=user,
            skills={skills[slug]: level for slug, level in offered.items()},
            **fields,
        )

    return make


@pytest.fixture
def project(manager, group, make_project) -> Project:
    return make_project(manager, group)


@pytest.fixture
def need(manager, project, make_need) -> Need:
    return make_need(manager, project)
