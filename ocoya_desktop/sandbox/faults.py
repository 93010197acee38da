"""Fault switches that make the sandbox misbehave the way a real server sometimes does."""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from typing import Any


class ConnectionDropped(BaseException):
    """Raised by the sandbox app to close the connection without sending any response.

    It derives from ``BaseException`` so that Starlette's error middleware, which catches
    ``Exception``, does not turn it into a 500 response. ``SandboxTransport`` turns it into
    ``httpx.RemoteProtocolError``, and the uvicorn protocol in ``server.py`` closes the socket.
    """


@dataclass
class Faults:
    """Switches read on every Ocoya API request; tests and ``/_sandbox/faults`` change them live.

    ``latency_seconds`` delays each request, ``error_rate`` is the probability (0 to 1) of a
    random 500 with a JSON body, ``force_429`` rejects every request as over the rate limit,
    ``html_500`` fails every request with a 500 HTML page, ``malformed_json`` cuts the body
    of successful GET responses in half, ``drop_after_create`` stores a post created by
    ``POST /post`` or ``POST /post/ai`` and then drops the connection, and ``seed`` makes the
    random errors repeatable.
    """

    latency_seconds: float = 0
    error_rate: float = 0
    force_429: bool = False
    html_500: bool = False
    malformed_json: bool = False
    drop_after_create: bool = False
    seed: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the switches as a JSON object."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def update_from_json(self, data: object) -> None:
        """Set the switches named in ``data``, validating every value before changing any.

        Raises ``ValueError`` with a message naming the field when a name or value is invalid.
        """
        if not isinstance(data, dict):
            raise ValueError("The fault settings must be a JSON object, for example {}.")

        changes: dict[str, Any] = {}
        for name, value in data.items():
            changes[name] = _validated_switch(name, value)

        for name, value in changes.items():
            setattr(self, name, value)


_FLAG_NAMES = ("force_429", "html_500", "malformed_json", "drop_after_create")


def _validated_switch(name: object, value: object) -> Any:
    if name in _FLAG_NAMES:
        if not isinstance(value, bool):
            raise ValueError(f"Fault switch {name} must be true or false, not {value!r}.")
        return value

    if name == "latency_seconds":
        return _number_in_range(name, value, 0.0, 60.0)

    if name == "error_rate":
        return _number_in_range(name, value, 0.0, 1.0)

    if name == "seed":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"Fault switch seed must be an integer or null, not {value!r}.")
        return value

    known = ", ".join(field.name for field in fields(Faults))
    raise ValueError(f"Unknown fault switch {name!r}; the known switches are: {known}.")


def _number_in_range(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(
            f"Fault switch {name} must be a number from {low:g} to {high:g}, not {value!r}."
        )
    return float(value)


class FaultRandom:
    """Random numbers for ``Faults.error_rate``, reseeded whenever ``Faults.seed`` changes."""

    def __init__(self) -> None:
        self._seed: int | None = None
        self._random = random.Random()

    def chance(self, faults: Faults) -> float:
        """Return the next number in [0, 1) from the generator seeded with ``faults.seed``."""
        if faults.seed is not None and faults.seed != self._seed:
            self._seed = faults.seed
            self._random.seed(faults.seed)
        return self._random.random()
