"""The Redis pub/sub channel layer with bounded per-consumer queues and loud failures.

``channels_redis.pubsub.RedisPubSubChannelLayer`` gives every consumer an
unbounded ``asyncio.Queue``, and when its Redis connection breaks it logs,
reconnects and re-subscribes *silently*: whatever was published meanwhile is
gone and nobody is told. Entraide promises that no event is lost, so this
layer changes three things and keeps the rest (one PUBLISH per group message
whatever the audience size):

* **Bounded queues.** Each consumer's queue holds at most ``capacity``
  messages (``REALTIME_QUEUE_CAPACITY``). When a message arrives for a full
  queue, the backlog is dropped and replaced by one ``realtime.overflow``
  message: the consumer tells its socket ``{"type": "reset"}`` and the client
  reloads its feed. Memory per slow consumer is bounded and nothing is lost
  silently.
* **Failures are announced.** When the subscriber connection to Redis fails
  (server stopped, connection cut, a failed SUBSCRIBE), the shard drops its
  connection and puts a ``realtime.layer_down`` message in every local
  consumer's queue: the consumers close their sockets (code 4503), the
  clients reconnect with backoff and ``resume`` fills the gap from
  PostgreSQL. The subscriber connection never retries on its own, so a quick
  Redis restart cannot hide a gap.
* **Short timeouts.** Connecting and publishing give up after about a
  second, so a request whose ``on_commit`` publishes while Redis is down is
  not held up (the publisher logs and goes on: ``realtime.publish``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _close_redis, _wrap_close, create_pool
from redis import asyncio as aioredis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

OVERFLOW = "realtime.overflow"
LAYER_DOWN = "realtime.layer_down"

DEFAULT_CAPACITY = 100
CONNECTION_DEFAULTS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "socket_keepalive": True,
    # A PING on an idle subscriber connection every few seconds notices a cut
    # connection (no RST) instead of waiting for TCP keepalive.
    "health_check_interval": 5,
    # A cut connection (no RST) is noticed within seconds, not hours.
    "socket_keepalive_options": {
        option: value
        for option, value in (
            (getattr(socket, "TCP_KEEPIDLE", None), 5),
            (getattr(socket, "TCP_KEEPINTVL", None), 2),
            (getattr(socket, "TCP_KEEPCNT", None), 3),
            (getattr(socket, "TCP_USER_TIMEOUT", None), 10_000),
        )
        if option is not None
    },
}


class LayerUnavailable(Exception):
    """Redis could not be reached: the consumer should close and let the client retry."""


class BoundedQueue(asyncio.Queue):
    """A consumer's queue: at most ``capacity`` messages, then one overflow marker."""

    def __init__(self, capacity: int, markers: dict[str, bytes]) -> None:
        super().__init__()
        self.capacity = capacity
        self.markers = markers
        self.dropped = 0

    def _drain(self) -> int:
        dropped = 0
        while not self.empty():
            self.get_nowait()
            dropped += 1
        return dropped

    def put_nowait(self, item) -> None:
        if self.qsize() >= self.capacity:
            dropped = self._drain()
            self.dropped += dropped
            logger.warning(
                "realtime: a consumer fell %s messages behind; its socket gets a reset", dropped
            )
            super().put_nowait(self.markers[OVERFLOW])
            return
        super().put_nowait(item)

    def put_marker(self, name: str) -> None:
        """Replace whatever is queued by one control marker (layer down)."""
        self._drain()
        super().put_nowait(self.markers[name])


