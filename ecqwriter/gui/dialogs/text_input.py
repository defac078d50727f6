"""Asking for text: one line, or several (comments, replies)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)


class TextInputDialog(QDialog):
    """A labelled multi-line text box (comments and replies)."""

    def __init__(self, parent, title: str, prompt: str, text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 260)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(title)
        layout.addWidget(self.edit, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.toPlainText()


def ask_for_text(parent, title: str, prompt: str, default: str = "", *, multiline: bool = False) -> str | None:
    """The text typed, or None when the person cancelled."""
    if multiline:
        dialog = TextInputDialog(parent, title, prompt, default)
        return dialog.text() if dialog.exec() else None
    text, ok = QInputDialog.getText(parent, title, prompt, text=default)
    return text if ok else None
