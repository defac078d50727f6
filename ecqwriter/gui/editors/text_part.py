"""The page for the text parts: résumé, justification, plan notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)


class TextPartPage(QWidget):
    """A titled plain-text editor page for the résumé, the justification or the IDP notes."""

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(editor, 1)
        self.editor = editor
