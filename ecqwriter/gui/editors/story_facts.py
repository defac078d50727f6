"""A story's facts for the story bank: when it happened, the role and organisation, the
other ECQs it also shows, and the figures to remember. Folded away until asked for, so the
story's text keeps the room."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from ecqwriter.core.model import STORY_FACTS, Example


class StoryFactsPanel(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setText("Story details (dates, role, other ECQs, figures)")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show the story details")
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in STORY_FACTS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            if key == "also_ecqs":
                edit.setPlaceholderText("ECQ ids, separated by commas")
            elif key in ("start", "end"):
                edit.setPlaceholderText("YYYY-MM")
            edit.textEdited.connect(self._edited)
            form.addRow(label, edit)
            self.fields[key] = edit
        self.form.setVisible(False)
        self.toggle.toggled.connect(self.form.setVisible)
        layout.addWidget(self.toggle)
        layout.addWidget(self.form)
        self.example: Example | None = None

    def load(self, example: Example, read_only: bool) -> None:
        self.example = None
        for key, edit in self.fields.items():
            value = example.facts.get(key, "")
            edit.setText(", ".join(value) if isinstance(value, list) else str(value or ""))
            edit.setReadOnly(read_only)
        self.example = example

    def _edited(self, *_):
        if self.example is None:
            return
        facts = dict(self.example.facts)  # keys this version does not show are kept
        for key, edit in self.fields.items():
            text = edit.text().strip()
            value = [part.strip() for part in text.split(",") if part.strip()] if key == "also_ecqs" else text
            if value:
                facts[key] = value
            else:
                facts.pop(key, None)
        self.example.facts = facts
        self.changed.emit()
