"""The member directory: search, filters, sort, pages, htmx, and no leaks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.members import actions
from tests.members.helpers import question, results_section, set_privacy

pytestmark = pytest.mark.django_db

DIRECTORY = "/members/"


def names(response) -> list[str]:
    """Member names in the results, in order."""
    html = response.content.decode()
    if "<html" in html:
        html = results_section(html)
    found = []
    for chunk in html.split('class="member-card-name"><a href="')[1:]:
        found.append(chunk.split(">", 1)[1].split("<", 1)[0])
    return found


@pytest.fixture
def people(network, make_member, skills):
    """Members with skills, places and languages (all visible to members)."""

    def person(name, *, skill_levels=(), city="", postcode="", languages=()):
        member = make_member(name)
        actions.update_profile(
            member=member,
            editor=member,
            city=city,
            postcode=postcode,
            languages=list(languages),
        )
        actions.set_member_skills(
            member=member,
            editor=member,
            levels={skills[slug]: level for slug, level in skill_levels},
        )
        return member

    return {
        "lea": person(
            "Léa Graphiste",
            skill_levels=[("graphic-design", "expert"), ("spanish", "confirmed")],
            city="Lyon",
            postcode="69003",
            languages=["fr", "es"],
        ),
        "hugo": person(
            "Hugo Designer",
            skill_levels=[("graphic-design", "beginner")],
            city="Villeurbanne",
            postcode="69100",
            languages=["fr"],
        ),
        "sarah": person(
            "Sarah Compta",
            skill_levels=[("accounting", "expert"), ("spanish", "expert")],
            city="Saint-Étienne",
            postcode="42000",
            languages=["fr", "es"],
        ),
        "karim": person("Karim Sans Rien"),
    }


def test_directory_is_in_the_main_menu(member_client: Client) -> None:
    html = member_client.get(reverse("home")).content.decode()
    assert f'href="{DIRECTORY}"' in html


def test_search_by_name(member_client: Client, people) -> None:
    response = member_client.get(DIRECTORY, {"q": "compta"})
    assert names(response) == ["Sarah Compta"]


def test_search_by_name_ignores_accents_case_and_punctuation(
    member_client: Client, member, people, make_member
) -> None:
    make_member("Jean-Pierre Éloi")
    for typed in ("lea", "LÉA", "Léa", "lea graph", "GRAPHISTE"):
        assert names(member_client.get(DIRECTORY, {"q": typed})) == ["Léa Graphiste"], typed
    for typed in ("jean pierre", "Jean-Pierre", "eloi", "pierre el"):
        assert names(member_client.get(DIRECTORY, {"q": typed})) == ["Jean-Pierre Éloi"], typed
    assert names(member_client.get(DIRECTORY, {"q": "--"})) == []  # no letter: nobody


def test_a_new_display_name_is_found_and_the_old_one_no_longer(
    member_client: Client, people
) -> None:
    actions.update_profile(member=people["karim"], editor=people["karim"], display_name="Zoé Noël")
    assert names(member_client.get(DIRECTORY, {"q": "zoe noel"})) == ["Zoé Noël"]
    assert names(member_client.get(DIRECTORY, {"q": "sans rien"})) == []  # the old name


def test_filter_by_skills_any_and_all(member_client: Client, people) -> None:
    any_of = member_client.get(DIRECTORY, {"skill": ["graphic-design", "spanish"]})
    # Best match first: Léa has both skills.
    assert names(any_of)[0] == "Léa Graphiste"
    assert set(names(any_of)) == {"Léa Graphiste", "Hugo Designer", "Sarah Compta"}
    all_of = member_client.get(DIRECTORY, {"skill": ["graphic-design", "spanish"], "match": "all"})
    assert names(all_of) == ["Léa Graphiste"]


def test_filter_by_location_city_without_accents_or_postcode_prefix(
    member_client: Client, people
) -> None:
    assert names(member_client.get(DIRECTORY, {"location": "saint etienne"})) == ["Sarah Compta"]
    assert names(member_client.get(DIRECTORY, {"location": "lyon"})) == ["Léa Graphiste"]
    assert set(names(member_client.get(DIRECTORY, {"location": "69"}))) == {
        "Léa Graphiste",
        "Hugo Designer",
    }


def test_filter_by_language(member_client: Client, people) -> None:
    response = member_client.get(DIRECTORY, {"language": "es"})
    assert set(names(response)) == {"Léa Graphiste", "Sarah Compta"}


def test_graphic_designer_near_lyon_who_speaks_spanish(member_client: Client, people) -> None:
    response = member_client.get(
        DIRECTORY, {"skill": "graphic-design", "location": "69", "language": "es"}
    )
    assert names(response) == ["Léa Graphiste"]


def test_filter_by_choice_and_yes_no_questions(
    network_admin, member_client: Client, people
) -> None:
    availability = question(
        network_admin,
        "Availability",
        "multiple_choice",
        choices=["Weekdays", "Weekends"],
        filterable=True,
    )
    car = question(network_admin, "Has a car", "yes_no", filterable=True)
    weekends = availability.choices.get(label="Weekends")
    for key, value, has_car in (("lea", [weekends.pk], "yes"), ("hugo", [], "no")):
        actions.set_profile_answers(
            member=people[key],
            editor=people[key],
            values={availability: value, car: has_car},
        )
    response = member_client.get(DIRECTORY, {availability.field_name: weekends.pk})
    assert names(response) == ["Léa Graphiste"]
    response = member_client.get(DIRECTORY, {car.field_name: "no"})
    assert names(response) == ["Hugo Designer"]


def test_sorting_by_name_and_newest(member_client: Client, member, people) -> None:
    by_name = names(member_client.get(DIRECTORY, {"sort": "name"}))
    assert by_name == sorted(by_name, key=str.casefold)
    newest = names(member_client.get(DIRECTORY, {"sort": "newest"}))
    assert newest[0] == "Karim Sans Rien"


def test_suspended_and_pending_members_are_not_listed(
    network_admin, member_client: Client, people
) -> None:
    actions.suspend_member(admin=network_admin, member=people["hugo"])
    assert "Hugo Designer" not in names(member_client.get(DIRECTORY))


def test_pages_of_fifty(member_client: Client, make_member) -> None:
    for n in range(55):
        make_member(f"Person {n:02d}")
    first = member_client.get(DIRECTORY)
    assert len(names(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = member_client.get(DIRECTORY, {"page": 2})
    assert len(names(second)) == 56 - 50  # 55 people and Alice, the viewer


def test_pagination_links_keep_the_filters(member_client: Client, make_member, skills) -> None:
    for n in range(52):
        person = make_member(f"Cook {n:02d}")
        actions.set_member_skills(
            member=person, editor=person, levels={skills["cooking"]: "confirmed"}
        )
    html = member_client.get(DIRECTORY, {"skill": "cooking"}).content.decode()
    assert "?skill=cooking&amp;page=2" in html


def test_htmx_request_gets_only_the_results_fragment(member_client: Client, people) -> None:
    response = member_client.get(DIRECTORY, {"q": "léa"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert names(response) == ["Léa Graphiste"]
    assert "HX-Request" in response["Vary"]
    full = member_client.get(DIRECTORY, {"q": "léa"})
    assert "<html" in full.content.decode() and 'hx-get="/members/"' in full.content.decode()


def test_form_works_without_javascript(member_client: Client, people) -> None:
    html = member_client.get(DIRECTORY).content.decode()
    assert '<form method="get" action="/members/"' in html
    assert 'name="skill" value="graphic-design"' in html
    assert '<button type="submit">Search</button>' in html


def test_empty_state(member_client: Client, people) -> None:
    html = member_client.get(DIRECTORY, {"q": "nobody-is-called-this"}).content.decode()
    assert "No member matches these filters" in html


def test_hidden_fields_do_not_match_filters(member_client: Client, people) -> None:
    """A member's location and skills marked admins-only never make them match."""
    set_privacy(people["lea"], "admins")
    assert names(member_client.get(DIRECTORY, {"location": "lyon"})) == []
    assert "Léa Graphiste" not in names(member_client.get(DIRECTORY, {"skill": "graphic-design"}))
    assert "Léa Graphiste" not in names(member_client.get(DIRECTORY, {"language": "es"}))


