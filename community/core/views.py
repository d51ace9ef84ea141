from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.core import actions
from community.core.forms import NetworkSettingsForm
from community.core.health import health_response
from community.core.landing import landing_sections
from community.core.media import is_private_media, serve_media_file
from community.core.network import network_exists
from community.core.pages import form_page
from community.core.permissions import network_admin_required
from community.core.themes import THEMES, contrast_warnings


def landing(request: HttpRequest) -> HttpResponse:
    """The front door for visitors; members go straight to their home."""
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "core/landing.html", {"sections": landing_sections(request)})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@network_admin_required
def network_settings(request: HttpRequest) -> HttpResponse:
    if not network_exists():
        messages.error(request, _("Run “python manage.py spinup” to create the network first."))
        return redirect("home")
    network = request.network

    def saved(network) -> None:
        messages.success(request, _("Network settings saved."))
        for warning in contrast_warnings(
            theme=network.theme, primary=network.primary_color, accent=network.accent_color
        ):
            messages.warning(request, warning)

    # A form with errors has already put its valid values on ``network`` (the
    # ModelForm's instance): the warnings shown with it are about those.
    return form_page(
        request,
        NetworkSettingsForm,
        template="core/network_settings.html",
        form_kwargs={"instance": network},
        context=lambda form: {
            "themes": THEMES.values(),
            "contrast_warnings": contrast_warnings(
                theme=network.theme, primary=network.primary_color, accent=network.accent_color
            ),
        },
        action=lambda form: actions.update_network(admin=request.user, changes=form.cleaned_data),
        success=saved,
        redirect_to="core:network_settings",
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return health_response()


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve uploaded files. Branding (``network/``) is public; the rest needs a
    signed-in member on a private network (``core.middleware``); post images,
    group pictures and project covers only through their own views. The
    decision is taken on the file that would be served (``media_file``: normal
    spelling only, links resolved), not on the raw address."""
    if is_private_media(path):
        raise Http404
    return serve_media_file(path)
