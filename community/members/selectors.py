"""Every read about members that depends on who is looking.

What a viewer may see of a profile is decided field by field by
``community.activity.visibility`` (``can_view_profile_field`` for values,
``profile_field_q`` for querysets); nothing here decides visibility on its own.
Hidden values are left out of the ``ProfileCard`` handed to templates, so no
page, fragment or JSON built from a card can show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from community.activity.visibility import (
    can_filter_on_profile_field,
    can_view_profile_field,
    is_active_member,
    is_self,
    profile_field_levels,
    profile_field_q,
)
from community.core.permissions import is_network_admin
from community.members.languages import language_name
from community.members.models import (
    Follow,
    MemberLanguage,
    MemberSkill,
    MemberStatus,
    ProfileAnswer,
    ProfileQuestion,
    QuestionKind,
    Skill,
    User,
)
from community.members.normalise import search_key
from community.members.privacy import PRIVATE_FIELDS, PrivacyPolicy, load_policy
from community.members.questions import ShownAnswer, shown_answer

DIRECTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class Viewer:
    """Who is looking, computed once per request."""

    user: object
    policy: PrivacyPolicy
    levels: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return is_network_admin(self.user)

    def sees(self, member: User, key: str) -> bool:
        """May this viewer read ``member``'s built-in field ``key``?"""
        return can_view_profile_field(
            self.user,
            owner_id=member.pk,
            visibility=self.policy.effective(member, key),
            levels=self.levels,
        )

    def sees_answers_to(self, member: User, question: ProfileQuestion) -> bool:
        return can_view_profile_field(
            self.user, owner_id=member.pk, visibility=question.visibility, levels=self.levels
        )

    def can_filter_on(self, key: str) -> bool:
        return can_filter_on_profile_field(
            self.user, widest=self.policy.widest_for(key), levels=self.levels
        )

    def field_q(self, key: str) -> Q:
        return profile_field_q(
            self.user,
            visibility_field=f"{key}_visibility",
            widest=self.policy.widest_for(key),
            levels=self.levels,
        )


def viewer_for(user, *, network=None) -> Viewer:
    return Viewer(
        user=user, policy=load_policy(), levels=profile_field_levels(user, network=network)
    )


@dataclass
class ProfileCard:
    """What ``viewer`` may see of ``member``: hidden fields are simply empty."""

    member: User
    is_self: bool = False
    bio: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=list)
    skills: list[MemberSkill] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    email: str = ""
    answers: list[ShownAnswer] = field(default_factory=list)
    # For the member's own view: who sees each field ({key: level}).
    visibility: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        place = self.city
        if self.postcode:
            place = f"{place} ({self.postcode})" if place else self.postcode
        if self.country:
            place = f"{place}, {self.country}" if place else self.country
        return place


def link_label(url: str) -> str:
    """``https://www.example.org/page`` → ``example.org/page``."""
    parts = urlsplit(url)
    label = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    return label[:60] or url[:60]


def _card(viewer: Viewer, member: User, *, answers: Iterable[ProfileAnswer] = ()) -> ProfileCard:
    card = ProfileCard(member=member, is_self=is_self(viewer.user, member.pk))
    if viewer.sees(member, "bio"):
        card.bio = member.bio
    if viewer.sees(member, "location"):
        card.city, card.postcode, card.country = member.city, member.postcode, member.country
    if viewer.sees(member, "languages"):
        card.languages = sorted(
            (language_name(row.code) for row in member.spoken_languages.all()), key=str.casefold
        )
    if viewer.sees(member, "skills"):
        card.skills = list(member.member_skills.all())
    if viewer.sees(member, "interests"):
        card.interests = list(member.interests or [])
    if viewer.sees(member, "links"):
        card.links = [
            (url, link_label(url))
            for url in member.links or []
            if str(url).lower().startswith(("https://", "http://"))
        ]
    if viewer.sees(member, "email"):
        card.email = member.email
    for answer in answers:
        if viewer.sees_answers_to(member, answer.question):
            shown = shown_answer(answer)
            if shown is not None:
                card.answers.append(shown)
    if card.is_self:
        card.visibility = {f.key: viewer.policy.effective(member, f.key) for f in PRIVATE_FIELDS}
    return card


