"""Convert a package to another ECQ framework: the analysis's assignment of each story, for
the candidate to confirm or change before the new package is written (application/convert.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ecqwriter.application.convert import Conversion
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.location import shorten


class ConvertDialog(QDialog):
    def __init__(self, parent, conversion: Conversion, source: Framework, target: Framework, output: Path):
        super().__init__(parent)
        self.conversion, self.source, self.target = conversion, source, target
        self.setWindowTitle(f"Convert to {target.name}")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Each story is assigned to the {target.name} ECQ that the analysis finds likeliest, "
                       "with its confidence. Change any assignment you disagree with, then Convert. A new "
                       "package is written with everything in this one (stories, résumé, comments, forms, "
                       "revisions); this package is not changed.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(conversion.moves), 3)
        self.table.setAccessibleName("Stories and the ECQ each goes to")
        self.table.setHorizontalHeaderLabels(["Story", f"Was ({source.id})", f"Goes to ({target.id})"])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.choices: list[QComboBox] = []
        for row, move in enumerate(conversion.moves):
            story = QTableWidgetItem(move.title)
            story.setToolTip(move.title)
            self.table.setItem(row, 0, story)
            self.table.setItem(row, 1, QTableWidgetItem(source.ecq_name(move.from_ecq)))
            choice = QComboBox()
            choice.setAccessibleName(f"New ECQ for {move.title}")
            for ecq_id, confidence in move.ranked:
                suggested = " (suggested)" if ecq_id == move.proposed else ""
                # short enough that the stories' titles keep their room; the full name on hover
                choice.addItem(f"{shorten(target.ecq_name(ecq_id), 34)}: {confidence:.0%}{suggested}", ecq_id)
                choice.setItemData(choice.count() - 1, target.ecq_name(ecq_id), Qt.ToolTipRole)
            choice.setCurrentIndex(max(0, choice.findData(move.to_ecq)))
            choice.currentIndexChanged.connect(lambda _, r=row: self._chosen(r))
            self.table.setCellWidget(row, 2, choice)
            self.choices.append(choice)
        if self.choices:  # even rows, tall enough for a title on two lines and for its choice
            lines = self.table.fontMetrics().lineSpacing() * 2 + 8
            self.table.verticalHeader().setDefaultSectionSize(max(lines, self.choices[0].sizeHint().height() + 6))
        layout.addWidget(self.table, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("What the new package will lack")
        layout.addWidget(self.notes)
        row = QHBoxLayout()
        row.addWidget(QLabel("New package:"))
        self.output = QLineEdit(str(output))
        self.output.setAccessibleName("New package file")
        row.addWidget(self.output, 1)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.convert_button = buttons.addButton("Convert", QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_notes()

    def _chosen(self, row: int) -> None:
        self.conversion.moves[row].assign(self.choices[row].currentData())
        self.conversion.summarise()
        self._show_notes()

    def _show_notes(self) -> None:
        """What the assignments leave: the new ECQs with no old equivalent and the ECQs
        without a story, each with the stories closest to it."""
        lines = []
        for ecq_id, closest in self.conversion.without_equivalent.items():
            names = ", ".join(f"{title} ({p:.0%})" for title, p in closest) or "none yet"
            lines.append(f"<b>{self.target.ecq_name(ecq_id)}</b> has no equivalent in {self.source.name}: the "
                         f"closest {'story is' if len(closest) == 1 else 'stories are'} {names}. Check that it "
                         "shows this ECQ, or write a story that does.")
        for ecq_id, closest in self.conversion.empty.items():
            if ecq_id in self.conversion.without_equivalent:
                continue
            hint = f" The closest story is {closest[0]} ({closest[1]:.0%})." if closest else ""
            lines.append(f"<b>{self.target.ecq_name(ecq_id)}</b> has no story yet.{hint}")
        self.notes.setText("<br>".join(lines) if lines else "Every new ECQ has a story.")

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New package", self.output.text(), "ecqwriter packages (*.ecq)")
        if path:
            self.output.setText(path if path.endswith(".ecq") else f"{path}.ecq")

    def output_path(self) -> Path:
        return Path(self.output.text().strip()).expanduser()
