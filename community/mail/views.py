from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.permissions import network_admin_required
from community.mail import actions, selectors
from community.mail.models import OutgoingEmail


@network_admin_required
def failed(request: HttpRequest) -> HttpResponse:
    """The e-mails the worker gave up on, for network admins to retry."""
    page = Paginator(selectors.failed_emails(), 50).get_page(request.GET.get("page"))
    return render(request, "mail/failed.html", {"page": page})


@require_POST
@network_admin_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(OutgoingEmail, pk=pk)
    actions.retry_email(admin=request.user, email=email)
    messages.success(request, _("The e-mail will be sent again in a moment."))
    return redirect("mail:failed")
