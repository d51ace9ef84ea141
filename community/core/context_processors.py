from __future__ import annotations

from django.http import HttpRequest

from community.core.network import get_network
from community.core.themes import theme_css


def network(request: HttpRequest) -> dict:
    current = getattr(request, "network", None) or get_network()
    return {
        "network": current,
        "theme_css": theme_css(
            theme=current.theme, primary=current.primary_color, accent=current.accent_color
        ),
    }
