"""Writes to the network configuration."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from community.core import live
from community.core.audiences import PUBLIC
from community.core.models import Network
from community.core.permissions import check_network_admin

# What the settings page and the admin may change, in the order the form shows it.
NETWORK_FIELDS = (
    "name",
    "tagline",
    "about",
    "logo",
    "favicon",
    "theme",
    "primary_color",
    "accent_color",
    "default_language",
    "registration_mode",
    "visibility",
    "group_creation",
    "terms_text",
    "privacy_text",
)
FILE_FIELDS = {"logo", "favicon"}


@transaction.atomic
def create_network(**fields: Any) -> Network:
    """Create the network (once). Raises ``ValueError`` if it already exists."""
    if Network.objects.filter(pk=1).exists():
        raise ValueError("The network already exists.")
    network = Network(pk=1, **_only_network_fields(fields))
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def update_network(*, admin, changes: dict[str, Any]) -> Network:
    """Apply validated ``changes`` (a settings form's cleaned data) as a network admin.

    File fields follow Django's form convention: ``None`` keeps the current
    file, ``False`` removes it, a file replaces it.
    """
    check_network_admin(admin)
    network = Network.objects.select_for_update().get(pk=1)
    was_public = network.is_public
    for name, value in _only_network_fields(changes).items():
        if name in FILE_FIELDS:
            if value is None:
                continue
            if value is False:
                getattr(network, name).delete(save=False)
                value = ""
        setattr(network, name, value)
    network.full_clean()
    network.save()
    if was_public and not network.is_public:
        # Visitors' open sockets re-check, find they may no longer listen, and close.
        live.audience_changed(PUBLIC)
    return network


def _only_network_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields).difference(NETWORK_FIELDS)
    if unknown:
        raise TypeError(f"Not network settings: {', '.join(sorted(unknown))}")
    return dict(fields)
