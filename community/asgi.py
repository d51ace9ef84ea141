"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from realtime.middleware import (  # noqa: E402
    ControlCharactersGuard,
    DatabaseOutageGuard,
    HandshakeLimiter,
)
from realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # HandshakeLimiter sheds load during reconnect storms; ControlCharactersGuard
        # refuses a NUL in the cookies before the session is loaded; DatabaseOutageGuard
        # closes with 4503 when the session cannot be read (realtime/middleware.py).
        "websocket": AllowedHostsOriginValidator(
            HandshakeLimiter(
                ControlCharactersGuard(
                    DatabaseOutageGuard(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
                )
            )
        ),
    }
)
