"""Data that stays on this machine: folders, settings and secrets (no Qt).

- ``paths.AppPaths``: where settings, logs, cache and drafts live.
- ``settings.Settings``: the settings file, validated against ``settings_schema.SCHEMA``.
- ``secrets.SecretStore``: the API key and media-host credentials in the OS keyring, and
  ``secrets.SessionSecretStore`` for keeping them in memory when no keyring exists.
"""
