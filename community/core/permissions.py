"""Network-level permissions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def is_network_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_network_admin)


def check_network_admin(user) -> None:
    if not is_network_admin(user):
        raise PermissionDenied(_("Only network admins may do this."))


def network_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first, then 403 for anyone who is not a network admin."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_network_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)
