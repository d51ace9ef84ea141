"""The site language: a selector in the header for visitors and in the account
menu for members (``templates/_partials/language_form.html``, posting to
``members.views.set_language``). A visitor's choice is a cookie; a member's is
also stored on their profile (``set_member_language``) and is what later pages
(on any device) and e-mails use (``members.languages.language_for``)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from community.core import actions as core_actions
from community.core.models import Network
from community.members.actions import set_member_language
from community.members.languages import language_for
from community.members.models import User
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def network(db) -> Network:
    """An English-speaking public network: the switch to French shows."""
    return core_actions.create_network(
        name="Entraide Test", tagline="A test network", default_language="en", visibility="public"
    )


def _form(page: str, form_id: str) -> str:
    match = re.search(
        r'<form class="language-form"[^>]*>(?:(?!</form>).)*id="' + form_id + r'".*?</form>',
        page,
        re.S,
    )
    assert match, f"no language form #{form_id}"
    return match.group(0)


def _header(page: str) -> str:
    return page.split("<header", 1)[1].split("</header>", 1)[0]


def test_the_visitor_chooses_french_in_the_header(network, client: Client) -> None:
    landing = client.get(reverse("landing")).content.decode()
    form = _form(_header(landing), "header-language")
    assert 'action="' + reverse("set_language") + '"' in form
    assert '<label for="header-language"' in form and "<select" in form
    assert 'type="submit"' in form and 'value="fr"' in form
    assert "Sign in" in landing

    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("landing")})
    assert response.status_code == 302 and response["Location"] == reverse("landing")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("landing"))
    assert page["Content-Language"] == "fr"
    text = page.content.decode()
    assert '<html lang="fr"' in text and "Se connecter" in text
    assert '<option value="fr" lang="fr" selected>' in text


def test_the_member_menu_holds_the_selector_and_the_choice_is_stored(
    network, member: User, member_client: Client
) -> None:
    home = member_client.get(reverse("home")).content.decode()
    menu = home.split('<div class="menu-panel">', 1)[1].split("</details>", 1)[0]
    form = _form(menu, "menu-language")
    assert '<label for="menu-language">' in form
    assert 'id="header-language"' not in home  # the visitors' one is not shown to members

    response = member_client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("home")}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "fr"
    assert language_for(member) == "fr"

    # Another browser, a fresh session, no cookie: signing in again gives French.
    other = Client()
    assert other.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    ).status_code in (200, 302)
    page = other.get(reverse("home"))
    assert page["Content-Language"] == "fr"
    assert "(votre compte)" in page.content.decode()


def test_a_language_not_offered_is_refused_and_nothing_is_stored(
    network, member: User, member_client: Client
) -> None:
    User.objects.filter(pk=member.pk).update(language="en")
    response = member_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "“xx” is not one of the languages offered." in text
    assert "Nothing was saved." in text
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    member.refresh_from_db()
    assert member.language == "en"

    with pytest.raises(ValidationError) as error:
        set_member_language(member=member, language="de")
    assert error.value.messages == ["“de” is not one of the languages offered."]
    member.refresh_from_db()
    assert member.language == "en"


def test_a_visitor_with_a_bad_language_gets_400_and_no_cookie(network, client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "", "next": "/"})
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_for_falls_back_to_the_network_default(network, member: User) -> None:
    set_member_language(member=member, language="")
    member.refresh_from_db()
    assert member.language == ""
    assert language_for(member) == "en"
    Network.objects.filter(pk=network.pk).update(default_language="fr")
    assert language_for(member) == "fr"
    set_member_language(member=member, language="en")
    assert language_for(User.objects.get(pk=member.pk)) == "en"


def test_e_mails_go_out_in_the_members_language(network, make_member, client: Client) -> None:
    french = make_member("Francine Dupont")
    english = make_member("Edward Smith")
    set_member_language(member=french, language="fr")
    set_member_language(member=english, language="en")
    # The page asking is in English for both.
    client.post(reverse("account_reset_password"), {"email": english.email})
    client.post(reverse("account_reset_password"), {"email": french.email})
    assert len(mail.outbox) == 2
    english_mail, french_mail = mail.outbox
    assert english_mail.to == [english.email] and french_mail.to == [french.email]
    assert english_mail.subject != french_mail.subject
    assert english_mail.body != french_mail.body.replace(french.email, english.email)


def test_sign_up_keeps_the_language_the_visitor_chose(network, client: Client) -> None:
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "display_name": "Nouvelle Venue",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code in (200, 302)
    newcomer = User.objects.get(email="newcomer@example.org")
    assert newcomer.language == "fr"