# --- Leak tests: filters on admins-only fields -----------------------------------


@pytest.fixture
def secret_question(network_admin, people):
    """An admins-only filterable question: members must learn nothing from it."""
    secret = question(
        network_admin,
        "Background check",
        "single_choice",
        choices=["Cleared", "Refused"],
        filterable=True,
        visibility="admins",
    )
    refused = secret.choices.get(label="Refused")
    actions.set_profile_answers(
        member=people["hugo"], editor=network_admin, values={secret: refused.pk}
    )
    cleared = secret.choices.get(label="Cleared")
    actions.set_profile_answers(
        member=people["lea"], editor=network_admin, values={secret: cleared.pk}
    )
    return secret


def test_admins_only_filter_is_not_offered_to_members(
    member_client: Client, network_admin_client: Client, secret_question
) -> None:
    member_page = member_client.get(DIRECTORY).content.decode()
    assert "Background check" not in member_page
    assert secret_question.field_name not in member_page
    admin_page = network_admin_client.get(DIRECTORY).content.decode()
    assert secret_question.field_name in admin_page


@pytest.mark.parametrize("fragment", [False, True], ids=["full-page", "htmx-fragment"])
def test_crafted_admins_only_filter_is_ignored(
    member_client: Client, secret_question, fragment: bool
) -> None:
    """``?question_<id>=<choice>`` on an admins-only question gives members the
    very same results as without it, and no hidden value appears."""
    headers = {"HX-Request": "true"} if fragment else {}
    refused = secret_question.choices.get(label="Refused")
    plain = member_client.get(DIRECTORY, headers=headers)
    crafted = member_client.get(
        DIRECTORY, {secret_question.field_name: refused.pk}, headers=headers
    )
    assert names(crafted) == names(plain)
    assert len(names(plain)) == 6  # the four people, Alice and the admin
    for html in (plain.content.decode(), crafted.content.decode()):
        assert "Refused" not in html and "Cleared" not in html
    # …and the crafted parameter is not carried into the results' links either
    # (the page footer's language switcher echoes the viewer's own URL, nothing more).
    html = crafted.content.decode()
    assert secret_question.field_name not in (html if fragment else results_section(html))


