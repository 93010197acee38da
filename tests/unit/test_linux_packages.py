"""The Linux package lists name an emoji font: the CI setup, the README and the .deb."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EMOJI_FONT = "fonts-noto-color-emoji"


def _control_fields(text: str) -> dict[str, str]:
    """Parse the single-line fields of a Debian control file (continuation lines skipped)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if line[:1].isspace() or ":" not in line:
            continue
        name, value = line.split(":", 1)
        fields[name.strip()] = value.strip()
    return fields


def _relations(value: str) -> set[str]:
    """Return the package names in a Depends or Recommends value, alternatives included."""
    names = set()
    for relation in re.split(r"[,|]", value):
        name = relation.split("(")[0].strip()
        if name:
            names.add(name)
    return names


def test_deb_recommends_emoji_font() -> None:
    control = (REPO_ROOT / "packaging" / "linux" / "control.in").read_text(encoding="utf-8")
    fields = _control_fields(control)

    assert EMOJI_FONT in _relations(fields["Recommends"])
    # The app runs without the font; only emoji look wrong, so it must not be a hard dependency.
    assert EMOJI_FONT not in _relations(fields["Depends"])


def test_ci_installs_emoji_font() -> None:
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^SYSTEM_PACKAGES=\((.*?)^\)", script, re.MULTILINE | re.DOTALL)
    assert match is not None, "SYSTEM_PACKAGES=( ... ) not found in .ci/run"
    lines = [line.split("#", 1)[0] for line in match.group(1).splitlines()]

    assert EMOJI_FONT in " ".join(lines).split()


def test_readme_lists_emoji_font() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"sudo apt-get install (.*?)```", readme, re.DOTALL)
    assert match is not None, "no apt-get install command in README.md"

    assert EMOJI_FONT in match.group(1).replace("\\", " ").split()
