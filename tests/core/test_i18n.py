"""The French translation: a complete catalogue, a committed .mo that matches it,
and pages (and pushes) that really come out in French.

Language selection (``NetworkMiddleware``, and the websocket consumer alike):
the language cookie set by the footer switcher, else the member's ``language``,
else the network's default language.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.core import actions as core_actions
from community.core.models import Network
from community.groups.actions import create_group
from community.members.models import User
from tests.realtime.helpers import amake_group, open_socket, receive

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LOCALE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LOCALE / "django.po"
MO_PATH = LOCALE / "django.mo"

# %(name)s, %(ratio).1f, %s, {n} and HTML tags must survive translation unchanged.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sd]|\{\w*\}|</?[a-z][^>]*>")


def _po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _live_entries(catalogue) -> list:
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def _forms(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- the catalogue ------------------------------------------------------------------


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    po = _po()
    assert not po.metadata_is_fuzzy, "the header is fuzzy: msgfmt would drop Plural-Forms"
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n>1);"
    entries = _live_entries(po)
    assert len(entries) > 1000  # the whole site, not a stub
    fuzzy = [entry.msgid for entry in entries if entry.fuzzy]
    untranslated = [entry.msgid for entry in entries if not all(_forms(entry))]
    plural_counts = [
        entry.msgid for entry in entries if entry.msgid_plural and len(_forms(entry)) != 2
    ]
    assert not fuzzy, f"fuzzy entries in {PO_PATH.name}: {fuzzy}"
    assert not untranslated, f"untranslated entries in {PO_PATH.name}: {untranslated}"
    assert not plural_counts, f"plural entries without exactly 2 forms: {plural_counts}"


GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_noop"} | {
    "gettext_lazy",
    "ngettext_lazy",
    "pgettext_lazy",
    "npgettext_lazy",
}


def test_no_translated_message_hides_inside_an_f_string() -> None:
    """makemessages (xgettext) does not look inside f-strings: a message
    written there is translated today only because an older template still
    carried it, and the next `make messages` drops it from the catalogue
    (it happened to ten words of the posts' Python-built markup)."""
    hidden = []
    for path in sorted(Path(settings.BASE_DIR).glob("[cr]*/**/*.py")):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FormattedValue):
                continue
            for inner in ast.walk(node.value):
                func = getattr(inner, "func", None)  # gettext(…) or translation.gettext(…)
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if isinstance(inner, ast.Call) and name in GETTEXT_CALLS:
                    hidden.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert not hidden, f"gettext inside f-strings (hoist it): {hidden}"


def test_translations_keep_placeholders_and_markup() -> None:
    broken = []
    for entry in _live_entries(_po()):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # French's singular form also serves 0 and 1, so it keeps the plural's placeholders.
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
        for form in _forms(entry):
            if sorted(PLACEHOLDER.findall(form)) != expected:
                broken.append((entry.msgid, form))
    assert not broken, broken


def test_french_typography_no_straight_quotes_or_breaking_spaces() -> None:
    """A straight ' would be escaped as &#x27; in attributes; a plain space before
    « : ? ! » would let the browser break the line before the sign."""
    bad = []
    for entry in _live_entries(_po()):
        for form in _forms(entry):
            text = PLACEHOLDER.sub("X", form)
            if "'" in text or re.search(r" [:;?!»]|« ", text):
                bad.append(form)
    assert not bad, f"see the style note at the top of {PO_PATH.name}: {bad}"


def _po_catalogue() -> dict[tuple[str, str], object]:
    return {
        (entry.msgctxt or "", entry.msgid): tuple(_forms(entry))
        if entry.msgid_plural
        else entry.msgstr
        for entry in _live_entries(_po())
        if not entry.fuzzy
    }


def test_committed_mo_has_exactly_the_po_translations() -> None:
    """Read both files (no gettext tools needed): a .po edited without `make messages`
    leaves a stale .mo, and `make run` would serve the old text."""
    assert MO_PATH.exists(), "compile and commit the .mo: make messages"
    mo = polib.mofile(str(MO_PATH))
    mo_catalogue = {
        (entry.msgctxt or "", entry.msgid): tuple(_forms(entry))
        if entry.msgid_plural
        else entry.msgstr
        for entry in mo
        if entry.msgid
    }
    po_catalogue = _po_catalogue()
    stale = {
        key
        for key in po_catalogue.keys() & mo_catalogue.keys()
        if po_catalogue[key] != mo_catalogue[key]
    }
    assert not stale, f"the .mo differs from the .po for {sorted(stale)[:10]}: run make messages"
    assert po_catalogue.keys() == mo_catalogue.keys(), (
        f"only in the .po: {sorted(po_catalogue.keys() - mo_catalogue.keys())[:10]}; "
        f"only in the .mo: {sorted(mo_catalogue.keys() - po_catalogue.keys())[:10]}"
    )
    assert polib.mofile(str(MO_PATH)).metadata.get("Plural-Forms", "").replace(" ", "") == (
        "nplurals=2;plural=(n>1);"
    )