def test_crafted_filter_on_an_admins_only_built_in_field_is_ignored(
    network_admin, member_client: Client, people
) -> None:
    actions.set_field_policy(admin=network_admin, widest={"location": "admins"})
    plain = member_client.get(DIRECTORY)
    crafted = member_client.get(DIRECTORY, {"location": "lyon"})
    assert names(crafted) == names(plain)
    assert 'name="location"' not in plain.content.decode()
    assert "Lyon" not in results_section(crafted.content.decode())


def test_admins_may_filter_on_admins_only_fields(
    network_admin_client: Client, secret_question
) -> None:
    refused = secret_question.choices.get(label="Refused")
    response = network_admin_client.get(DIRECTORY, {secret_question.field_name: refused.pk})
    assert names(response) == ["Hugo Designer"]


def test_visitors_on_a_public_network_only_get_everyone_filters(
    public_network, network_admin, people
) -> None:
    members_only = question(
        network_admin, "Availability", "single_choice", choices=["Often", "Rarely"], filterable=True
    )
    for person in people.values():
        set_privacy(person, "members")
    set_privacy(people["sarah"], "everyone")
    visitor = Client()
    html = visitor.get(DIRECTORY).content.decode()
    assert members_only.field_name not in html
    # Their profiles are open to visitors (Alice's and the admin's are not, by default)…
    assert set(names(visitor.get(DIRECTORY))) == {p.display_name for p in people.values()}
    # …but Lyon is Léa's members-only location: a visitor's filter finds nobody,
    assert names(visitor.get(DIRECTORY, {"location": "lyon"})) == []
    # while Sarah shows her place to everyone.
    assert names(visitor.get(DIRECTORY, {"location": "saint-etienne"})) == ["Sarah Compta"]


