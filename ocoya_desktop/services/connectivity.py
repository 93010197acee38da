"""Whether Ocoya can be reached, from request failures and a light probe while offline (no Qt).

``ReachabilityTransport`` sits under the API client and reports through ``ConnectionEvents``
whether each request reached the server. A connection failure (or any ``NetworkError``
reported to the monitor) marks the app offline. While offline, ``run`` probes Ocoya
(``GET /me`` in the app) every ``PROBE_INTERVAL_SECONDS``. The first probe or request that
gets any HTTP response marks it online again. Nothing is probed while online.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import httpx

from ocoya_desktop.api import NetworkError, OcoyaError

logger = logging.getLogger(__name__)

PROBE_INTERVAL_SECONDS = 15.0

Probe = Callable[[], Awaitable[object]]
Sleep = Callable[[float], Awaitable[None]]
Listener = Callable[[bool], None]
ReachListener = Callable[[bool, str], None]


class ConnectionEvents:
    """Passes each request's outcome (reached the server or not) on to its listeners."""

    def __init__(self) -> None:
        self._listeners: list[ReachListener] = []

    def subscribe(self, listener: ReachListener) -> Callable[[], None]:
        """Call ``listener(reached, reason)`` after each request; return the unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def report(self, reached: bool, reason: str = "") -> None:
        """Tell every listener whether a request reached the server, and why not."""
        for listener in list(self._listeners):
            listener(reached, reason)


class ReachabilityTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner`` and reports to ``events`` whether each reached the server.

    Only a failure to connect counts as unreachable. A dropped or timed-out response came
    from a server that was reached, so it does not show that the connection is down.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, events: ConnectionEvents) -> None:
        self._inner = inner
        self._events = events

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            self._events.report(False, str(error) or type(error).__name__)
            raise
        self._events.report(True)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def is_network_failure(error: BaseException) -> bool:
    """Return whether ``error`` means that Ocoya could not be reached at all."""
    if isinstance(error, NetworkError):
        return True
    # A wrapper such as the delivery service's uncertain outcome keeps the original error.
    cause = getattr(error, "cause", None)
    return isinstance(cause, NetworkError)


class ConnectivityMonitor:
    """Tracks whether the app is online and probes the service while it is not.

    ``probe`` sends one cheap request; it raises ``NetworkError`` while the service cannot be
    reached. ``sleep`` is injectable so tests run the probe loop without waiting.
    """

    def __init__(
        self,
        probe: Probe,
        *,
        interval_seconds: float = PROBE_INTERVAL_SECONDS,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._probe = probe
        self._interval = interval_seconds
        self._sleep = sleep
        self._online = True
        self._offline_event = asyncio.Event()
        self._listeners: list[Listener] = []

    @property
    def online(self) -> bool:
        """Whether the last request or probe reached the service."""
        return self._online

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(online)`` each time the state changes."""
        self._listeners.append(listener)

    def report_error(self, error: BaseException) -> None:
        """Note a failed request; only a network failure marks the app offline."""
        if is_network_failure(error):
            self._set_online(False, reason=str(error))
        elif isinstance(error, OcoyaError):
            # Any other error came with, or after, an HTTP response: the service is reachable.
            self._set_online(True)

    def report_success(self) -> None:
        """Note a request that got a response."""
        self._set_online(True)

    def report_reach(self, reached: bool, reason: str = "") -> None:
        """Note a request's outcome as ``ConnectionEvents`` reports it."""
        if reached:
            self.report_success()
        else:
            self._set_online(False, reason=reason)

    async def run(self) -> None:
        """Probe every interval while offline, until cancelled."""
        while True:
            if self._online:
                self._offline_event.clear()
                await self._offline_event.wait()
            await self._sleep(self._interval)
            if self._online:
                continue
            await self.probe_now()

    async def probe_now(self) -> bool:
        """Send one probe and return whether the service was reached."""
        try:
            await self._probe()
        except OcoyaError as error:
            self.report_error(error)
            logger.debug("Connectivity probe failed: %s", error)
        else:
            self.report_success()
        return self._online

    def _set_online(self, online: bool, *, reason: str = "") -> None:
        if online == self._online:
            return
        self._online = online
        if online:
            logger.info("Ocoya can be reached again")
        else:
            logger.warning("Ocoya cannot be reached; working offline: %s", reason)
            self._offline_event.set()
        for listener in list(self._listeners):
            listener(online)
