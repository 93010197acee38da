"""A local stand-in of the Ocoya public API, for tests and the app's demo mode.

``create_app()`` builds a Starlette app at Ocoya's paths (``/api/_public/v1/...``) over an
in-memory ``SandboxStore`` seeded with sample data. ``Faults`` switches make it slow, failing
or rate-limited on purpose. Serve it in-process with ``transport.SandboxTransport`` or over
HTTP with ``server.serve_in_thread`` or the ``ocoya-sandbox`` command.
"""

from .app import API_PREFIX, create_app
from .faults import ConnectionDropped, Faults
from .seed import DEMO_API_KEY, LIMITED_API_KEY, build_demo_store
from .store import SandboxStore

__all__ = [
    "API_PREFIX",
    "DEMO_API_KEY",
    "LIMITED_API_KEY",
    "ConnectionDropped",
    "Faults",
    "SandboxStore",
    "build_demo_store",
    "create_app",
]
