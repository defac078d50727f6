"""Find and replace in the editor that has the focus."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)


class FindReplaceDialog(QDialog):
    def __init__(self, parent, editor_getter):
        super().__init__(parent)
        self.setWindowTitle("Find and replace")
        self.editor_getter = editor_getter
        form = QFormLayout(self)
        self.find = QLineEdit()
        self.find.setAccessibleName("Find")
        self.replace = QLineEdit()
        self.replace.setAccessibleName("Replace with")
        self.case = QCheckBox("Match case")
        form.addRow("Find", self.find)
        form.addRow("Replace with", self.replace)
        form.addRow("", self.case)
        row = QHBoxLayout()
        for label, slot in [("Find next", self.find_next), ("Replace", self.replace_one), ("Replace all", self.replace_all)]:
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        form.addRow(row)
        self.status = QLabel("")
        form.addRow(self.status)

    def _flags(self):
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindCaseSensitively
        return flags

    def find_next(self) -> bool:
        editor = self.editor_getter()
        if editor is None or not self.find.text():
            return False
        found = editor.find(self.find.text(), self._flags())
        if not found:
            cursor = editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            editor.setTextCursor(cursor)
            found = editor.find(self.find.text(), self._flags())
        self.status.setText("" if found else "Not found")
        return found

    def replace_one(self):
        editor = self.editor_getter()
        if editor is None:
            return
        cursor = editor.textCursor()
        same = (cursor.selectedText() == self.find.text() if self.case.isChecked()
                else cursor.selectedText().lower() == self.find.text().lower())
        if cursor.hasSelection() and same:
            cursor.insertText(self.replace.text())
        self.find_next()

    def replace_all(self) -> int:
        editor = self.editor_getter()
        if editor is None or not self.find.text():
            return 0
        count = 0
        cursor = editor.textCursor()
        cursor.beginEditBlock()
        cursor.movePosition(cursor.MoveOperation.Start)
        editor.setTextCursor(cursor)
        while editor.find(self.find.text(), self._flags()):
            editor.textCursor().insertText(self.replace.text())
            count += 1
        cursor.endEditBlock()
        self.status.setText(f"Replaced {count}")
        return count