def _profile_prefetches(answer_queryset: QuerySet[ProfileAnswer] | None) -> list[Prefetch]:
    prefetches = [
        Prefetch(
            "member_skills",
            queryset=MemberSkill.objects.select_related("skill__category").order_by(
                "skill__category__position", "skill__category__name", "skill__name"
            ),
        ),
        Prefetch("spoken_languages", queryset=MemberLanguage.objects.order_by("code")),
    ]
    if answer_queryset is not None:
        prefetches.append(
            Prefetch(
                "profile_answers",
                queryset=answer_queryset.select_related("question").prefetch_related("choices"),
                to_attr="visible_answers",
            )
        )
    return prefetches


def _visible_answers_queryset(
    viewer: Viewer, questions: Sequence[ProfileQuestion]
) -> QuerySet[ProfileAnswer] | None:
    """Answers to ``questions`` that the viewer may read (all of them on their own
    profile): hidden answers are not even loaded."""
    readable = Q(question_id__in=[q.pk for q in questions if q.visibility in viewer.levels])
    if is_active_member(viewer.user):
        readable |= Q(user=viewer.user, question_id__in=[q.pk for q in questions])
    if not questions:
        return None
    return ProfileAnswer.objects.filter(readable).order_by("question__position", "question_id")


# --- Profile page -------------------------------------------------------------


@dataclass
class ProfilePage:
    card: ProfileCard
    followers: int
    following: int
    viewer_follows: bool
    can_follow: bool


def profile_page(viewer: Viewer, handle: str) -> ProfilePage | None:
    """The profile of ``handle`` as ``viewer`` may see it, or None when the
    viewer may not see it (or it does not exist: the caller cannot tell)."""
    user = viewer.user
    own = is_active_member(user) and user.handle == handle
    members = User.objects.filter(handle=handle)
    if not viewer.is_admin:
        members = members.filter(status=MemberStatus.ACTIVE)
    questions = list(ProfileQuestion.objects.filter(show_on_profile=True))
    answers_qs = _visible_answers_queryset(viewer, questions)
    member = members.prefetch_related(*_profile_prefetches(answers_qs)).first()
    if member is None or not viewer.sees(member, "profile"):
        return None
    card = _card(viewer, member, answers=getattr(member, "visible_answers", []))
    active = is_active_member(user)
    counts = follow_counts(member)
    return ProfilePage(
        card=card,
        followers=counts["followers"],
        following=counts["following"],
        viewer_follows=active
        and not own
        and Follow.objects.filter(follower=user, followed=member).exists(),
        can_follow=active and not own and member.is_active,
    )


def follow_counts(member: User) -> dict[str, int]:
    return {
        "followers": Follow.objects.filter(followed=member, follower__is_active=True).count(),
        "following": Follow.objects.filter(follower=member, followed__is_active=True).count(),
    }


def follow_list(viewer: Viewer, member: User, *, direction: str) -> QuerySet[User]:
    """Who follows ``member`` (``followers``) or whom they follow (``following``),
    limited to active members whose profile the viewer may see."""
    if direction == "followers":
        relation = Follow.objects.filter(followed=member, follower=OuterRef("pk"))
    else:
        relation = Follow.objects.filter(follower=member, followed=OuterRef("pk"))
    return (
        User.objects.filter(Exists(relation), status=MemberStatus.ACTIVE)
        .filter(viewer.field_q("profile"))
        .order_by(Lower("display_name"), "id")
    )


# --- Directory ----------------------------------------------------------------


class Sort:
    NAME = "name"
    NEWEST = "newest"
    MATCH = "match"


@dataclass
class DirectoryQuery:
    """Cleaned directory filters (only the ones offered to this viewer)."""

    q: str = ""
    skills: list[Skill] = field(default_factory=list)
    match_all: bool = False
    location: str = ""
    language: str = ""
    answers: dict[ProfileQuestion, list[int] | str] = field(default_factory=dict)
    sort: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.skills or self.location or self.language or self.answers)


def directory_questions(viewer: Viewer) -> tuple[list[ProfileQuestion], list[ProfileQuestion]]:
    """The filterable questions: those the viewer may filter on (answers readable
    by them), and all of them (a member's card shows them their own answers)."""
    questions = list(
        ProfileQuestion.objects.filter(filterable=True)
        .prefetch_related("choices")
        .order_by("position", "id")
    )
    return [q for q in questions if q.visibility in viewer.levels], questions


