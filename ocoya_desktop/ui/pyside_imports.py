"""Keep PySide6 from reading the source of every module imported after it.

PySide6 replaces ``builtins.__import__`` to support its opt-in ``from __feature__ import
snake_case, true_property``. After each later import it calls
``PySide6.support.feature._mod_uses_pyside``, which reads and tokenizes the whole source
file (``inspect.getsource``) to decide whether the module may select features. With
PySide6 6.11.3 on the 2-core benchmark machine, importing the app and its demo sandbox after
PySide6 took 178 ms with the scan and 152 ms without it (medians of 5 fresh interpreters).

The app never selects a feature, so no module needs the scan: every module gets PySide6's
"ignore in feature switching" flag without being read. Qt classes behave the same either way,
because while no feature is selected every module gets the default names.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

_log = logging.getLogger(__name__)


def _uses_no_feature(_module: ModuleType) -> bool:
    return False


def skip_feature_source_scan() -> bool:
    """Stop PySide6's per-import source scan; return whether it was found and replaced.

    Call it once PySide6 is imported and before the app's own modules are. The function it
    replaces is internal to PySide6, so a release that renames or removes it leaves the scan
    in place, with a debug log line, instead of failing the start.
    """
    try:
        feature = importlib.import_module("PySide6.support.feature")
    except ImportError:
        _log.debug("PySide6.support.feature is missing; its import scan stays on")
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        _log.debug("PySide6 has no _mod_uses_pyside; its import scan stays on")
        return False
    setattr(feature, "_mod_uses_pyside", _uses_no_feature)  # noqa: B010 (internal name)
    return True
