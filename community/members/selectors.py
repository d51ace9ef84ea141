"""Every read about members that depends on who is looking.

What a viewer may see of a profile is decided field by field by
``community.activity.visibility`` (``can_view_profile_field`` for values,
``profile_field_q`` for querysets); nothing here decides visibility on its own.
Hidden values are left out of the ``ProfileCard`` handed to templates, so no
page, fragment or JSON built from a card can show them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Exists, OuterRef, Q, QuerySet
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
from community.core.queries import total_of
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
    SkillLevel,
    User,
    name_in_language,
)
from community.members.normalise import name_q, search_key
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


@dataclass(frozen=True)
class ShownSkill:
    name: str  # in the reader's language, as ``category``
    slug: str
    level: str
    category: str

    @property
    def level_label(self) -> str:
        return str(SkillLevel(self.level).label)


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
    skills: list[ShownSkill] = field(default_factory=list)
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


# Built-in fields each kind of page shows.
PROFILE_FIELDS = frozenset(
    {"bio", "location", "languages", "skills", "interests", "links", "email"}
)
DIRECTORY_FIELDS = frozenset({"location", "languages", "skills"})
# The user columns a directory card reads.
DIRECTORY_COLUMNS = (
    "id",
    "display_name",
    "handle",
    "avatar",
    "city",
    "postcode",
    "country",
    "date_joined",
    *(f"{key}_visibility" for key in ("profile", "location", "languages", "skills")),
)


def build_cards(
    viewer: Viewer,
    members: Sequence[User],
    questions: Sequence[ProfileQuestion],
    *,
    fields: frozenset[str] = PROFILE_FIELDS,
) -> list[ProfileCard]:
    """Cards for ``members`` in a fixed number of queries (skills, languages,
    answers, their choices), whatever they hold. Only the values the viewer may
    see are loaded: a hidden field's rows are not even read."""
    cards = [ProfileCard(member=m, is_self=is_self(viewer.user, m.pk)) for m in members]
    if not cards:
        return cards

    # Which of its fields each member shows this viewer, decided once per card.
    shown_fields = {c.member.pk: {k for k in fields if viewer.sees(c.member, k)} for c in cards}

    def readers(key: str) -> list[int]:
        return [pk for pk, shown in shown_fields.items() if key in shown]

    skills: dict[int, list[ShownSkill]] = defaultdict(list)
    if ids := readers("skills"):
        rows = list(
            MemberSkill.objects.filter(user_id__in=ids).values_list(
                "user_id",
                "level",
                "skill__slug",
                "skill__name",
                "skill__names",
                "skill__category__position",
                "skill__category__name",
                "skill__category__names",
            )
        )
        # Names in the reader's language, ordered as they read them (once per skill).
        shown: dict[str, tuple[tuple, str, str]] = {}
        for _user_id, _level, slug, name, skill_names, position, category, category_names in rows:
            if slug not in shown:
                label = name_in_language(name, skill_names)
                category_label = name_in_language(category, category_names)
                order = (position, search_key(category_label), search_key(label), slug)
                shown[slug] = (order, label, category_label)
        for user_id, level, slug, *_names in sorted(rows, key=lambda row: shown[row[2]][0]):
            _order, label, category_label = shown[slug]
            skills[user_id].append(ShownSkill(label, slug, level, category_label))
    languages: dict[int, list[str]] = defaultdict(list)
    if ids := readers("languages"):
        names: dict[str, str] = {}
        for user_id, code in MemberLanguage.objects.filter(user_id__in=ids).values_list(
            "user_id", "code"
        ):
            if code not in names:
                names[code] = language_name(code)
            languages[user_id].append(names[code])
    answers = _visible_answers(viewer, [c.member.pk for c in cards], questions)

    for card in cards:
        member = card.member
        shown = shown_fields[member.pk]
        if "bio" in shown:
            card.bio = member.bio
        if "location" in shown:
            card.city, card.postcode, card.country = member.city, member.postcode, member.country
        card.languages = sorted(languages.get(member.pk, []), key=str.casefold)
        card.skills = skills.get(member.pk, [])
        if "interests" in shown:
            card.interests = list(member.interests or [])
        if "links" in shown:
            card.links = [
                (url, link_label(url))
                for url in member.links or []
                if str(url).lower().startswith(("https://", "http://"))
            ]
        if "email" in shown:
            card.email = member.email
        card.answers = answers.get(member.pk, [])
        if card.is_self:
            card.visibility = {
                f.key: viewer.policy.effective(member, f.key)
                for f in PRIVATE_FIELDS
                if f.key in fields or f.key == "profile"
            }
    return cards


