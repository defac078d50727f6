"""The page for the text parts: résumé, justification, plan notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TextPartPage(QWidget):
    """A titled plain-text editor page for the résumé, the justification or the IDP notes. A
    free-text résumé offers to become a structured one (gui/editors/resume.py)."""

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        self.structure_button = QPushButton("Structure this résumé (jobs, dates, hours, ECQ-tagged bullets)…")
        self.structure_button.setToolTip("Moves the résumé into fields, as USAJOBS asks for them. "
                                         "Your free text is kept to copy from.")
        self.structure_button.setVisible(False)
        row.addWidget(self.structure_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(editor, 1)
        self.editor = editor