# --- Query budget -----------------------------------------------------------------


# The page, the base layout's newest activity id and the bell's unread count.
PAGE_QUERIES = 15


def test_directory_page_of_fifty_costs_a_fixed_number_of_queries(
    network_admin, member, make_member, skills, django_assert_num_queries
) -> None:
    """Session, user, network, privacy caps, questions (+ choices), taxonomy,
    count, page, then one query each for skills, languages, answers and their
    choices, the newest activity id for the live client (base layout) and the bell: 15,
    whether members list one skill and answer or dozens (fewer when there is
    nothing to load, e.g. no answers at all)."""
    questions = [
        question(
            network_admin,
            "Availability",
            "multiple_choice",
            choices=["A", "B", "C"],
            filterable=True,
        ),
        question(network_admin, "Has a car", "yes_no", filterable=True),
        question(
            network_admin,
            "Secret",
            "single_choice",
            choices=["X", "Y"],
            filterable=True,
            visibility="admins",
        ),
    ]
    all_skills = list(skills.values())
    people = []
    for n in range(50):
        person = make_member(f"Budget {n:02d}")
        actions.update_profile(member=person, editor=person, languages=["fr"])
        actions.set_member_skills(member=person, editor=person, levels={all_skills[n]: "expert"})
        actions.set_profile_answers(
            member=person,
            editor=person,
            values={questions[0]: [questions[0].choices.first().pk], questions[1]: "yes"},
        )
        people.append(person)
    viewers = {"member": Client(), "admin": Client()}
    viewers["member"].force_login(member)
    viewers["admin"].force_login(network_admin)

    def load(viewer: str, params=None) -> None:
        response = viewers[viewer].get(DIRECTORY, params or {})
        assert response.status_code == 200
        assert len(names(response)) == 50

    for viewer in viewers:
        with django_assert_num_queries(PAGE_QUERIES):
            load(viewer)
    # Many more skills, languages and answers per member: the same number of queries.
    for n, person in enumerate(people):
        actions.set_member_skills(
            member=person,
            editor=person,
            levels={skill: "expert" for skill in all_skills[n % 10 : n % 10 + 12]},
        )
        actions.update_profile(member=person, editor=person, languages=["fr", "en", "es", "ar"])
        actions.set_profile_answers(
            member=person,
            editor=person,
            values={questions[0]: [c.pk for c in questions[0].choices.all()], questions[1]: "no"},
        )
        actions.set_profile_answers(
            member=person,
            editor=network_admin,
            values={questions[2]: questions[2].choices.first().pk},
        )
    for viewer in viewers:
        with django_assert_num_queries(PAGE_QUERIES):
            load(viewer)
    with django_assert_num_queries(PAGE_QUERIES):
        load("admin", {"skill": ["cooking", "driving", "it-support"], "language": "fr"})


def test_the_name_key_follows_saves_of_the_display_name_only(member) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.members.models import User

    member.display_name = "Émile Zola"
    member.save(update_fields=["display_name"])
    assert User.objects.get(pk=member.pk).name_key == "emile zola"
    partial = User.objects.only("pk", "handle").get(pk=member.pk)
    partial.handle = "emile"
    with CaptureQueriesContext(connection) as queries:
        partial.save(update_fields=["handle"])
    # The name was not loaded: it is not read back for its key, which stays.
    assert not [query for query in queries.captured_queries if "display_name" in query["sql"]]
    assert User.objects.get(pk=member.pk).name_key == "emile zola"
