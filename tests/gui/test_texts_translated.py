"""translated(): domain sentences go through the app's installed Qt translators."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from ocoya_desktop.domain.networks import Network
from ocoya_desktop.domain.texts import TEXT_CONTEXT, text
from ocoya_desktop.ui.texts import translated
from ocoya_desktop.ui.widgets.caption_counters import CaptionCounters


class CatalogTranslator(QTranslator):
    """A translator that looks sources up in a dict, for the ``Findings`` context only."""

    def __init__(self, catalog: dict[str, str]) -> None:
        super().__init__()
        self._catalog = catalog

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None becomes a null QString, which Qt reads as "no entry in this translator".
        if context != TEXT_CONTEXT:
            return None
        return self._catalog.get(source)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def german() -> Iterator[None]:
    translator = CatalogTranslator(
        {"{name} needs a photo.": "{name} braucht ein Foto.", "the cover": "das Titelbild"}
    )
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.usefixtures("qapp", "german")
def test_installed_translator_used() -> None:
    assert translated(text("{name} needs a photo.", name="Instagram")) == (
        "Instagram braucht ein Foto."
    )


@pytest.mark.usefixtures("qapp", "german")
def test_untranslated_template_stays_english() -> None:
    sentence = text("Add {what}.", what=text("the cover"))

    assert translated(sentence) == "Add das Titelbild."
    assert str(sentence) == "Add the cover."


@pytest.mark.usefixtures("qapp")
def test_caption_problem_shown_translated(qtbot: QtBot) -> None:
    over = (
        "The caption has {used:,} {unit}, over the {name} limit of {limit:,}. "
        "{name} may reject or cut the post."
    )
    translator = CatalogTranslator(
        {over: "ZU LANG: {used} {unit} für {name}.", "characters": "Zeichen"}
    )
    QCoreApplication.installTranslator(translator)
    counters = CaptionCounters()
    qtbot.addWidget(counters)
    try:
        counters.set_networks([Network.INSTAGRAM])
        counters.set_text("a" * 2300)
        counters.refresh()

        qtbot.waitUntil(lambda: "ZU LANG" in counters.findings_label.text())
        assert "ZU LANG: 2300 Zeichen für Instagram." in counters.findings_label.text()
    finally:
        QCoreApplication.removeTranslator(translator)