class BoundedShardConnection(RedisSingleShardConnection):
    """One Redis host: a publishing client and a subscriber that fails loudly."""

    def __init__(self, host: dict, channel_layer: BoundedLoopLayer) -> None:
        super().__init__({**CONNECTION_DEFAULTS, **host}, channel_layer)
        self._sub_redis = None
        self.generation = 0

    def _ensure_redis(self) -> None:
        if self._redis is None:
            # Publishing may retry once at once (a stale pooled connection after
            # a Redis restart); the subscriber never retries by itself.
            self._redis = aioredis.Redis(
                connection_pool=create_pool({**self.host, "retry": Retry(NoBackoff(), 1)})
            )
            self._sub_redis = aioredis.Redis(
                connection_pool=create_pool({**self.host, "retry": Retry(NoBackoff(), 0)})
            )
            self._pubsub = self._sub_redis.pubsub()

    async def subscribe(self, channel: str) -> None:
        async with self._lock:
            if channel in self._subscribed_to:
                return
            try:
                self._ensure_redis()
                self._ensure_receiver()
                await self._pubsub.subscribe(channel)
            except Exception as exc:
                await self._fail(exc)
                raise LayerUnavailable(str(exc)) from exc
            self._subscribed_to.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        async with self._lock:
            if channel not in self._subscribed_to:
                return
            self._subscribed_to.discard(channel)
            try:
                await self._pubsub.unsubscribe(channel)
            except Exception as exc:
                await self._fail(exc)

    async def _do_receiving(self) -> None:
        generation = self.generation
        while True:
            try:
                if self._pubsub is not None and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except Exception as exc:
                if generation == self.generation:
                    async with self._lock:
                        if generation == self.generation:
                            await self._fail(exc, from_receiver=True)
                return

    def _receive_message(self, message) -> None:
        if message is None:
            return
        name = message["channel"]
        data = message["data"]
        if isinstance(name, bytes):
            name = name.decode()
        channels = self.channel_layer.channels
        if name in channels:
            channels[name].put_nowait(data)
        elif name in self.channel_layer.groups:
            for channel_name in self.channel_layer.groups[name]:
                if channel_name in channels:
                    channels[channel_name].put_nowait(data)

    async def _fail(self, exc: BaseException, *, from_receiver: bool = False) -> None:
        """Drop the connection and tell every local consumer (call with the lock held)."""
        self.generation += 1
        logger.warning("realtime: Redis channel layer connection lost (%s)", exc)
        task, self._receive_task = self._receive_task, None
        if task is not None and not from_receiver:
            task.cancel()
        clients = (self._redis, self._sub_redis, self._pubsub)
        self._redis = self._sub_redis = self._pubsub = None
        self._subscribed_to = set()
        for queue in list(self.channel_layer.channels.values()):
            queue.put_marker(LAYER_DOWN)
        for client in clients:
            if client is None:
                continue
            try:
                if isinstance(client, aioredis.Redis):
                    await _close_redis(client)
                else:
                    await client.aclose()
            except Exception:  # closing a broken connection may fail too: nothing to do
                logger.debug("realtime: error while closing a broken Redis client", exc_info=True)

    async def flush(self) -> None:
        async with self._lock:
            if self._receive_task is not None:
                self._receive_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._receive_task
                self._receive_task = None
            for client in (self._pubsub, self._sub_redis, self._redis):
                if client is None:
                    continue
                try:
                    if isinstance(client, aioredis.Redis):
                        await _close_redis(client)
                    else:
                        await client.aclose()
                except Exception:
                    logger.debug("realtime: error while closing Redis", exc_info=True)
            self._redis = self._sub_redis = self._pubsub = None
            self._subscribed_to = set()


class BoundedLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, capacity: int = DEFAULT_CAPACITY, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.capacity = capacity
        self._cleanups: set[asyncio.Task] = set()
        self._shards = [BoundedShardConnection(shard.host, self) for shard in self._shards]
        serialize = self.channel_layer.serialize
        self.markers = {name: serialize({"type": name}) for name in (OVERFLOW, LAYER_DOWN)}

    async def _subscribe_to_channel(self, channel: str) -> None:
        self.channels[channel] = BoundedQueue(self.capacity, self.markers)
        try:
            await self._get_shard(channel).subscribe(channel)
        except LayerUnavailable:
            # Let the consumer start: it finds the marker and closes its socket
            # cleanly instead of crashing inside Channels.
            self.channels[channel].put_marker(LAYER_DOWN)

    async def new_channel(self, prefix: str = "specific.") -> str:
        channel = f"{self.prefix}{prefix}{uuid.uuid4().hex}"
        await self._subscribe_to_channel(channel)
        return channel

    async def receive(self, channel: str):
        """Like the parent, but a consumer going away unsubscribes in the
        background instead of waiting for the shard inside its cancellation."""
        if channel not in self.channels:
            await self._subscribe_to_channel(channel)
        queue = self.channels[channel]
        try:
            message = await queue.get()
        except (TimeoutError, asyncio.CancelledError, GeneratorExit):
            if self.channels.get(channel) is queue:
                del self.channels[channel]
                task = asyncio.ensure_future(self._get_shard(channel).unsubscribe(channel))
                self._cleanups.add(task)
                task.add_done_callback(self._cleanups.discard)
            raise
        return self.channel_layer.deserialize(message)

    async def group_add(self, group: str, channel: str) -> None:
        """Like the parent, but a failed SUBSCRIBE raises ``LayerUnavailable``."""
        await super().group_add(group, channel)

    async def group_discard(self, group: str, channel: str) -> None:
        try:
            await super().group_discard(group, channel)
        except Exception:  # the shard already announced the failure
            logger.debug("realtime: group_discard failed", exc_info=True)


class BoundedRedisPubSubChannelLayer(RedisPubSubChannelLayer):
    """``RedisPubSubChannelLayer`` with bounded queues and announced failures.

    Settings: ``CONFIG = {"hosts": [...], "prefix": ..., "capacity": 100}``.
    """

    def __init__(self, *args, capacity: int = DEFAULT_CAPACITY, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.capacity = capacity

    def _get_layer(self) -> BoundedLoopLayer:
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = BoundedLoopLayer(
                *self._args, capacity=self.capacity, channel_layer=self, **self._kwargs
            )
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer
