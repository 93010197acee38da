"""The AI draft panel: prompt, tone, length, brand kit, hashtag library, templates, references.

The panel sends nothing itself. It emits ``generate_requested`` with the user's
``AiDraftChoices``, and its owner (``ui.ai_controller.AiController``) generates the draft,
reports progress through ``set_generating`` and shows the outcome with ``show_message``.

The main window shows the panel in a dock. ``DockFocus`` moves the keyboard focus into that
dock and back, and ``use_palette_title_buttons`` draws its title bar buttons in the palette's
colours.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QIconEngine,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QProxyStyle,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOption,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ocoya_desktop.api import BrandKit, HashtagLibrary, StudioTemplate, utf16_length
from ocoya_desktop.services.ai_drafts import MIN_PROMPT_LENGTH, AiDraftChoices, prompt_problem
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
from ocoya_desktop.ui.widgets.flow_layout import FlowLayout

logger = logging.getLogger(__name__)

# How often the elapsed time under the progress bar is updated while a draft generates.
ELAPSED_UPDATE_MS = 1000

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.heic *.heif *.tif *.tiff *.bmp)"

# Text lines the prompt box shows before it scrolls. The placeholder, wrapped at the panel's
# minimum width, fits in five lines.
PROMPT_LINES = 5


class InsertMode(StrEnum):
    """Placement of a generated caption in the editor."""

    REPLACE = "replace"
    AT_CURSOR = "at_cursor"


class AiPanel(QWidget):
    """Collects the options of an AI draft and shows its progress.

    Signals:
        generate_requested(AiDraftChoices): the user pressed Generate with a valid prompt.
        cancel_requested(): the user pressed Cancel while a draft generates.
        insert_hashtags_requested(str): "Insert hashtags" for the library with this id.
        reference_files_chosen(list): local image files (``list[Path]``) to host as references.
        forget_draft_requested(): the user no longer wants the editor's post tied to the AI
            draft it came from.
        campaign_cancel_requested(): the user stopped waiting for a campaign.
    """

    generate_requested = Signal(object)
    cancel_requested = Signal()
    insert_hashtags_requested = Signal(str)
    reference_files_chosen = Signal(list)
    forget_draft_requested = Signal()
    campaign_cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AiPanel")
        self.setAccessibleName(self.tr("AI draft"))
        self._libraries: dict[str, HashtagLibrary] = {}
        self._brand_kits: dict[str, BrandKit] = {}
        self._generating = False
        self._elapsed = QElapsedTimer()
        self._elapsed_timer = QTimer(self)
        self._elapsed_timer.setInterval(ELAPSED_UPDATE_MS)
        self._elapsed_timer.timeout.connect(self._show_elapsed)

        self.campaign_action = QAction(self.tr("Generate a &Campaign…"), self)
        self.campaign_action.setStatusTip(
            self.tr("Have Ocoya write a series of drafts over several days")
        )
        self._build_prompt()
        self._build_options()
        self._build_references()
        self._build_progress()
        self._build_layout()
        self._connect_signals()
        self._on_prompt_changed()
        self._on_generate_image_toggled(self.generate_image_check.isChecked())
        self._on_references_toggle_toggled(self.references_toggle.isChecked())

    # --- public interface ---------------------------------------------------------------

    def set_workspace_data(
        self,
        brand_kits: Sequence[BrandKit],
        libraries: Sequence[HashtagLibrary],
        templates: Sequence[StudioTemplate],
    ) -> None:
        """Fill the pickers with a workspace's brand kits, hashtag libraries and templates."""
        self._brand_kits = {kit.id: kit for kit in brand_kits}
        self._libraries = {library.id: library for library in libraries}
        fill_brand_kits(self.brand_kit_combo, brand_kits)
        fill_libraries(self.library_combo, libraries)
        self.template_list.set_templates(templates)
        self.reference_list.clear()
        self._on_brand_kit_changed()
        self._on_library_changed()

    def set_template_thumbnail(self, template_id: str, pixmap: QPixmap) -> None:
        """Show a downloaded thumbnail for the template ``template_id``."""
        self.template_list.set_thumbnail(template_id, pixmap)

    def choices(self) -> AiDraftChoices:
        """Return the options as chosen now, references included whatever the image toggle."""
        return AiDraftChoices(
            prompt=self.prompt_edit.toPlainText(),
            tone=str(self.tone_combo.currentData()),
            length=str(self.length_combo.currentData()),
            brand_id=current_id(self.brand_kit_combo),
            hashtag_library_id=current_id(self.library_combo),
            generate_image=self.generate_image_check.isChecked(),
            reference_urls=self.reference_urls(),
            reference_design_ids=self.template_list.checked_ids(),
        )

    def apply_choices(self, choices: AiDraftChoices) -> None:
        """Show remembered ``choices``; a kit, library or template no longer there is skipped.

        The prompt is left as typed unless ``choices`` has one.
        """
        if choices.prompt:
            self.prompt_edit.setPlainText(choices.prompt)
        select_data(self.tone_combo, choices.tone)
        select_data(self.length_combo, choices.length)
        if not select_data(self.brand_kit_combo, choices.brand_id):
            self.brand_kit_combo.setCurrentIndex(0)
        if not select_data(self.library_combo, choices.hashtag_library_id):
            self.library_combo.setCurrentIndex(0)
        self.generate_image_check.setChecked(choices.generate_image)
        self.template_list.set_checked_ids(choices.reference_design_ids)
        self.reference_list.clear()
        for url in choices.reference_urls:
            self.add_reference_url(url)

    def set_prompt_history(self, prompts: Sequence[str]) -> None:
        """List ``prompts`` (newest first) under "Recent prompts"."""
        self.history_combo.blockSignals(True)
        self.history_combo.clear()
        self.history_combo.addItem(self.tr("Recent prompts…"), None)
        for prompt in prompts:
            label = prompt if len(prompt) <= 60 else prompt[:59] + "…"
            self.history_combo.addItem(label, prompt)
        self.history_combo.setEnabled(bool(prompts))
        self.history_combo.blockSignals(False)

    def insert_mode(self) -> InsertMode:
        """Return where the generated caption goes in the editor."""
        return InsertMode.AT_CURSOR if self.at_cursor_radio.isChecked() else InsertMode.REPLACE

    def reference_urls(self) -> tuple[str, ...]:
        """Return the reference image URLs, in the order added."""
        return tuple(
            self.reference_list.item(row).text() for row in range(self.reference_list.count())
        )

    def add_reference_url(self, url: str) -> None:
        """Add ``url`` to the reference images unless it is there already."""
        if url and url not in self.reference_urls():
            self.reference_list.addItem(url)

    def shortcut_actions(self) -> list[QAction]:
        """Return the panel's actions that have a keyboard shortcut (Generate Draft).

        The shortcuts work while the focus is inside the panel.
        """
        return [action for action in self.actions() if action.shortcuts()]

    def is_generating(self) -> bool:
        """Return whether a draft is being generated."""
        return self._generating

    def set_generating(self, generating: bool) -> None:
        """Show (or hide) the progress bar with the elapsed time and the Cancel button."""
        self._generating = generating
        self.progress_bar.setVisible(generating)
        self.elapsed_label.setVisible(generating)
        self.cancel_button.setVisible(generating)
        if generating:
            self._elapsed.start()
            self._show_elapsed()
            self._elapsed_timer.start()
            self.message_label.hide()
        else:
            self._elapsed_timer.stop()
        self._update_generate_button()

    def elapsed_text(self) -> str:
        """Return the text under the progress bar, such as "Generating… 12 s"."""
        return self.elapsed_label.text()

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` under the Generate button, in the error colour when ``error``."""
        palette = QPalette(self.palette())
        if error:
            palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.message_label.setPalette(palette)
        self.message_label.setText(text)
        self.message_label.setAccessibleName(self.tr("Error") if error else self.tr("Notice"))
        self.message_label.setVisible(bool(text))
        if text:
            self._reveal(self.message_label)

    def message(self) -> str:
        """Return the message shown under the Generate button ("" when hidden)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    def set_draft_status(self, text: str) -> None:
        """Name the AI draft in the editor ("" when none), with a "Treat as New Post" button."""
        self.draft_status_label.setText(text)
        self.draft_status_label.setVisible(bool(text))
        self.forget_draft_button.setVisible(bool(text))
        if text:
            self._reveal(self.forget_draft_button)

    def set_campaign_status(self, text: str, *, running: bool) -> None:
        """Show a campaign's progress; ``running`` shows its Cancel button."""
        self.campaign_label.setText(text)
        self.campaign_label.setVisible(bool(text))
        self.campaign_cancel_button.setVisible(running)
        self.campaign_button.setEnabled(not running)
        self.campaign_action.setEnabled(not running)
        if text:
            self._reveal(self.campaign_label)

    def references_expanded(self) -> bool:
        """Return whether the "Image references" section is shown."""
        return self.references_toggle.isChecked()

    def set_references_expanded(self, expanded: bool) -> None:
        """Show or hide the "Image references" section."""
        self.references_toggle.setChecked(expanded)

    def _reveal(self, widget: QWidget) -> None:
        # The widget was usually hidden a moment ago. Its place in the scrolled content is
        # only known after the layout has run, so a zero timer waits for that.
        QTimer.singleShot(0, self, lambda: self._scroll.ensureWidgetVisible(widget))

    # --- building -----------------------------------------------------------------------

    def _build_prompt(self) -> None:
        self.prompt_edit = QPlainTextEdit(self)
        self.prompt_edit.setAccessibleName(self.tr("Prompt"))
        self.prompt_edit.setPlaceholderText(
            self.tr("Describe the post, e.g. “Announce our autumn blend with cinnamon notes”")
        )
        self.prompt_edit.setTabChangesFocus(True)
        self.prompt_edit.setMaximumHeight(_text_box_height(self.prompt_edit, PROMPT_LINES))
        self.prompt_status_label = QLabel(self)
        self.prompt_status_label.setObjectName("PromptStatusLabel")
        self.prompt_status_label.setWordWrap(True)
        self.history_combo = QComboBox(self)
        self.history_combo.setAccessibleName(self.tr("Recent prompts"))
        self.set_prompt_history([])

    def _build_options(self) -> None:
        self.tone_combo = make_choice_combo(tone_labels(), self, self.tr("Tone"))
        self.length_combo = make_choice_combo(length_labels(), self, self.tr("Length"))
        select_data(self.length_combo, "medium")
        self.brand_kit_combo = QComboBox(self)
        self.brand_kit_combo.setAccessibleName(self.tr("Brand kit"))
        self.brand_kit_label = QLabel(self)
        self.brand_kit_label.setWordWrap(True)
        self.library_combo = QComboBox(self)
        self.library_combo.setAccessibleName(self.tr("Hashtag library"))
        self.library_label = QLabel(self)
        self.library_label.setWordWrap(True)
        self.library_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.insert_hashtags_button = QPushButton(self.tr("Insert hashtags"), self)
        self.insert_hashtags_button.setToolTip(
            self.tr(
                "Add the library's hashtags to the caption, skipping those already there and "
                "keeping within the selected networks' hashtag limits"
            )
        )
        fill_brand_kits(self.brand_kit_combo, [])
        fill_libraries(self.library_combo, [])

    def _build_references(self) -> None:
        self.generate_image_check = QCheckBox(self.tr("Generate an image"), self)
        self.generate_image_check.setToolTip(self.tr("Ocoya adds one square image to the draft"))
        # The references are optional, so they sit in a section that is collapsed unless
        # "Generate an image" is on. That keeps the prompt and Generate near the top.
        self.references_toggle = QToolButton(self)
        self.references_toggle.setText(self.tr("Image references"))
        self.references_toggle.setCheckable(True)
        self.references_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.references_toggle.setAutoRaise(True)
        self.references_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.references_box = QGroupBox(self)
        self.references_note = QLabel(self.references_box)
        self.references_note.setWordWrap(True)
        self.template_list = TemplateList(self.references_box)
        self.reference_list = QListWidget(self.references_box)
        self.reference_list.setAccessibleName(self.tr("Reference image URLs"))
        self.reference_list.setMaximumHeight(70)
        self.reference_url_edit = QLineEdit(self.references_box)
        self.reference_url_edit.setPlaceholderText(self.tr("https://… image URL"))
        self.reference_url_edit.setAccessibleName(self.tr("Reference image URL"))
        self.add_url_button = QPushButton(self.tr("Add URL"), self.references_box)
        self.add_file_button = QPushButton(self.tr("Add Image…"), self.references_box)
        self.add_file_button.setToolTip(
            self.tr("Upload a local image to your media host and use it as a reference")
        )
        self.remove_reference_button = QPushButton(self.tr("Remove"), self.references_box)

        url_row = QHBoxLayout()
        url_row.addWidget(self.reference_url_edit, 1)
        url_row.addWidget(self.add_url_button)
        buttons = _button_row(self.add_file_button, self.remove_reference_button)
        layout = QVBoxLayout(self.references_box)
        layout.addWidget(self.references_note)
        layout.addWidget(QLabel(self.tr("Studio templates:"), self.references_box))
        layout.addWidget(self.template_list)
        layout.addWidget(QLabel(self.tr("Reference images:"), self.references_box))
        layout.addWidget(self.reference_list)
        layout.addLayout(url_row)
        layout.addLayout(buttons)

    def _build_progress(self) -> None:
        self.replace_radio = QRadioButton(self.tr("Replace the caption"), self)
        self.replace_radio.setChecked(True)
        self.at_cursor_radio = QRadioButton(self.tr("Insert at the cursor"), self)

        self.generate_button = QPushButton(self.tr("Generate Draft"), self)
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip(self.tr("Generate a draft from the prompt (Ctrl+Return)"))
        # Works while the focus is anywhere in the panel. The editor's Ctrl+Return, which
        # schedules its post, works only while the focus is in the editor.
        self.generate_action = QAction(self.tr("Generate Draft"), self)
        self.generate_action.setShortcuts(
            [
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
            ]
        )
        self.generate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.generate_action)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(
            self.tr("Stop waiting; Ocoya may still finish the draft and list it as a draft")
        )
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName(self.tr("Generating the draft"))

        self.elapsed_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.draft_status_label = QLabel(self)
        self.draft_status_label.setWordWrap(True)
        self.forget_draft_button = QPushButton(self.tr("Treat as New Post"), self)
        self.forget_draft_button.setToolTip(
            self.tr("Send the editor's post as a new post and leave the AI draft on Ocoya as it is")
        )

        self.campaign_button = QPushButton(self.tr("Generate a Campaign…"), self)
        self.campaign_label = QLabel(self)
        self.campaign_label.setWordWrap(True)
        self.campaign_cancel_button = QPushButton(self.tr("Stop Waiting"), self)

        for widget in (
            self.cancel_button,
            self.progress_bar,
            self.elapsed_label,
            self.message_label,
            self.draft_status_label,
            self.forget_draft_button,
            self.campaign_label,
            self.campaign_cancel_button,
        ):
            widget.hide()

    def _build_layout(self) -> None:
        form = QFormLayout()
        # In a narrow panel each field moves under its label instead of being cut.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Alt with a letter must reach one place in the main window, which already uses F, E,
        # P, V and H for its menus, L and A for the schedule's tabs, and C, W and S.
        form.addRow(self.tr("&Tone:"), self.tone_combo)
        form.addRow(self.tr("Le&ngth:"), self.length_combo)
        form.addRow(self.tr("&Brand kit:"), self.brand_kit_combo)
        form.addRow("", self.brand_kit_label)
        form.addRow(self.tr("Hashta&gs:"), self.library_combo)
        form.addRow("", self.library_label)
        form.addRow("", self.insert_hashtags_button)

        prompt_label = QLabel(self.tr("Pro&mpt:"), self)
        prompt_label.setBuddy(self.prompt_edit)
        mode_row = _button_row(self.replace_radio, self.at_cursor_radio)
        generate_row = _button_row(self.generate_button, self.cancel_button)
        campaign_row = _button_row(self.campaign_button, self.campaign_cancel_button)

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(prompt_label)
        layout.addWidget(self.prompt_edit)
        layout.addWidget(self.prompt_status_label)
        layout.addWidget(self.history_combo)
        layout.addLayout(form)
        layout.addWidget(self.generate_image_check)
        layout.addLayout(mode_row)
        layout.addLayout(generate_row)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.elapsed_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.draft_status_label)
        layout.addWidget(self.forget_draft_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addWidget(self.references_toggle)
        layout.addWidget(self.references_box)
        layout.addSpacing(8)
        layout.addLayout(campaign_row)
        layout.addWidget(self.campaign_label)
        layout.addStretch(1)

        # Long kit and library names shrink their combo boxes instead of widening the dock.
        for combo in (
            self.tone_combo,
            self.length_combo,
            self.brand_kit_combo,
            self.library_combo,
            self.history_combo,
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self._scroll = _VerticalScrollArea(self)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)

    def _connect_signals(self) -> None:
        self.prompt_edit.textChanged.connect(self._on_prompt_changed)
        self.history_combo.activated.connect(self._on_history_combo_activated)
        self.brand_kit_combo.currentIndexChanged.connect(self._on_brand_kit_changed)
        self.library_combo.currentIndexChanged.connect(self._on_library_changed)
        self.insert_hashtags_button.clicked.connect(self._on_insert_hashtags_clicked)
        self.generate_image_check.toggled.connect(self._on_generate_image_toggled)
        self.references_toggle.toggled.connect(self._on_references_toggle_toggled)
        self.add_url_button.clicked.connect(self._on_add_url_clicked)
        self.reference_url_edit.returnPressed.connect(self._on_add_url_clicked)
        self.add_file_button.clicked.connect(self._on_add_file_clicked)
        self.remove_reference_button.clicked.connect(self._on_remove_reference_clicked)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.generate_action.triggered.connect(self._on_generate_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.forget_draft_button.clicked.connect(self.forget_draft_requested)
        self.campaign_button.clicked.connect(self.campaign_action.trigger)
        self.campaign_cancel_button.clicked.connect(self.campaign_cancel_requested)

    # --- slots --------------------------------------------------------------------------

    def _on_prompt_changed(self) -> None:
        prompt = self.prompt_edit.toPlainText()
        length = utf16_length(prompt.strip())
        problem = prompt_problem(prompt)
        if problem is None:
            text = self.tr("{length} characters").format(length=length)
        else:
            text = self.tr("{length} of at least {minimum} characters").format(
                length=length, minimum=MIN_PROMPT_LENGTH
            )
        self.prompt_status_label.setText(text)
        palette = QPalette(self.palette())
        if problem is not None and length > 0:
            palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.prompt_status_label.setPalette(palette)
        self._update_generate_button()

    def _on_history_combo_activated(self, index: int) -> None:
        prompt = self.history_combo.itemData(index)
        if isinstance(prompt, str):
            self.prompt_edit.setPlainText(prompt)
        self.history_combo.setCurrentIndex(0)

    def _on_brand_kit_changed(self) -> None:
        kit = self._brand_kits.get(current_id(self.brand_kit_combo) or "")
        text = kit.description or "" if kit is not None else ""
        self.brand_kit_label.setText(text)
        self.brand_kit_label.setVisible(bool(text))

    def _on_library_changed(self) -> None:
        library = self._libraries.get(current_id(self.library_combo) or "")
        self.library_label.setText(" ".join(library.hashtags) if library is not None else "")
        self.library_label.setVisible(library is not None)
        self.insert_hashtags_button.setEnabled(library is not None)

    def _on_insert_hashtags_clicked(self) -> None:
        library_id = current_id(self.library_combo)
        if library_id is not None:
            self.insert_hashtags_requested.emit(library_id)

    def _on_generate_image_toggled(self, checked: bool) -> None:
        label = self.generate_image_check.text().replace("&", "")
        self.references_note.setText(references_note(checked, label))
        for widget in (
            self.template_list,
            self.reference_list,
            self.reference_url_edit,
            self.add_url_button,
            self.add_file_button,
            self.remove_reference_button,
        ):
            widget.setEnabled(checked)
        self.set_references_expanded(checked)

    def _on_references_toggle_toggled(self, expanded: bool) -> None:
        arrow = Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        self.references_toggle.setArrowType(arrow)
        self.references_box.setVisible(expanded)

    def _on_add_url_clicked(self) -> None:
        url = self.reference_url_edit.text().strip()
        if not url.startswith(("https://", "http://")):
            self.show_message(
                self.tr("“{url}” is not a web address. Paste a URL starting with https://.").format(
                    url=url
                ),
                error=True,
            )
            return
        self.add_reference_url(url)
        self.reference_url_edit.clear()

    def _on_add_file_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose Reference Images"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr(IMAGE_FILTER))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(
            lambda files: self.reference_files_chosen.emit([Path(name) for name in files])
        )
        dialog.open()

    def _on_remove_reference_clicked(self) -> None:
        for item in self.reference_list.selectedItems():
            self.reference_list.takeItem(self.reference_list.row(item))

    def _on_generate_clicked(self) -> None:
        if self._generating or prompt_problem(self.prompt_edit.toPlainText()) is not None:
            return
        self.generate_requested.emit(self.choices())

    def _show_elapsed(self) -> None:
        seconds = self._elapsed.elapsed() // 1000 if self._elapsed.isValid() else 0
        self.elapsed_label.setText(self.tr("Generating… {seconds} s").format(seconds=seconds))

    def _update_generate_button(self) -> None:
        valid = prompt_problem(self.prompt_edit.toPlainText()) is None
        self.generate_button.setEnabled(valid and not self._generating)
        self.generate_action.setEnabled(self.generate_button.isEnabled())


def _button_row(*buttons: QWidget) -> FlowLayout:
    """Return a row of ``buttons`` that wraps onto more lines in a narrow panel."""
    row = FlowLayout()
    for button in buttons:
        row.addWidget(button)
    return row


def _text_box_height(edit: QPlainTextEdit, lines: int) -> int:
    """Return the height in pixels at which ``edit`` shows ``lines`` lines of its font."""
    margins = edit.contentsMargins()
    document_margin = round(edit.document().documentMargin())
    text_height = lines * edit.fontMetrics().lineSpacing()
    return text_height + 2 * document_margin + margins.top() + margins.bottom()


class _VerticalScrollArea(QScrollArea):
    """A scroll area that scrolls only vertically, so its content is never cut at the side.

    Its minimum width is that of its content plus the vertical scroll bar, so a dock that
    contains it cannot become narrower than the form it shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        width = content.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(width, hint.height())

    def event(self, event: QEvent) -> bool:
        # The content's minimum width changes when a wider button or text appears in it.
        # Its layout request reaches this widget, which then passes the new minimum on.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)


# --- the dock that contains the panel ------------------------------------------------------

# Icons of the dock title bar buttons, which Qt's styles draw from fixed grey images.
_TITLE_BUTTON_ICONS = (
    QStyle.StandardPixmap.SP_TitleBarNormalButton,
    QStyle.StandardPixmap.SP_TitleBarCloseButton,
    QStyle.StandardPixmap.SP_DockWidgetCloseButton,
)


class DockFocus(QObject):
    """Moves the keyboard focus into a dock that the user shows, and out when it hides.

    Showing the dock with its toggle view action (a menu entry or its shortcut) focuses
    ``target``. When the dock hides while it has the focus, the focus goes back to the widget
    that had it before it entered the dock, or to ``fallback`` if that widget is gone or hidden.
    """

    def __init__(self, dock: QDockWidget, target: QWidget, fallback: QWidget) -> None:
        super().__init__(dock)
        self._dock = dock
        self._target = target
        self._fallback = fallback
        self._previous: QWidget | None = None
        dock.toggleViewAction().triggered.connect(self._on_toggle_triggered)
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def _contains(self, widget: QWidget | None) -> bool:
        return widget is not None and (widget is self._dock or self._dock.isAncestorOf(widget))

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self._contains(new) and not self._contains(old):
            self._previous = old

    def _on_toggle_triggered(self, checked: bool) -> None:
        # The dock's own slot, connected first, has already shown or hidden it.
        if not checked:
            return
        self._dock.raise_()
        if self._dock.isFloating():
            self._dock.activateWindow()
        self._target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        # The dock reports the hide before Qt moves the focus on to the next widget in the
        # tab order, so the focus is still inside the dock here.
        if visible or not self._contains(QApplication.focusWidget()):
            return
        window = self._dock.parentWidget()
        if window is not None and not window.isVisible():
            return
        previous = self._previous
        if previous is not None and shiboken6.isValid(previous) and previous.isVisible():
            previous.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._fallback.setFocus(Qt.FocusReason.OtherFocusReason)


class PaletteTitleButtonsStyle(QProxyStyle):
    """The application's style, with dock title bar buttons in the dock's text colour.

    Qt's Fusion and Windows styles (Qt 6.11) draw the float and close buttons from grey
    images whatever the palette, so the buttons almost vanish on a dark title bar. This style
    draws the same images in the palette's window text colour, read when the button is
    painted, so they also follow a palette that changes later. Set it on the dock only,
    because Qt does not pass a widget's own style on to its children.
    """

    def standardIcon(
        self,
        standardIcon: QStyle.StandardPixmap,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> QIcon:
        icon = super().standardIcon(standardIcon, option, widget)
        if standardIcon not in _TITLE_BUTTON_ICONS or widget is None:
            return icon
        return QIcon(_PaletteIconEngine(icon, widget))


def use_palette_title_buttons(dock: QDockWidget) -> None:
    """Draw the float and close buttons of ``dock`` in its palette's text colour."""
    style = PaletteTitleButtonsStyle()
    # The dock owns the style, which a widget's setStyle does not do by itself.
    style.setParent(dock)
    dock.setStyle(style)


class _PaletteIconEngine(QIconEngine):
    """Draws the shape (alpha channel) of ``icon`` in the text colour of ``widget``'s palette."""

    def __init__(self, icon: QIcon, widget: QWidget) -> None:
        super().__init__()
        self._icon = icon
        self._widget = widget

    def clone(self) -> QIconEngine:
        return _PaletteIconEngine(self._icon, self._widget)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        shape = self._icon.pixmap(size, scale, mode, state)
        tinted = QPixmap(shape.size())
        tinted.setDevicePixelRatio(shape.devicePixelRatio())
        tinted.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tinted)
        painter.drawPixmap(0, 0, shape)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(tinted.rect(), self._color(mode))
        painter.end()
        return tinted

    def _color(self, mode: QIcon.Mode) -> QColor:
        palette = (
            self._widget.palette() if shiboken6.isValid(self._widget) else QApplication.palette()
        )
        if mode == QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        return palette.color(QPalette.ColorRole.WindowText)
