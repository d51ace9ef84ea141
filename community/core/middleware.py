"""Request-wide network state: the configuration row, the language, and the
walled garden of a private network."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from community.core.network import get_network

# Paths an anonymous visitor may open on a private network: the front door
# (landing, sign-in/up, password reset, e-mail confirmation, invitations), the
# branding files, static assets, the health probe and the RSS/Atom feeds (which
# answer 404 themselves on a private network).
PRIVATE_NETWORK_OPEN_PREFIXES = (
    "/accounts/",
    "/invitations/",
    "/static/",
    "/media/network/",
    "/healthz",
    "/i18n/",
    "/favicon.ico",
    "/feeds/",  # RSS/Atom: public content only, and 404 on a private network (activity.feeds)
)


class HealthCheckMiddleware:
    """Answers ``/healthz`` before the middleware below reads the database (the
    network row, the session): during an outage the probe gets its 503 JSON
    naming what is down, not the error of a middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.path is None:
            self.path = reverse("healthz")
        if request.path_info == self.path:
            from community.core.views import healthz

            return healthz(request)
        return self.get_response(request)


class NetworkMiddleware:
    """Loads the network once per request and activates its language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.network = get_network()
        user = getattr(request, "user", None)
        language = (
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            or (user.language if user is not None and user.is_authenticated else "")
            or request.network.default_language
        )
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateNetworkMiddleware:
    """On a private network, anonymous visitors only reach the front door."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.user.is_authenticated
            and not request.network.is_public
            and request.path != "/"
            and not request.path.startswith(PRIVATE_NETWORK_OPEN_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
