"""Access to the network configuration (a single row)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from community.core.models import Network, Visibility


def get_network() -> Network:
    """The saved network, or an unsaved default before ``spinup`` has run."""
    network = Network.objects.filter(pk=1).first()
    if network is None:
        network = Network(pk=1, name=_("Entraide"), visibility=Visibility.PRIVATE)
    return network


def network_exists() -> bool:
    return Network.objects.filter(pk=1).exists()
