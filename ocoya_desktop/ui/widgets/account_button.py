"""The account menu button: who is signed in, and "Sign out"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ocoya_desktop.api import Me


class AccountButton(QToolButton):
    """A tool button with a menu naming the signed-in user.

    Signals:
        sign_out_requested(): the user chose "Sign out".
    """

    sign_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAccessibleName(self.tr("Account"))
        self.setText(self.tr("Account"))

        self._menu = QMenu(self)
        self._name_action = QAction(self._menu)
        self._name_action.setEnabled(False)
        self._email_action = QAction(self._menu)
        self._email_action.setEnabled(False)
        self._sign_out_action = QAction(self.tr("Sign out"), self._menu)
        self._sign_out_action.triggered.connect(self.sign_out_requested)
        self._menu.addAction(self._name_action)
        self._menu.addAction(self._email_action)
        self._menu.addSeparator()
        self._menu.addAction(self._sign_out_action)
        self.setMenu(self._menu)

    @property
    def sign_out_action(self) -> QAction:
        """The "Sign out" menu entry."""
        return self._sign_out_action

    def set_user(self, me: Me) -> None:
        """Show the key owner's name and e-mail address."""
        name = me.name or self.tr("Unnamed user")
        self.setText(name)
        self.setToolTip(self.tr("Signed in as {name}").format(name=name))
        self._name_action.setText(name)
        self._email_action.setText(me.email or self.tr("No e-mail address"))

    def menu_texts(self) -> list[str]:
        """Return the texts of the menu entries, separators excluded."""
        return [action.text() for action in self._menu.actions() if not action.isSeparator()]
