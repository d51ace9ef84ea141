"""Never notify anyone about content they may not see, and re-check when the
notification is counted and shown: the bell and the page agree."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from community.activity.visibility import audiences_for, member_audiences_q
from community.groups import actions as group_actions
from community.groups.models import Group
from community.groups.notify import GROUP_INVITED, GROUP_JOIN_REQUESTED, GROUP_REQUEST_APPROVED
from community.members.models import User
from community.notifications import registry
from community.notifications.actions import discard_notifications, notify
from community.notifications.models import Notification
from community.notifications.selectors import (
    PAGE_SIZE,
    notification_for,
    notifications_page,
    unread_count,
)
from community.posts import actions as posts
from community.posts.notify import COMMENT_REPLIED, MENTIONED, POST_COMMENTED, POST_REACTED
from community.volunteering import notify as v
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.needs import actions as need_actions
from community.volunteering.projects import actions as project_actions
from tests.notifications.conftest import add_member, client_for
from tests.realtime.helpers import open_socket, receive, receive_until

pytestmark = pytest.mark.django_db


def shown(user) -> list[int]:
    """The notifications ``user`` reads as they were (subject still visible)."""
    return [item.pk for item in notifications_page(viewer=user).object_list if item.available]


def neutral(user) -> list[int]:
    """Those that read "This content is no longer available to you." instead."""
    return [item.pk for item in notifications_page(viewer=user).object_list if not item.available]


def test_a_member_removed_from_a_secret_group_is_not_told_of_a_comment(
    alice, bob, make_group, make_post, posts_rows
) -> None:
    group = make_group(alice, privacy="secret", name="Conseil")
    add_member(group, bob)
    post = make_post(bob, "Budget draft", group=group)
    group_actions.remove_member(actor=alice, group=group, member=bob)

    comment = posts_rows(alice, post, "Reviewed")
    assert notify(recipient=bob, verb="post_commented", actor=alice, target=comment) is None
    assert notify(recipient=bob, verb="post_reacted", actor=alice, target=post) is None
    assert not Notification.objects.filter(recipient=bob).exclude(verb="group_invited").exists()


def test_a_mention_of_a_non_member_in_a_secret_group_post_tells_nobody(
    alice, bob, make_group, make_post
) -> None:
    group = make_group(alice, privacy="secret", name="Conseil")
    post = make_post(alice, "Ask @bob-bernard?", group=group)
    assert notify(recipient=bob, verb="mentioned", actor=alice, target=post) is None
    assert not Notification.objects.filter(recipient=bob).exists()


@pytest.mark.parametrize("privacy", ["closed", "secret"])
def test_a_group_made_private_hides_the_notification_and_its_count(
    alice, bob, make_group, make_post, privacy
) -> None:
    group = make_group(alice, privacy="open", name="Quartier")
    make_post(alice, "Open call, @bob-bernard", group=group)  # the mention notifies Bob
    notification = Notification.objects.get(recipient=bob, verb="mentioned")
    assert unread_count(bob) == 1 and shown(bob) == [notification.pk]

    group_actions.change_group_privacy(actor=alice, group=group, privacy=privacy)
    assert unread_count(bob) == 0
    assert shown(bob) == [] and neutral(bob) == [notification.pk]
    client = client_for(bob)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    page = client.get(reverse("notifications:list"))
    assert b"Open call" not in page.content
    assert 'data-notification-count="0"' in page.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None  # opening it was refused: nothing changed

    group_actions.change_group_privacy(actor=alice, group=group, privacy="open")
    assert unread_count(bob) == 1 and shown(bob) == [notification.pk]


def test_a_member_removed_from_a_closed_group_no_longer_sees_its_notifications(
    alice, bob, make_group, make_post, posts_rows
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier")
    add_member(group, bob)
    Notification.objects.all().delete()  # the invitation that brought Bob in
    post = make_post(bob, "Tools list", group=group)
    notification = notify(
        recipient=bob, verb="post_commented", actor=alice, target=posts_rows(alice, post)
    )
    assert unread_count(bob) == 1
    group_actions.remove_member(actor=alice, group=group, member=bob)
    assert unread_count(bob) == 0 and shown(bob) == [] and neutral(bob) == [notification.pk]
    add_member(group, bob)  # invited back: the old notification shows again
    assert notification.pk in shown(bob) and neutral(bob) == []


def test_deleting_a_post_by_any_path_deletes_its_notifications(
    alice, bob, carol, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    notify(recipient=alice, verb="post_reacted", actor=carol, target=post)
    other = make_post(alice, "Found keys")
    kept = notify(recipient=alice, verb="post_reacted", actor=carol, target=other)
    assert unread_count(alice) == 3
    post.delete()  # e.g. the author's account deleted: the foreign keys cascade
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]
    assert unread_count(alice) == 1


def test_discard_takes_the_comments_notifications_with_the_post(
    alice, bob, carol, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    reply = posts_rows(alice, post, "Where?", parent=comment)
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    notify(recipient=bob, verb="comment_replied", actor=alice, target=reply)
    notify(recipient=carol, verb="mentioned", actor=alice, target=post)
    assert discard_notifications(targets=[comment]) == 1
    assert discard_notifications(targets=[post, reply]) == 2
    assert not Notification.objects.exists()
    assert discard_notifications(targets=[]) == 0


def test_a_target_deleted_without_discard_takes_its_notifications(
    alice, bob, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    comment.delete()  # the comment foreign key cascades too (and test_deleted_targets.py)
    assert unread_count(alice) == 0 and shown(alice) == []
    assert not Notification.objects.exists()  # deleted with it, not when shown


def test_the_sql_audiences_are_the_visibility_modules(alice, bob, make_group) -> None:
    open_group = make_group(alice, privacy="open", name="Ouvert")
    closed = make_group(alice, privacy="closed", name="Fermé")
    secret = make_group(alice, privacy="secret", name="Secret")
    add_member(closed, bob)
    add_member(secret, bob)
    group_actions.leave_group(user=bob, group=secret)
    for user in (alice, bob):
        expected = {a for a in audiences_for(user) if a.startswith("group:")}
        assert _group_audiences_seen(user) == expected, user
    assert _group_audiences_seen(bob) == {f"group:{closed.pk}"}
    assert f"group:{open_group.pk}" in _group_audiences_seen(alice)


def _group_audiences_seen(user) -> set[str]:
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    groups = Group.objects.annotate(
        audience=Concat(Value("group:"), Cast("pk", CharField()), output_field=CharField())
    )
    return set(groups.filter(member_audiences_q(user)).values_list("audience", flat=True))


def test_join_request_notifications_follow_the_admin_role(alice, bob, carol, make_group) -> None:
    group = make_group(alice, privacy="closed", name="Atelier")
    add_member(group, bob)
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    Notification.objects.all().delete()  # the invitation that brought Bob in
    group_actions.request_to_join(user=carol, group=group, message="Hello")
    assert unread_count(bob) == 1
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="member")
    assert unread_count(bob) == 0 and shown(bob) == []
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    assert unread_count(bob) == 1


# --- The leak matrix: a reader who loses sight of what a notification is about ---------
#
# One row per verb of the registry (a verb added without a row fails here). Each
# scenario gives Bob a notification through the real actions; then, unless he keeps
# sight of its subject, he loses it (removed from the secret or closed group, no
# longer its admin, the group turned secret…); then the subject is renamed or
# edited. Whoever may no longer see it reads only the neutral line, which names
# nothing and links nowhere; whoever still sees it reads its current name.

OLD = "Ancien intitulé"
NEW = "Intitulé renommé"
NEUTRAL = "This content is no longer available to you."


@dataclass
class People:
    alice: User  # runs the groups
    bob: User  # the reader
    carol: User
    skills: dict


@dataclass
class Scenario:
    notification: Notification
    lose_sight: Callable[[], object]
    rename: Callable[[], object]
    current: str = NEW  # what a reader who still sees the subject reads after the rename
    link: str = ""  # where the notification led while Bob saw its subject


@pytest.fixture
def people(alice, bob, carol, skills) -> People:
    return People(alice=alice, bob=bob, carol=carol, skills=skills)


def _group(p: People, privacy: str, *, members=(), admins=()) -> Group:
    group = group_actions.create_group(creator=p.alice, name=OLD, privacy=privacy)
    for user in (*members, *admins):
        add_member(group, user)
    for user in admins:
        group_actions.change_member_role(actor=p.alice, group=group, member=user, role="admin")
    return group


def _latest(p: People, verb: str) -> Notification:
    return Notification.objects.filter(recipient=p.bob, verb=verb).latest("id")


def _removed(p: People, group: Group) -> Callable[[], None]:
    return lambda: group_actions.remove_member(actor=p.alice, group=group, member=p.bob)


def _made_secret(p: People, group: Group) -> Callable[[], Group]:
    return lambda: group_actions.change_group_privacy(actor=p.alice, group=group, privacy="secret")


def _renamed(p: People, group: Group) -> Callable[[], Group]:
    return lambda: group_actions.update_group(actor=p.alice, group=group, name=NEW)


def _post_edited(p: People, post, body: str = NEW) -> Callable[[], object]:
    return lambda: posts.update_post(actor=p.alice, post=post, body=body)


# Posts: the sentence quotes the post.


def _post_commented(p: People) -> Scenario:
    group = _group(p, "secret", members=[p.bob, p.carol])
    post = posts.create_post(author=p.bob, body=OLD, group=group)
    comment = posts.add_comment(author=p.carol, post=post, body="Relu")
    # Only Bob may edit his post, and he no longer sees it: Carol edits her comment.
    return Scenario(
        _latest(p, POST_COMMENTED),
        lose_sight=_removed(p, group),
        rename=lambda: posts.update_comment(actor=p.carol, comment=comment, body=NEW),
        current=OLD,
    )


def _comment_replied(p: People) -> Scenario:
    group = _group(p, "closed", members=[p.bob, p.carol])
    post = posts.create_post(author=p.alice, body=OLD, group=group)
    mine = posts.add_comment(author=p.bob, post=post, body="Moi aussi")
    posts.add_comment(author=p.carol, post=post, body="Pareil", parent=mine)
    return Scenario(
        _latest(p, COMMENT_REPLIED), lose_sight=_removed(p, group), rename=_post_edited(p, post)
    )


def _post_reacted(p: People) -> Scenario:
    group = _group(p, "closed", members=[p.bob, p.carol])
    post = posts.create_post(author=p.alice, body=OLD, group=group)
    mine = posts.add_comment(author=p.bob, post=post, body="Moi aussi")
    posts.toggle_reaction(user=p.carol, comment=mine, kind="love")
    return Scenario(
        _latest(p, POST_REACTED), lose_sight=_removed(p, group), rename=_post_edited(p, post)
    )


def _mentioned(p: People) -> Scenario:
    group = _group(p, "open")  # Bob is not in it: he read it as an open group's post
    post = posts.create_post(author=p.alice, body=f"{OLD} @{p.bob.handle}", group=group)
    return Scenario(
        _latest(p, MENTIONED),
        lose_sight=_made_secret(p, group),
        rename=_post_edited(p, post, f"{NEW} @{p.bob.handle}"),
    )


# Groups: the sentence names the group.


def _join_requested(p: People) -> Scenario:
    group = _group(p, "closed", admins=[p.bob])
    group_actions.request_to_join(user=p.carol, group=group)

    def demote() -> None:
        # Still a member of a listed group, but no longer one who answers its requests.
        group_actions.change_member_role(actor=p.alice, group=group, member=p.bob, role="member")

    return Scenario(_latest(p, GROUP_JOIN_REQUESTED), lose_sight=demote, rename=_renamed(p, group))


def _request_approved(p: People) -> Scenario:
    group = _group(p, "closed")
    request = group_actions.request_to_join(user=p.bob, group=group)
    group_actions.approve_join_request(actor=p.alice, join_request=request)

    def lose_sight() -> None:
        _made_secret(p, group)()
        _removed(p, group)()

    return Scenario(
        _latest(p, GROUP_REQUEST_APPROVED), lose_sight=lose_sight, rename=_renamed(p, group)
    )


def _invited(p: People) -> Scenario:
    group = _group(p, "secret", members=[p.bob])  # invited, and accepted
    return Scenario(
        _latest(p, GROUP_INVITED), lose_sight=_removed(p, group), rename=_renamed(p, group)
    )


# Volunteering: the sentence names the need.


def _need(p: People, group: Group):
    project = project_actions.create_project(
        actor=p.alice, group=group, title="Projet", cause="solidarity", publish=True
    )
    return need_actions.create_need(
        actor=p.alice,
        project=project,
        title=OLD,
        skills={p.skills["accounting"]: "confirmed"},
        total_hours=20,
    )


def _need_renamed(p: People, need) -> Callable[[], object]:
    def rename():
        need.refresh_from_db()
        skills = {row.skill: row.min_level for row in need.required_skills.all()}
        return need_actions.update_need(
            actor=p.alice, need=need, title=NEW, skills=skills, total_hours=need.total_hours
        )

    return rename


def _to_the_volunteer(steps: Callable[[People, object], object], verb: str):
    """Bob volunteers on an open group's project, which the group turning secret
    hides from him."""

    def scenario(p: People) -> Scenario:
        group = _group(p, "open")
        need = _need(p, group)
        steps(p, need)
        return Scenario(
            _latest(p, verb), lose_sight=_made_secret(p, group), rename=_need_renamed(p, need)
        )

    return scenario


def _to_the_managers(steps: Callable[[People, object], object], verb: str):
    """Bob co-runs a secret group's project, until he is removed from the group."""

    def scenario(p: People) -> Scenario:
        group = _group(p, "secret", members=[p.carol], admins=[p.bob])
        need = _need(p, group)
        steps(p, need)
        return Scenario(
            _latest(p, verb), lose_sight=_removed(p, group), rename=_need_renamed(p, need)
        )

    return scenario


