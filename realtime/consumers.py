"""The one websocket endpoint, ``/ws/stream/`` (protocol: realtime/README.md)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.activity.visibility import audiences_for, is_active_member, user_audience
from realtime.publish import channel_group_name


class StreamConsumer(AsyncJsonWebsocketConsumer):
    """Joins the channel groups of the viewer's audiences and relays what they carry.

    Subscriptions come only from ``audiences_for``: the client cannot ask to
    join anything. Signed-in active members are accepted; anonymous visitors
    only on a public network, for the public audience.
    """

    async def connect(self) -> None:
        user = self.scope.get("user")
        audiences = await database_sync_to_async(self._audiences)(user)
        if not audiences:
            await self.close(code=4403)
            return
        self.groups = [channel_group_name(audience) for audience in sorted(audiences)]
        for group in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    @staticmethod
    def _audiences(user) -> frozenset[str]:
        audiences = audiences_for(user)
        if is_active_member(user):
            audiences |= {user_audience(user.pk)}
        return audiences

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
