from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"

    def ready(self) -> None:
        from community.core import live
        from realtime import publish, signals

        # The apps publish through community.core.live; this process sends
        # through the channel layer (realtime/publish.py).
        live.install_transport(publish)
        signals.connect()
