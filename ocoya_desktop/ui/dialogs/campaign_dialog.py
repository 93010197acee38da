"""The "Generate a campaign" dialog: a topic, a goal and audience, and how many posts over how long.

The dialog builds a ``CampaignRequest`` and checks it before it closes, so an invalid value
is fixed in the dialog rather than rejected by Ocoya. Studio templates and reference URLs
guide the generated images, so they are disabled, and left out of the request, while
"Generate an image for each post" is off.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import (
    BrandKit,
    CampaignRequest,
    HashtagLibrary,
    StudioTemplate,
    ValidationError,
)
from ocoya_desktop.ui.widgets.ai_pickers import (
    TemplateList,
    current_id,
    fill_brand_kits,
    fill_libraries,
    length_labels,
    make_choice_combo,
    references_note,
    select_data,
    tone_labels,
)
from ocoya_desktop.ui.widgets.caption_counters import error_color

MAX_REFERENCES = 3
"""Most reference URLs, and most reference designs, a campaign takes."""


class CampaignDialog(QDialog):
    """Asks for a campaign's options; ``campaign_request`` returns them once accepted.

    The template list starts with blank icons; the owner loads the thumbnails and passes each
    to ``set_template_thumbnail`` while the dialog is open.
    """

    def __init__(
        self,
        *,
        brand_kits: Sequence[BrandKit],
        libraries: Sequence[HashtagLibrary],
        templates: Sequence[StudioTemplate],
        social_profile_ids: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Generate a Campaign"))
        self._profile_ids = tuple(social_profile_ids)
        self._request: CampaignRequest | None = None

        self.prompt_edit = QPlainTextEdit(self)
        self.prompt_edit.setAccessibleName(self.tr("Campaign prompt"))
        self.prompt_edit.setPlaceholderText(self.tr("What is the campaign about?"))
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_edit.setMaximumHeight(80)
        self.goal_edit = QLineEdit(self)
        self.goal_edit.setPlaceholderText(self.tr("e.g. more bookings for the tasting evening"))
        self.audience_edit = QLineEdit(self)
        self.audience_edit.setPlaceholderText(self.tr("e.g. coffee lovers in town"))
        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(1, 30)
        self.duration_spin.setValue(7)
        self.duration_spin.setSuffix(self.tr(" days"))
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(3, 30)
        self.count_spin.setValue(5)
        self.count_spin.setSuffix(self.tr(" posts"))
        self.length_combo = make_choice_combo(length_labels(), self, self.tr("Post length"))
        select_data(self.length_combo, "medium")
        self.tone_combo = make_choice_combo(tone_labels(), self, self.tr("Tone"))
        self.brand_kit_combo = QComboBox(self)
        fill_brand_kits(self.brand_kit_combo, brand_kits)
        self.library_combo = QComboBox(self)
        fill_libraries(self.library_combo, libraries)
        self.generate_media_check = QCheckBox(self.tr("Generate an image for each post"), self)
        self.references_note = QLabel(self)
        self.references_note.setWordWrap(True)
        # The list's own minimum height fits a whole row of cells, names included.
        self.template_list = TemplateList(self)
        self.template_list.set_templates(templates)
        self.reference_edit = QPlainTextEdit(self)
        self.reference_edit.setAccessibleName(self.tr("Reference image URLs"))
        self.reference_edit.setPlaceholderText(self.tr("Up to 3 image URLs, one per line"))
        self.reference_edit.setMaximumHeight(60)
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        palette = self.problem_label.palette()
        palette.setColor(palette.ColorRole.WindowText, error_color(palette))
        self.problem_label.setPalette(palette)
        self.problem_label.hide()
        profiles_note = QLabel(self)
        profiles_note.setWordWrap(True)
        profiles_note.setText(
            self.tr("The drafts target the {count} profiles ticked in the sidebar.").format(
                count=len(self._profile_ids)
            )
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            Qt.Orientation.Horizontal,
            self,
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Generate"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Prompt:"), self.prompt_edit)
        form.addRow(self.tr("&Goal:"), self.goal_edit)
        form.addRow(self.tr("&Audience:"), self.audience_edit)
        form.addRow(self.tr("&Duration:"), self.duration_spin)
        form.addRow(self.tr("&Number of posts:"), self.count_spin)
        form.addRow(self.tr("&Length:"), self.length_combo)
        form.addRow(self.tr("&Tone:"), self.tone_combo)
        form.addRow(self.tr("&Brand kit:"), self.brand_kit_combo)
        # In the main window Alt+H opens the Help menu, so Hashtags avoids it here as well.
        # Alt+G, its key in the AI panel, is taken by Goal in this dialog.
        form.addRow(self.tr("Ha&shtags:"), self.library_combo)
        form.addRow("", self.generate_media_check)
        form.addRow("", self.references_note)
        form.addRow(self.tr("Templates (up to 3):"), self.template_list)
        form.addRow(self.tr("&References:"), self.reference_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(profiles_note)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self.generate_media_check.toggled.connect(self._on_generate_media_toggled)
        self._on_generate_media_toggled(self.generate_media_check.isChecked())

    def campaign_request(self) -> CampaignRequest | None:
        """Return the request built when the user pressed Generate, or None."""
        return self._request

    def set_template_thumbnail(self, template_id: str, pixmap: QPixmap) -> None:
        """Show ``pixmap`` as the icon of the template ``template_id``."""
        self.template_list.set_thumbnail(template_id, pixmap)

    def build_request(self) -> CampaignRequest:
        """Build the request from the fields; raises ``ValidationError`` naming the problem.

        Templates and reference URLs are included only when images are generated.
        """
        generate_media = self.generate_media_check.isChecked()
        urls: tuple[str, ...] = ()
        design_ids: tuple[str, ...] = ()
        if generate_media:
            urls = tuple(
                line.strip()
                for line in self.reference_edit.toPlainText().splitlines()
                if line.strip()
            )
            design_ids = self.template_list.checked_ids()
        for url in urls:
            if not url.startswith(("https://", "http://")):
                raise ValidationError(
                    f"Reference {url!r} is not a web address; use URLs starting with https://."
                )
        return CampaignRequest(
            prompt=self.prompt_edit.toPlainText().strip(),
            goal=self.goal_edit.text().strip() or None,
            audience=self.audience_edit.text().strip() or None,
            duration_days=self.duration_spin.value(),
            count=self.count_spin.value(),
            post_length=str(self.length_combo.currentData()),
            tone=str(self.tone_combo.currentData()),
            brand_id=current_id(self.brand_kit_combo),
            hashtag_library_id=current_id(self.library_combo),
            social_profile_ids=self._profile_ids,
            generate_media=generate_media,
            reference_urls=urls,
            reference_design_ids=design_ids,
        )

    def _on_generate_media_toggled(self, checked: bool) -> None:
        self.references_note.setText(references_note(checked, self.generate_media_check.text()))
        # Disabled fields keep their content, so turning images back on restores the choice.
        self.template_list.setEnabled(checked)
        self.reference_edit.setEnabled(checked)

    def _on_buttons_accepted(self) -> None:
        try:
            self._request = self.build_request()
        except ValidationError as error:
            self.problem_label.setText(str(error))
            self.problem_label.show()
            return
        self.accept()