def directory_members(viewer: Viewer, query: DirectoryQuery) -> QuerySet[User]:
    """Active members listed for ``viewer``, filtered and sorted.

    Each filter only applies to members whose matching field the viewer may
    read (``Viewer.field_q``), so results never reveal a hidden value; filters
    on fields the viewer cannot read at all must not reach this function (the
    form does not offer them) and are dropped here again for safety.
    """
    members = User.objects.filter(status=MemberStatus.ACTIVE).filter(viewer.field_q("profile"))
    if query.q:
        members = members.filter(Q(display_name__icontains=query.q) | Q(handle__icontains=query.q))
    skill_ids = [skill.pk for skill in query.skills]
    if skill_ids and viewer.can_filter_on("skills"):
        members = members.filter(viewer.field_q("skills"))
        if query.match_all:
            for skill_id in skill_ids:
                members = members.filter(
                    Exists(MemberSkill.objects.filter(user=OuterRef("pk"), skill_id=skill_id))
                )
        else:
            members = members.filter(
                Exists(MemberSkill.objects.filter(user=OuterRef("pk"), skill_id__in=skill_ids))
            )
    if query.location and viewer.can_filter_on("location"):
        key = search_key(query.location)
        place = Q(postcode__startswith=query.location.strip().upper())
        if key:
            place |= Q(city_key__startswith=key)
        members = members.filter(viewer.field_q("location")).filter(place)
    if query.language and viewer.can_filter_on("languages"):
        members = members.filter(viewer.field_q("languages")).filter(
            Exists(MemberLanguage.objects.filter(user=OuterRef("pk"), code=query.language))
        )
    for question, value in query.answers.items():
        if not question.filterable or question.visibility not in viewer.levels:
            continue
        answers = ProfileAnswer.objects.filter(user=OuterRef("pk"), question=question)
        if question.kind == QuestionKind.YES_NO:
            answers = answers.filter(text=value)
        else:
            answers = answers.filter(choices__in=list(value))
        members = members.filter(Exists(answers))
    sort = query.sort or (Sort.MATCH if skill_ids and not query.match_all else Sort.NAME)
    if sort == Sort.NEWEST:
        return members.order_by("-date_joined", "-id")
    if sort == Sort.MATCH and skill_ids and viewer.can_filter_on("skills"):
        matches = (
            MemberSkill.objects.filter(user=OuterRef("pk"), skill_id__in=skill_ids)
            .values("user")
            .annotate(count=Count("*"))
            .values("count")
        )
        return members.annotate(matches=Subquery(matches)).order_by(
            "-matches", Lower("display_name"), "id"
        )
    return members.order_by(Lower("display_name"), "id")


def with_card_data(
    viewer: Viewer, members: QuerySet[User], questions: Sequence[ProfileQuestion]
) -> QuerySet[User]:
    """Prefetch what cards show (skills, languages, answers to ``questions``
    the viewer may read), so a page costs the same whatever its content."""
    return members.prefetch_related(
        *_profile_prefetches(_visible_answers_queryset(viewer, questions))
    )


def directory_cards(viewer: Viewer, members: Iterable[User]) -> list[ProfileCard]:
    """Cards for one page of members loaded through ``with_card_data``."""
    return [
        _card(viewer, member, answers=getattr(member, "visible_answers", [])) for member in members
    ]


# --- Network admins -------------------------------------------------------------


def managed_members(*, q: str = "", status: str = "") -> QuerySet[User]:
    """The members admin list (callers check the viewer is a network admin)."""
    members = User.objects.all()
    if q:
        members = members.filter(
            Q(display_name__icontains=q) | Q(email__icontains=q) | Q(handle__icontains=q)
        )
    if status in MemberStatus.values:
        members = members.filter(status=status)
    return members.order_by(Lower("display_name"), "id")


def admin_answers(member: User, questions: Sequence[ProfileQuestion]) -> dict[int, ProfileAnswer]:
    """A member's answers to ``questions`` by question id (network admins' editing)."""
    return {
        answer.question_id: answer
        for answer in ProfileAnswer.objects.filter(
            user=member, question__in=list(questions)
        ).prefetch_related("choices")
    }
