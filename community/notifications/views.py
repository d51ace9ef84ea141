"""The notifications page, opening one, marking read (htmx and plain forms).

Reading never changes state: the page and a GET on a notification's address
(old links, e-mails) only show or redirect; opening an unread one from the
page is a POST (a button), which marks it read and then redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.core.redirects import next_url
from community.notifications import actions, selectors


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = selectors.notifications_page(viewer=request.user, page=request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Lead to what the notification is about (404 if the reader may no longer
    see it). Only a POST, the page's button, marks it read on the way; a GET
    changes nothing."""
    item = selectors.notification_for(viewer=request.user, pk=pk)
    if request.method == "POST":
        actions.mark_read(user=request.user, notification_id=item.pk)
    return redirect(item.link)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    actions.mark_read(user=request.user, notification_id=pk)
    if request.htmx:
        item = selectors.notification_for(viewer=request.user, pk=pk, available_only=False)
        return render(request, "notifications/_item.html", {"item": item, "oob_count": True})
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = actions.mark_all_read(user=request.user)
    if request.htmx:
        page = selectors.notifications_page(viewer=request.user, page=request.POST.get("page"))
        return render(request, "notifications/_list.html", {"page": page, "oob_count": True})
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(next_url(request, reverse("notifications:list")))