def _accepted(p: People, need, volunteer: User):
    engagement = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    return engagement_actions.accept_engagement(actor=p.alice, engagement=engagement)


def _hours(p: People, need, volunteer: User):
    engagement = _accepted(p, need, volunteer)
    return hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=timezone.localdate(), hours=2
    )


SCENARIOS: dict[str, Callable[[People], Scenario]] = {
    POST_COMMENTED: _post_commented,
    COMMENT_REPLIED: _comment_replied,
    POST_REACTED: _post_reacted,
    MENTIONED: _mentioned,
    GROUP_JOIN_REQUESTED: _join_requested,
    GROUP_REQUEST_APPROVED: _request_approved,
    GROUP_INVITED: _invited,
    v.APPLICATION_RECEIVED: _to_the_managers(
        lambda p, need: engagement_actions.apply_to_need(volunteer=p.carol, need=need),
        v.APPLICATION_RECEIVED,
    ),
    v.ENGAGEMENT_WITHDRAWN: _to_the_managers(
        lambda p, need: engagement_actions.withdraw_engagement(
            actor=p.carol, engagement=engagement_actions.apply_to_need(volunteer=p.carol, need=need)
        ),
        v.ENGAGEMENT_WITHDRAWN,
    ),
    v.HOURS_LOGGED: _to_the_managers(lambda p, need: _hours(p, need, p.carol), v.HOURS_LOGGED),
    v.INVITATION_RECEIVED: _to_the_volunteer(
        lambda p, need: engagement_actions.invite_volunteer(
            manager=p.alice, need=need, volunteer=p.bob
        ),
        v.INVITATION_RECEIVED,
    ),
    v.ENGAGEMENT_ACCEPTED: _to_the_volunteer(
        lambda p, need: _accepted(p, need, p.bob), v.ENGAGEMENT_ACCEPTED
    ),
    v.ENGAGEMENT_DECLINED: _to_the_volunteer(
        lambda p, need: engagement_actions.decline_engagement(
            actor=p.alice, engagement=engagement_actions.apply_to_need(volunteer=p.bob, need=need)
        ),
        v.ENGAGEMENT_DECLINED,
    ),
    v.ENGAGEMENT_COMPLETED: _to_the_volunteer(
        lambda p, need: engagement_actions.complete_engagement(
            actor=p.alice, engagement=_accepted(p, need, p.bob)
        ),
        v.ENGAGEMENT_COMPLETED,
    ),
    v.ENGAGEMENT_CANCELLED: _to_the_volunteer(
        lambda p, need: engagement_actions.cancel_engagement(
            actor=p.alice, engagement=_accepted(p, need, p.bob), reason="Reporté"
        ),
        v.ENGAGEMENT_CANCELLED,
    ),
    v.HOURS_CONFIRMED: _to_the_volunteer(
        lambda p, need: hours_actions.confirm_hours(actor=p.alice, entry=_hours(p, need, p.bob)),
        v.HOURS_CONFIRMED,
    ),
    v.HOURS_QUERIED: _to_the_volunteer(
        lambda p, need: hours_actions.query_hours(
            actor=p.alice, entry=_hours(p, need, p.bob), question="2 ou 3 ?"
        ),
        v.HOURS_QUERIED,
    ),
}
VERBS = sorted(registry.verbs())


