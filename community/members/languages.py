"""The languages members can say they speak (ISO 639 codes, translated names),
and the site language a member reads and receives mail in (``language_for``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from community.core.network import get_network

if TYPE_CHECKING:
    from community.members.models import User

SPOKEN_LANGUAGES: list[tuple[str, object]] = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("kab", _("Kabyle")),
    ("ber", _("Berber (Tamazight)")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("nl", _("Dutch")),
    ("el", _("Greek")),
    ("sq", _("Albanian")),
    ("sr", _("Serbian")),
    ("hy", _("Armenian")),
    ("ka", _("Georgian")),
    ("fa", _("Persian")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish")),
    ("he", _("Hebrew")),
    ("hi", _("Hindi")),
    ("ur", _("Urdu")),
    ("bn", _("Bengali")),
    ("ta", _("Tamil")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("km", _("Khmer")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("wo", _("Wolof")),
    ("bm", _("Bambara")),
    ("ln", _("Lingala")),
    ("sw", _("Swahili")),
    ("ff", _("Fula")),
    ("mg", _("Malagasy")),
    ("ht", _("Haitian Creole")),
    ("br", _("Breton")),
    ("oc", _("Occitan")),
    ("eu", _("Basque")),
    ("ca", _("Catalan")),
    ("co", _("Corsican")),
    ("lsf", _("French Sign Language")),
]
LANGUAGE_NAMES: dict[str, object] = dict(SPOKEN_LANGUAGES)


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def site_languages() -> dict[str, str]:
    """The languages the site is offered in (``settings.LANGUAGES``), by code."""
    return {code: str(name) for code, name in settings.LANGUAGES}


def other_site_languages() -> dict[str, str]:
    """The site languages besides ``settings.LANGUAGE_CODE``, the language of a
    skill's or category's ``name``: each has its own name in ``names``."""
    return {code: name for code, name in site_languages().items() if code != settings.LANGUAGE_CODE}


def language_for(user: User) -> str:
    """The language to use for ``user``: their stored choice (``User.language``),
    else the network's default. The one place other apps ask, e.g. for e-mails."""
    available = site_languages()
    if user.language in available:
        return user.language
    language = get_network().default_language
    return language if language in available else settings.LANGUAGE_CODE
