"""The settings interface that controllers, dialogs and the main window are given."""

from __future__ import annotations

from typing import Any, Protocol


class SettingsStore(Protocol):
    """The part of ``storage.settings.Settings`` the UI uses: read and write one setting.

    ``set`` validates the value against the settings schema and writes the file, so it can
    raise ``storage.settings.SettingsError``.
    """

    def get(self, name: str) -> Any: ...

    def set(self, name: str, value: Any) -> None: ...
