"""Request-wide network state: the configuration row, the language, and the
walled garden of a private network."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from community.core.health import health_response
from community.core.input import control_characters_in
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


class ControlCharactersMiddleware:
    """Answers 400 — a small translated page, nothing read or written — for a
    request with a control character where none belongs (``core.input``): in
    its address, a form field, a JSON body, a cookie or a header. First in the
    stack, before the session (whose key is looked up in the database) and
    every view, so PostgreSQL never sees a NUL byte."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = control_characters_in(request)
        if where is None:
            return self.get_response(request)
        # The language cookie if it names a language, else the network's default
        # (the member's own language would need the session, read from the request).
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = get_network().default_language
        with translation.override(language):
            reasons = {
                "address": _(
                    "The address contains a control character (such as a NUL byte), "
                    "which is not allowed."
                ),
                "form": _(
                    "The form contains a control character (such as a NUL byte), "
                    "which is not allowed. Remove it and send the form again."
                ),
                "headers": _(
                    "A cookie or header of this request contains a control character "
                    "(such as a NUL byte), which is not allowed. Deleting this site's "
                    "cookies in your browser may help."
                ),
            }
            body = render_to_string(
                "400.html", {"reason": reasons[where], "LANGUAGE_CODE": language}
            )
        response = HttpResponseBadRequest(body)
        response["Content-Language"] = language
        return response


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
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            response = health_response()
            add_never_cache_headers(response)
            return response
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
