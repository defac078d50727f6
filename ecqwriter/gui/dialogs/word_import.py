"""Preview of a Word draft's import: what goes where, changeable, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ecqwriter.application.word_import import JUSTIFICATION, RESUME, SKIP, ImportPlan
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.model import Package


class ImportDialog(QDialog):
    def __init__(self, parent, plan: ImportPlan, framework: Framework, package: Package):
        super().__init__(parent)
        self.setWindowTitle(f"Import {plan.source.name}")
        self.resize(1000, 640)
        self.plan = plan
        self.framework = framework
        self.replace = False
        layout = QVBoxLayout(self)
        intro = QLabel("Check where each part of the Word file goes. Nothing changes in your package until you "
                       "press Import, and Edit ▸ Undo structure change (Ctrl+Alt+Z) takes the import back.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Vertical)
        self.table = QTableWidget(len(plan.parts), 4)
        self.table.setAccessibleName("Parts of the Word file")
        self.table.setHorizontalHeaderLabels(["Heading in the Word file", "Goes to", "Examples", "Words"])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 380)
        self.table.setColumnWidth(1, 340)
        self.destinations: list[QComboBox] = []
        choices = [(ecq.name, ecq.id) for ecq in framework.ecqs]
        choices += [("Résumé", RESUME)]
        if package.criterion.value == "C":
            choices += [("Agency justification", JUSTIFICATION)]
        choices += [("Do not import", SKIP)]
        for row, part in enumerate(plan.parts):
            self.table.setItem(row, 0, QTableWidgetItem(part.heading or "(text before the first heading)"))
            combo = QComboBox()
            combo.setAccessibleName(f"Destination of part {row + 1}")
            for label, value in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(part.destination)))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._destination_changed(r))
            self.table.setCellWidget(row, 1, combo)
            self.destinations.append(combo)
            self.table.setItem(row, 2, QTableWidgetItem(str(len([e for e in part.examples if e.paragraphs]))))
            self.table.setItem(row, 3, QTableWidgetItem(str(part.word_count())))
        self.table.currentCellChanged.connect(lambda row, *_: self._preview(row))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Text of the chosen part")
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        layout.addWidget(splitter, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("Import notes")
        layout.addWidget(self.notes)
        self.replace_box = QCheckBox("Replace the examples of the ECQs that receive text (otherwise the imported "
                                     "examples come after the ones you have)")
        layout.addWidget(self.replace_box)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.AcceptRole)
        self.import_button.clicked.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_notes()
        if plan.parts:
            self.table.setCurrentCell(0, 0)

    def _destination_changed(self, row: int) -> None:
        self.plan.parts[row].destination = self.destinations[row].currentData()
        self._update_notes()

    def _update_notes(self) -> None:
        lines = [f"• {note}" for note in self.plan.notes]
        lines += [f"⚠ {warning}" for warning in self.plan.warnings(self.framework)]
        self.notes.setText("\n".join(lines))
        self.import_button.setEnabled(any(p.destination != SKIP and p.word_count() for p in self.plan.parts))

    def _preview(self, row: int) -> None:
        if not 0 <= row < len(self.plan.parts):
            return
        part = self.plan.parts[row]
        chunks = []
        for example in part.examples:
            comments = f"  [{len(example.comments)} comment(s)]" if example.comments else ""
            chunks.append(f"=== {example.title}{comments} ===\n\n" + example.text)
        self.preview.setPlainText("\n\n".join(chunks))

    def _confirm(self) -> None:
        self.replace = self.replace_box.isChecked()
        self.accept()
