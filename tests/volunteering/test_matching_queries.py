"""Matching through the database: the SQL pre-filter (skills, levels,
visibility, paused and expired offers, open needs) and the scoring, both
ways, with the explanation shown to people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community.groups import actions as group_actions
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.matching import facts as matching_facts
from community.volunteering.matching import selectors as matching_selectors
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import actions as project_actions
from tests.volunteering.helpers import days_ago

pytestmark = pytest.mark.django_db


def names(suggestions) -> list[tuple[str, str]]:
    return [(s.volunteer.display_name, s.explanation) for s in suggestions]


def test_suggestions_for_a_need_table(
    network, manager, group, make_member, make_project, make_need, make_offer
) -> None:
    project = make_project(manager, group, postcode="69004", city="Lyon")
    need = make_need(
        manager,
        project,
        needed={"accounting": "confirmed", "budgeting": "confirmed"},
        total_hours=8,
    )
    both = make_member("Both Skills")
    make_offer(both, {"accounting": "confirmed", "budgeting": "expert"}, postcode="69100")
    one = make_member("One Skill")
    make_offer(one, {"accounting": "expert"}, postcode="69001")
    low = make_member("Low Level")
    make_offer(low, {"accounting": "beginner", "budgeting": "confirmed"}, postcode="69001")
    remote = make_member("Remote Only")
    make_offer(remote, {"accounting": "expert", "budgeting": "expert"}, work_mode="remote")
    far = make_member("Far Away")
    make_offer(
        far, {"accounting": "expert", "budgeting": "expert"}, postcode="13001", travel_radius_km=30
    )
    paused = make_member("Paused")
    offer_actions.pause_offer(
        user=paused, offer=make_offer(paused, {"accounting": "expert", "budgeting": "expert"})
    )
    expired = make_member("Expired")
    today = timezone.localdate()
    with days_ago(31):  # published a month ago, for a period that ended yesterday
        make_offer(
            expired,
            {"accounting": "expert", "budgeting": "expert"},
            available_from=today - timedelta(days=30),
            available_until=today - timedelta(days=1),
        )
    unrelated = make_member("Designer")
    make_offer(unrelated, {"graphic-design": "expert"})

    assert names(matching_selectors.suggestions_for_need(need)) == [
        ("Both Skills", "matches 2/2 skills · 8 h/month available · 4 km"),
        # Both skills, one below the level asked, beats one skill only (it counts half).
        ("Low Level", "matches 1/2 skills · 1 below the level asked · 8 h/month available · 1 km"),
        ("One Skill", "matches 1/2 skills · 8 h/month available · 1 km"),
    ]


def test_secret_group_need_is_matched_with_its_members_only(
    network, manager, make_group, make_member, make_project, make_need, make_offer
) -> None:
    secret = make_group(manager, privacy="secret", name="Cercle")
    insider, outsider = make_member("Insider"), make_member("Outsider")
    group_actions.invite_member(inviter=manager, group=secret, member=insider)
    invitation = insider.group_invitations.get()
    group_actions.respond_to_invitation(user=insider, invitation=invitation, accept=True)
    need = make_need(manager, make_project(manager, secret, title="Secret project"))
    make_offer(insider, {"accounting": "confirmed"})
    make_offer(outsider, {"accounting": "expert"})

    assert [s.volunteer for s in matching_selectors.suggestions_for_need(need)] == [insider]
    assert [s.need for s in matching_selectors.needs_for_volunteer(insider)] == [need]
    assert matching_selectors.needs_for_volunteer(outsider) == []


def test_needs_for_a_volunteer_table(
    network, manager, group, make_member, make_project, make_need, make_offer
) -> None:
    volunteer = make_member("Vera")
    make_offer(
        volunteer, {"accounting": "expert", "web-development": "confirmed"}, hours_per_month=10
    )
    project = make_project(manager, group)
    full = make_need(
        manager, project, {"accounting": "confirmed"}, title="Accounts", work_mode="remote"
    )
    partial = make_need(
        manager, project, {"accounting": "beginner", "legal-advice": "expert"}, title="Statutes"
    )
    closed = make_need(manager, project, {"accounting": "beginner"}, title="Closed one")
    need_actions.close_need(actor=manager, need=closed)
    make_need(manager, project, {"cooking": "beginner"}, title="Kitchen")
    draft = make_project(manager, group, publish=False, title="Draft")
    make_need(manager, draft, {"accounting": "beginner"}, title="In a draft")

    result = matching_selectors.needs_for_volunteer(volunteer)
    assert [(s.need.title, s.explanation) for s in result] == [
        ("Accounts", "matches 1/1 skill · 10 h/month available · remote"),
        ("Statutes", "matches 1/2 skills · 10 h/month available · 1 km"),
    ]
    assert full.pk != partial.pk


def test_a_draft_project_s_needs_are_matched_once_it_opens(
    network, manager, group, make_member, make_project, make_need, make_offer
) -> None:
    volunteer = make_member("Vera")
    make_offer(volunteer, {"accounting": "expert"}, work_mode="remote")
    draft = make_project(manager, group, publish=False)
    need = make_need(manager, draft, work_mode="remote")
    assert matching_selectors.needs_for_volunteer(volunteer) == []
    project_actions.change_project_status(actor=manager, project=draft, status="open")
    assert [s.need for s in matching_selectors.needs_for_volunteer(volunteer)] == [need]
    project_actions.change_project_status(actor=manager, project=draft, status="cancelled")
    assert matching_selectors.needs_for_volunteer(volunteer) == []


def test_a_filled_need_leaves_the_matches_and_comes_back_when_a_place_frees(
    network, manager, need, make_member, make_offer
) -> None:
    first, second = make_member("First"), make_member("Second")
    make_offer(second, {"accounting": "expert"})
    accepted = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=first, need=need)
    )
    assert matching_selectors.needs_for_volunteer(second) == []
    need.refresh_from_db()
    assert matching_selectors.suggestions_for_need(need) == []
    engagement_actions.cancel_engagement(actor=first, engagement=accepted)
    assert [s.need for s in matching_selectors.needs_for_volunteer(second)] == [need]


@pytest.mark.parametrize("need_mode", ["on_site", "either", "remote"])
def test_the_place_pre_filter_never_drops_an_offer_the_score_keeps(
    network, manager, group, make_member, make_project, make_need, make_offer, need_mode
) -> None:
    """The SQL box is a superset of the score's rule (distance ≤ radius)."""
    import random

    from community.volunteering.matching import scoring as matching
    from community.volunteering.models import OfferSkill

    rng = random.Random(need_mode)
    need = make_need(manager, make_project(manager, group), postcode="69004", work_mode=need_mode)
    places_ = ["69001", "69100", "38000", "42000", "13001", "75011", "01000", "73000", "", "99999"]
    for n in range(40):
        make_offer(
            make_member(f"Offerer {n}"),
            {"accounting": "expert"},
            postcode=rng.choice(places_),
            work_mode=rng.choice(["remote", "on_site", "either"]),
            travel_radius_km=rng.choice([0, 5, 20, 60, 120, 400]),
        )
    kept_by_sql = set(
        OfferSkill.objects.filter(matching_selectors._reachable_q(need)).values_list(
            "offer_id", flat=True
        )
    )
    facts = matching_facts.need_facts(need, {need.required_skills.get().skill_id: 1})
    kept_by_score = set()
    from community.volunteering.models import Offer

    for offer in Offer.objects.all():
        skills = {row.skill_id: 2 for row in offer.offered_skills.all()}
        if matching.score(
            facts, matching_facts.offer_facts(offer, skills), today=timezone.localdate()
        ):
            kept_by_score.add(offer.pk)
    assert kept_by_score, "the case must keep some offers"
    assert kept_by_score <= kept_by_sql
    if need_mode == "on_site":
        assert len(kept_by_sql) < Offer.objects.count()  # and it does filter
