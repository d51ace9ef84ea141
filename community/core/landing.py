"""What the front door shows visitors: sections the apps above register.

The landing page (``core.views.landing``) belongs to the bottom layer, and
what an association does lives in the apps above it (groups, projects,
articles, later events). Each of those registers a section here from its
``AppConfig.ready``: a heading, the template of one item, a "see all" link,
and a function that picks the items *for the viewer of the request*, through
that app's own selectors (and so the visibility rule). A section with no
item is not shown; a private network's visitor gets none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise

SECTION_SIZE = 6


@dataclass(frozen=True)
class LandingSection:
    key: str
    heading: str | Promise
    item_template: str
    more_url: str  # a URL name: the page that lists them all
    more_label: str | Promise
    items: Callable[[HttpRequest, int], Sequence]  # (request, size) -> what the viewer may see
    order: int = 50
    list_class: str = ""


_SECTIONS: dict[str, LandingSection] = {}


def register_landing_section(section: LandingSection) -> None:
    _SECTIONS[section.key] = section


def landing_sections(request: HttpRequest) -> list[tuple[LandingSection, Sequence]]:
    """The registered sections with something to show, in order, with their items."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        items = section.items(request, SECTION_SIZE)
        if items:
            shown.append((section, items))
    return shown
