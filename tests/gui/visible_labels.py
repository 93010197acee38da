"""Read what a widget shows in its labels, as a user sees it, and the editor's reason lines."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

# The editor's reason line when the problems are written out above it.
SCHEDULE_OFF = "Schedule is off: fix the problems marked in red above."
SAVING_OFF = "Saving and scheduling are off: fix the problems marked in red above."


def count_in_visible_labels(widget: QWidget, text: str) -> int:
    """Return how often ``text`` occurs in the visible labels inside ``widget``."""
    return sum(
        label.text().count(text) for label in widget.findChildren(QLabel) if label.isVisible()
    )
