"""The project's ASGI application plus one test-only URL, for daphne subprocesses.

``POST /__test__/record-activity/`` records an activity for the signed-in
member through ``record_activity`` (the real write path: transaction, row in
PostgreSQL, push on commit). It lives here, never in the production URLs;
the two-process test uses it until posts give it a real action to call.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from community import asgi, urls  # noqa: E402
from community.activity.actions import record_activity  # noqa: E402


@csrf_exempt
@login_required
def record_activity_view(request: HttpRequest) -> JsonResponse:
    with transaction.atomic():
        activity = record_activity(
            actor=request.user,
            verb=request.POST.get("verb", "updated_profile"),
            target=request.user,
            audience=request.POST.get("audience", "members"),
        )
    return JsonResponse({"id": activity.pk})


urls.urlpatterns.append(path("__test__/record-activity/", record_activity_view))

application = ProtocolTypeRouter(
    {"http": django_asgi_app, "websocket": asgi.application.application_mapping["websocket"]}
)
