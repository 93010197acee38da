"""Typed reads from decoded JSON that raise InvalidResponseError on the wrong shape.

Missing or null optional fields give the default. A present field of the wrong type is an
error, because it means the service changed in a way the app should not guess about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from ._dates import parse_api_datetime
from ._errors import InvalidResponseError

T = TypeVar("T")


def expect_list(data: object, where: str) -> list[object]:
    if not isinstance(data, list):
        raise InvalidResponseError(f"{where}: expected a JSON array, got {_kind(data)}")
    return data


def parse_list(data: object, where: str, parse_item: Callable[[JsonObject], T]) -> list[T]:
    """Parse a JSON array of objects with `parse_item`, naming the failing index."""
    items = expect_list(data, where)
    return [parse_item(JsonObject(item, f"{where}[{index}]")) for index, item in enumerate(items)]


class JsonObject:
    """A decoded JSON object read field by field; `where` names it in error messages."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise InvalidResponseError(f"{where}: expected a JSON object, got {_kind(data)}")
        self._data: dict[str, object] = data
        self.where = where

    def __contains__(self, name: str) -> bool:
        return self._data.get(name) is not None

    def required_str(self, name: str) -> str:
        value = self._data.get(name)
        if not isinstance(value, str):
            raise self._wrong(name, "a string", value)
        return value

    def optional_str(self, name: str) -> str | None:
        value = self._data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._wrong(name, "a string", value)
        return value

    def optional_bool(self, name: str) -> bool | None:
        value = self._data.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self._wrong(name, "true or false", value)
        return value

    def optional_datetime(self, name: str) -> datetime | None:
        text = self.optional_str(name)
        if text is None:
            return None
        try:
            return parse_api_datetime(text)
        except ValueError as error:
            raise InvalidResponseError(f"{self.where}.{name}: {error}") from error

    def str_tuple(self, name: str) -> tuple[str, ...]:
        value = self._data.get(name)
        if value is None:
            return ()
        items = expect_list(value, f"{self.where}.{name}")
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self._wrong(f"{name}[{index}]", "a string", item)
        return tuple(str(item) for item in items)

    def object_list(self, name: str, parse_item: Callable[[JsonObject], T]) -> tuple[T, ...]:
        value = self._data.get(name)
        if value is None:
            return ()
        return tuple(parse_list(value, f"{self.where}.{name}", parse_item))

    def child(self, name: str) -> JsonObject | None:
        value = self._data.get(name)
        if value is None:
            return None
        return JsonObject(value, f"{self.where}.{name}")

    def _wrong(self, name: str, expected: str, value: object) -> InvalidResponseError:
        return InvalidResponseError(f"{self.where}.{name}: expected {expected}, got {_kind(value)}")


def _kind(value: object) -> str:
    """Name a decoded JSON value's type without echoing its content."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