def prepare(verb: str, p: People) -> Scenario:
    """Bob's notification of ``verb``, alone in his list, while he sees its subject."""
    scenario = SCENARIOS[verb](p)
    notification = scenario.notification
    Notification.objects.filter(recipient=p.bob).exclude(pk=notification.pk).delete()
    item = notification_for(viewer=p.bob, pk=notification.pk)
    assert OLD in item.text, item.text
    scenario.link = item.link
    return scenario


def mentions_of_bob(p: People, count: int) -> None:
    """Newer notifications: Bob's subject one moves to the next page."""
    for index in range(count):
        post = posts.create_post(author=p.carol, body=f"Bonjour {index}")
        notify(recipient=p.bob, verb=MENTIONED, actor=p.carol, target=post)


def item_html(html: str, pk: int) -> str:
    match = re.search(rf'<li id="notification-{pk}".*?</li>', html, re.S)
    assert match, f"notification {pk} is not on the page"
    return match.group(0)


def assert_tells_nothing(html: str, scenario: Scenario) -> None:
    """Neither the subject's old nor new name, nor where it led, nor who acted."""
    pk = scenario.notification.pk
    for secret in (OLD, NEW, scenario.link, reverse("notifications:open", args=[pk])):
        assert secret not in html, secret
    if f'id="notification-{pk}"' in html:
        item = item_html(html, pk)
        assert NEUTRAL in item
        assert "<a " not in item and "avatar" not in item and "notification-unread" not in item
        assert "Alice" not in item and "Carol" not in item


