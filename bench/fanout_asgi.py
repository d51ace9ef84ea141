"""ASGI application for bench/fanout.py only (never routed in production).

The project's HTTP and ``/ws/stream/`` as in production, plus:

* ``/ws/relay/`` — the floor: a bare Channels consumer that joins one group and
  relays each ``group_send`` to its socket (same server, same layer);
* ``POST /bench/post/`` — the author posts in the benchmark group through the
  real action, ``community.posts.actions.create_post`` (transaction, post and
  activity rows in PostgreSQL, ``publish_activity`` on commit), and answers the
  activity's id and the commit time;
* ``POST /bench/relay/`` — one ``group_send`` to the relay group with a payload
  of the given size, answering the send time.
"""

from __future__ import annotations

import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from bench.fanout import post_body  # noqa: E402
from community import urls  # noqa: E402
from community.activity.models import Activity  # noqa: E402
from community.groups.models import Group  # noqa: E402
from community.members.models import User  # noqa: E402
from community.posts.actions import create_post  # noqa: E402
from realtime.consumers import StreamConsumer  # noqa: E402
from realtime.middleware import HandshakeLimiter  # noqa: E402

RELAY_GROUP = "bench.relay"
TOKEN = os.environ.get("BENCH_TOKEN", "")


class RelayConsumer(AsyncWebsocketConsumer):
    groups = [RELAY_GROUP]

    async def relay_message(self, event: dict) -> None:
        await self.send(text_data=event["text"])


def _allowed(request: HttpRequest) -> bool:
    return bool(TOKEN) and request.headers.get("X-Bench-Token") == TOKEN


@csrf_exempt
def bench_post(request: HttpRequest) -> JsonResponse:
    if not _allowed(request):
        return JsonResponse({}, status=403)
    group = Group.objects.get(slug="fanout")
    author = User.objects.get(email="fanout-author@example.org")
    stamp = {}
    with transaction.atomic():
        # Registered before create_post's own on_commit (publish_activity): the commit time.
        transaction.on_commit(lambda: stamp.setdefault("t", time.time()))
        post = create_post(author=author, group=group, body=post_body(int(request.POST["n"])))
    activity = Activity.objects.only("pk").get(
        verb="posted",
        target_type__app_label="posts",
        target_type__model="post",
        target_id=post.pk,
    )
    return JsonResponse({"id": activity.pk, "post": post.pk, "t": stamp["t"]})


@csrf_exempt
def bench_relay(request: HttpRequest) -> JsonResponse:
    if not _allowed(request):
        return JsonResponse({}, status=403)
    number = int(request.POST["id"])
    size = int(request.POST.get("size", "700"))
    text = json.dumps({"type": "activity", "id": number, "html": "x" * size})
    sent = time.time()
    async_to_sync(get_channel_layer().group_send)(
        RELAY_GROUP, {"type": "relay.message", "text": text}
    )
    return JsonResponse({"id": number, "t": sent})


urls.urlpatterns += [path("bench/post/", bench_post), path("bench/relay/", bench_relay)]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            HandshakeLimiter(
                AuthMiddlewareStack(
                    URLRouter(
                        [
                            path("ws/stream/", StreamConsumer.as_asgi()),
                            path("ws/relay/", RelayConsumer.as_asgi()),
                        ]
                    )
                )
            )
        ),
    }
)