def _visible_answers(
    viewer: Viewer, user_ids: list[int], questions: Sequence[ProfileQuestion]
) -> dict[int, list[ShownAnswer]]:
    """Answers to ``questions`` the viewer may read (all of them on their own
    profile), by member: hidden answers are not even loaded."""
    if not questions:
        return {}
    by_id = {q.pk: q for q in questions}
    readable = Q(question_id__in=[q.pk for q in questions if q.visibility in viewer.levels])
    if is_active_member(viewer.user):
        readable |= Q(user=viewer.user, question_id__in=list(by_id))
    rows = list(
        ProfileAnswer.objects.filter(readable, user_id__in=user_ids).values_list(
            "id", "user_id", "question_id", "text"
        )
    )
    labels: dict[int, list[str]] = defaultdict(list)
    choice_answers = [row[0] for row in rows if by_id[row[2]].is_choice]
    if choice_answers:
        for answer_id, label in (
            ProfileAnswer.choices.through.objects.filter(profileanswer_id__in=choice_answers)
            .order_by("profilequestionchoice__position", "profilequestionchoice_id")
            .values_list("profileanswer_id", "profilequestionchoice__label")
        ):
            labels[answer_id].append(label)
    shown: dict[int, list[ShownAnswer]] = defaultdict(list)
    order = {q.pk: (q.position, q.pk) for q in questions}
    for answer_id, user_id, question_id, text in sorted(rows, key=lambda r: order[r[2]]):
        question = by_id[question_id]
        if not can_view_profile_field(
            viewer.user, owner_id=user_id, visibility=question.visibility, levels=viewer.levels
        ):
            continue
        answer = shown_answer(question, text, labels.get(answer_id, ()))
        if answer is not None:
            shown[user_id].append(answer)
    return shown


# --- Profile page -------------------------------------------------------------


@dataclass
class ProfilePage:
    card: ProfileCard
    followers: int
    following: int
    viewer_follows: bool
    can_follow: bool


def member_by_handle(viewer: Viewer, handle: str) -> User | None:
    """The member ``handle`` when ``viewer`` may see their profile (an active
    member's, as far as its visibility allows; any member's for network
    admins), else None — whether or not they exist: the caller cannot tell.
    Every page that takes a handle (the profile, its wall's composer) looks
    the member up here."""
    members = User.objects.filter(handle=handle)
    if not viewer.is_admin:
        members = members.filter(status=MemberStatus.ACTIVE)
    member = members.first()
    if member is None or not viewer.sees(member, "profile"):
        return None
    return member


def profile_page(viewer: Viewer, handle: str) -> ProfilePage | None:
    """The profile of ``handle`` as ``viewer`` may see it, or None when the
    viewer may not see it (or it does not exist: the caller cannot tell)."""
    member = member_by_handle(viewer, handle)
    if member is None:
        return None
    questions = list(ProfileQuestion.objects.filter(show_on_profile=True))
    card = build_cards(viewer, [member], questions)[0]
    user = viewer.user
    active = is_active_member(user)
    counts = follow_counts(member)
    return ProfilePage(
        card=card,
        followers=counts["followers"],
        following=counts["following"],
        viewer_follows=active
        and not card.is_self
        and Follow.objects.filter(follower=user, followed=member).exists(),
        can_follow=active and not card.is_self and member.is_active,
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
    def skill_slugs(self) -> set[str]:
        return {skill.slug for skill in self.skills}

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


def taxonomy_skills() -> list[Skill]:
    """Every skill with its category: categories in the admins' order, skills
    in alphabetical order of their names in the active language (the lists
    members pick from or filter by)."""
    return sorted(
        Skill.objects.select_related("category"),
        key=lambda skill: (
            skill.category.position,
            search_key(skill.category.label),
            skill.category_id,
            search_key(skill.label),
        ),
    )


def directory_members(viewer: Viewer, query: DirectoryQuery) -> QuerySet[User]:
    """Active members listed for ``viewer``, filtered and sorted.

    Each filter only applies to members whose matching field the viewer may
    read (``Viewer.field_q``), so results never reveal a hidden value; filters
    on fields the viewer cannot read at all must not reach this function (the
    form does not offer them) and are dropped here again for safety.
    """
    members = (
        User.objects.filter(status=MemberStatus.ACTIVE)
        .filter(viewer.field_q("profile"))
        .only(*DIRECTORY_COLUMNS)
    )
    if query.q:
        members = members.filter(name_q(query.q) | Q(handle__icontains=query.q))
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
        matches = total_of(
            MemberSkill.objects.filter(user=OuterRef("pk"), skill_id__in=skill_ids), per="user"
        )
        return members.annotate(matches=matches).order_by("-matches", Lower("display_name"), "id")
    return members.order_by(Lower("display_name"), "id")


def directory_cards(
    viewer: Viewer, members: Iterable[User], questions: Sequence[ProfileQuestion]
) -> list[ProfileCard]:
    """Cards for one page of the directory: location, languages, skills and the
    answers to filterable questions, as far as the viewer may see them."""
    return build_cards(viewer, list(members), questions, fields=DIRECTORY_FIELDS)


# --- Network admins -------------------------------------------------------------


def managed_members(*, q: str = "", status: str = "") -> QuerySet[User]:
    """The members admin list (callers check the viewer is a network admin)."""
    members = User.objects.all()
    if q:
        members = members.filter(name_q(q) | Q(email__icontains=q) | Q(handle__icontains=q))
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
