"""The package's public names, and that the error tree has the documented shape."""

from __future__ import annotations

import ocoya_desktop.api as api


def test_all_names_exist_and_are_public() -> None:
    for name in api.__all__:
        assert hasattr(api, name), name
        assert not name.startswith("_"), name


def test_error_tree_shape() -> None:
    status_errors = [
        api.AuthenticationError,
        api.PermissionDeniedError,
        api.NotFoundError,
        api.ValidationError,
        api.RateLimitedError,
        api.ServerError,
    ]
    for error_class in status_errors:
        assert issubclass(error_class, api.ApiStatusError)
    assert issubclass(api.NetworkTimeoutError, api.NetworkError)
    assert issubclass(api.NetworkError, api.TransportError)
    assert issubclass(api.OutcomeUnknownError, api.TransportError)
    for error_class in (api.ApiStatusError, api.TransportError, api.InvalidResponseError):
        assert issubclass(error_class, api.OcoyaError)


def test_default_base_url() -> None:
    assert api.DEFAULT_BASE_URL == "https://app.ocoya.com/api/_public/v1"
