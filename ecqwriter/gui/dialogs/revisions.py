"""Kept revisions of an example, shown side by side with the current text."""

from __future__ import annotations

import difflib
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)


def compare_panes(splitter, choices, old_name: str, new_name: str, list_width: int):
    """A list of choices beside two text panes (old, new) in ``splitter``."""
    old, new = QTextBrowser(), QTextBrowser()
    old.setAccessibleName(old_name)
    new.setAccessibleName(new_name)
    for widget in (choices, old, new):
        splitter.addWidget(widget)
    pane = (1100 - list_width) // 2
    splitter.setSizes([list_width, pane, pane])
    return old, new


def side_by_side_html(old: str, new: str) -> tuple[str, str]:
    """Two HTML panes with removed words struck in red and added words in green."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part = html.escape(" ".join(a[i1:i2])).replace("\n", "<br>")
        new_part = html.escape(" ".join(b[j1:j2])).replace("\n", "<br>")
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f'<span style="background:#ffd6d6;text-decoration:line-through">{old_part}</span>')
        if new_part:
            right.append(f'<span style="background:#d4f7d4">{new_part}</span>')
    return " ".join(left), " ".join(right)


class RevisionsDialog(QDialog):
    """Compares any two versions of an example side by side; restores the left one.

    ``versions`` are (label, text) pairs: the revisions, and the text as each person
    last saw it when the package travelled between candidate and reviewer."""

    def __init__(self, parent, versions: list[tuple[str, str]], current_text: str):
        super().__init__(parent)
        self.setWindowTitle("Revisions of this example")
        self.resize(1100, 640)
        self.versions = versions
        self.current_text = current_text
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName("Revisions")
        for label, _text in versions:
            QListWidgetItem(label, self.list)
        self.against = QComboBox()
        self.against.setAccessibleName("Compare with")
        self.against.addItem("The text now", current_text)
        for label, text in versions:
            self.against.addItem(label, text)
        self.old, self.new = compare_panes(splitter, self.list, "Selected revision", "Compared text", 260)
        row = QHBoxLayout()
        row.addWidget(QLabel("Left: the version chosen in the list (removed words struck out). Right:"))
        row.addWidget(self.against, 1)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.restore = buttons.addButton("Restore the left version", QDialogButtonBox.AcceptRole)
        self.restore.setEnabled(False)
        buttons.rejected.connect(self.reject)
        self.restore.clicked.connect(self._restore)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda *_: self._show())
        self.against.currentIndexChanged.connect(lambda *_: self._show())
        if versions:
            self.list.setCurrentRow(0)

    def _show(self):
        row = self.list.currentRow()
        if row < 0:
            return
        left, right = side_by_side_html(self.versions[row][1], self.against.currentData())
        self.old.setHtml(left)
        self.new.setHtml(right)
        self.restore.setEnabled(True)

    def _restore(self):
        self.chosen = self.versions[self.list.currentRow()][1]
        self.accept()