def test_every_verb_has_a_row_in_the_leak_matrix() -> None:
    assert set(SCENARIOS) == set(VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_a_reader_who_lost_sight_of_the_subject_reads_only_the_neutral_line(
    verb: str, people: People
) -> None:
    scenario = prepare(verb, people)
    scenario.lose_sight()
    scenario.rename()
    mentions_of_bob(people, PAGE_SIZE)
    notification = scenario.notification
    client = client_for(people.bob)
    listing = reverse("notifications:list")

    first, second = (client.get(listing + query).content.decode() for query in ("", "?page=2"))
    assert f'id="notification-{notification.pk}"' not in first
    assert NEUTRAL in item_html(second, notification.pk)
    for html in (first, second):
        assert_tells_nothing(html, scenario)
        # The bell counts what the list highlights: the twenty mentions, not this one.
        assert f'data-notification-count="{PAGE_SIZE}"' in html
    assert unread_count(people.bob) == PAGE_SIZE

    # Opening it is refused (GET or POST) and changes nothing.
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None

    # The htmx fragments render it through the same entry point.
    fragment = client.post(
        reverse("notifications:mark_read", args=[notification.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.startswith(f'<li id="notification-{notification.pk}"')
    assert_tells_nothing(fragment, scenario)
    fragment = client.post(
        reverse("notifications:mark_all_read"), {"page": "2"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert NEUTRAL in item_html(fragment, notification.pk)
    assert_tells_nothing(fragment, scenario)


@pytest.mark.parametrize("verb", VERBS)
def test_a_reader_who_still_sees_the_subject_reads_its_current_name(
    verb: str, people: People
) -> None:
    scenario = prepare(verb, people)
    scenario.rename()
    mentions_of_bob(people, PAGE_SIZE)
    notification = scenario.notification
    client = client_for(people.bob)
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    item = item_html(second, notification.pk)
    assert scenario.current in item and NEUTRAL not in item
    assert (scenario.current == OLD) == (OLD in item)
    open_url = reverse("notifications:open", args=[notification.pk])
    if notification.read_at is None:  # a button posting to open (it marks it read)
        assert f'<form method="post" action="{open_url}" class="notification-open-form">' in item
        assert '<button type="submit" class="notification-open">' in item
    else:  # read: a plain link to what it is about
        assert f'href="{escape(scenario.link)}"' in item
    assert unread_count(people.bob) == PAGE_SIZE + (1 if notification.read_at is None else 0)
    response = client.get(open_url)
    assert response.status_code == 302 and response["Location"] == scenario.link
    response = client.post(open_url)
    assert response.status_code == 302 and response["Location"] == scenario.link
    assert unread_count(people.bob) == PAGE_SIZE
    read = item_html(
        client.get(reverse("notifications:list") + "?page=2").content.decode(), notification.pk
    )
    assert f'<a href="{escape(scenario.link)}">' in read and open_url not in read


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("verb", VERBS)
async def test_a_reader_who_lost_sight_of_the_subject_is_pushed_nothing_of_it(
    verb: str, people: People
) -> None:
    scenario = await database_sync_to_async(prepare)(verb, people)
    socket = await open_socket(people.bob, resume_after="now")

    def lose_sight_rename_and_mention() -> None:
        scenario.lose_sight()
        scenario.rename()
        with transaction.atomic():
            mentions_of_bob(people, 1)

    await database_sync_to_async(lose_sight_rename_and_mention)()
    pushed = await receive_until(socket, "notifications")
    await socket.send_json_to({"type": "resume", "after": None})
    pushed += await receive_until(socket, "resumed")
    pushed.append(await receive(socket))
    while not await socket.receive_nothing(timeout=0.3, interval=0.02):
        pushed.append(await receive(socket))
    await socket.disconnect()

    text = json.dumps(pushed, ensure_ascii=False)
    assert OLD not in text and NEW not in text and scenario.link not in text
    counts = [message for message in pushed if message["type"] == "notifications"]
    # Only the new mention counts, live and after the resume.
    assert counts == [{"type": "notifications", "unread": 1}] * 2, pushed


def test_a_member_removed_from_a_closed_group_still_reads_its_current_name(
    people: People,
) -> None:
    """A closed group is listed to every member: its name is not hidden from them."""
    group = _group(people, "closed")
    request = group_actions.request_to_join(user=people.bob, group=group)
    group_actions.approve_join_request(actor=people.alice, join_request=request)
    group_actions.remove_member(actor=people.alice, group=group, member=people.bob)
    group_actions.update_group(actor=people.alice, group=group, name=NEW)
    (item,) = notifications_page(viewer=people.bob).object_list
    assert item.text == f"Alice Martin approved your request to join {NEW}."
    assert item.link == group.get_absolute_url() and unread_count(people.bob) == 1


def test_a_declined_invitation_to_a_secret_group_reads_as_the_neutral_line(
    people: People,
) -> None:
    group = _group(people, "secret")
    invitation = group_actions.invite_member(inviter=people.alice, group=group, member=people.bob)
    group_actions.respond_to_invitation(user=people.bob, invitation=invitation, accept=False)
    group_actions.update_group(actor=people.alice, group=group, name=NEW)
    (item,) = notifications_page(viewer=people.bob).object_list
    assert item.text == NEUTRAL and item.link == "" and not item.is_unread
    assert unread_count(people.bob) == 0