def test_msgfmt_compiles_the_po_to_the_committed_catalogue(tmp_path: Path) -> None:
    """msgfmt's own checks (format strings, plural header), then the committed .mo and
    a fresh compilation read through Python's gettext give the same catalogue."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        reason = "msgfmt is missing (apt-get install gettext); the .mo is still compared above"
        if CI:
            pytest.fail(f"{reason} (CI=true: gettext is required)", pytrace=False)
        pytest.skip(reason)
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(fresh), str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    with MO_PATH.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    assert compiled._catalog == committed._catalog  # the parsed catalogues
    assert (
        committed.ngettext("%(counter)s member", "%(counter)s members", 0) == "%(counter)s membre"
    )


def test_french_plural_rule_is_active() -> None:
    """0 and 1 take the singular in French; a lost Plural-Forms header would give "0 membres"."""
    with translation.override("fr"):
        assert (
            translation.ngettext("%(counter)s member", "%(counter)s members", 0)
            == "%(counter)s membre"
        )
        assert (
            translation.ngettext("%(counter)s member", "%(counter)s members", 1)
            == "%(counter)s membre"
        )
        assert (
            translation.ngettext("%(counter)s member", "%(counter)s members", 2)
            == "%(counter)s membres"
        )


# --- pages -------------------------------------------------------------------------


@pytest.fixture
def network(db) -> Network:
    """The conftest's network, with French as its default language."""
    return core_actions.create_network(
        name="Entraide Test", tagline="Un réseau de test", default_language="fr"
    )


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] in {"fr", "en"}
    return response.content.decode()


@pytest.mark.django_db
def test_member_pages_are_in_french_on_a_french_network(
    member: User, member_client: Client
) -> None:
    group = create_group(creator=member, name="Jardin partagé", privacy="open")

    home = _page(member_client, reverse("home"))
    assert '<html lang="fr"' in home
    assert "Bienvenue, Alice Martin" in home
    assert 'aria-label="Menu principal"' in home
    assert "Se déconnecter" in home
    assert "Welcome, Alice Martin" not in home and "Sign out" not in home
    # The switcher names each language in that language, so anyone can find theirs.
    assert '<option value="en" lang="en">English</option>' in home
    assert '<option value="fr" lang="fr" selected>Français</option>' in home

    directory = _page(member_client, reverse("members:directory"))
    assert "Trouvez des membres par nom, compétences, lieu, langue et plus encore." in directory
    assert "Rechercher par nom" in directory
    assert "Search by name" not in directory

    group_page = _page(member_client, group.get_absolute_url())
    assert "Gestion du groupe" in group_page
    assert "Modifier le groupe" in group_page
    assert "1 membre" in group_page
    assert "Running the group" not in group_page and "Edit the group" not in group_page


@pytest.mark.django_db
def test_a_member_who_prefers_english_keeps_english(member: User, member_client: Client) -> None:
    # The member's language is recorded at sign-up from the network's default at the
    # time; no action changes it afterwards, so the test sets it as sign-up would have.
    User.objects.filter(pk=member.pk).update(language="en")

    response = member_client.get(reverse("home"))
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in page
    assert "Welcome, Alice Martin" in page and "Bienvenue" not in page
    directory = _page(member_client, reverse("members:directory"))
    assert "Find members by name, skills, place, language and more." in directory


@pytest.mark.django_db
def test_the_footer_switcher_overrides_the_network_default(member_client: Client) -> None:
    response = member_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}
    )
    assert response.status_code == 302
    page = _page(member_client, reverse("home"))
    assert "Welcome, Alice Martin" in page and "Bienvenue" not in page


@pytest.mark.django_db
def test_visitors_see_the_sign_in_page_in_french(network, client: Client) -> None:
    page = _page(client, reverse("landing"))
    assert '<html lang="fr"' in page
    assert "Se connecter" in page


# --- realtime ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_a_push_reaches_each_socket_in_its_language(network, make_member) -> None:
    owner = await database_sync_to_async(make_member)("Olivia Owner")
    french_reader = await database_sync_to_async(make_member)("Bea Lecture")
    english_reader = await database_sync_to_async(make_member)("Chris Reader")
    await database_sync_to_async(User.objects.filter(pk=english_reader.pk).update)(language="en")
    french_socket = await open_socket(french_reader, resume_after="now")
    english_socket = await open_socket(english_reader, resume_after="now")

    group = await amake_group(owner, privacy="open", name="Atelier vélo")
    french = await receive(french_socket)
    english = await receive(english_socket)

    assert french["type"] == english["type"] == "activity"
    assert french["id"] == english["id"]
    assert f"/groups/{group.slug}/" in french["html"]
    assert "<strong>Olivia Owner</strong> a créé le groupe." in french["html"]
    assert "<strong>Olivia Owner</strong> created the group." in english["html"]
    await french_socket.disconnect()
    await english_socket.disconnect()
