"""Test environment shared by every test: offscreen Qt, no real user folders."""

from __future__ import annotations

import os

# Set before any test module imports Qt, so no test needs extra variables.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
