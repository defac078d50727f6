"""The New package dialog: file, criterion, framework and candidate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ecqwriter.core.formats import all_formats
from ecqwriter.core.frameworks import load_all_frameworks, load_framework
from ecqwriter.core.model import CRITERION_TITLES, Criterion


CRITERION_HELP = {
    Criterion.A: "The candidate shows all five ECQs through executive experience.",
    Criterion.B: "The candidate completed an OPM-approved SES Candidate Development Program.",
    Criterion.C: "Special or unique qualities; needs the agency's justification and an IDP.",
}


class NewPackageDialog(QDialog):
    def __init__(self, parent=None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("New package")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = QLineEdit(str(Path(folder or Path.home()) / "my-package.ecq"))
        self.path.setAccessibleName("Package file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.candidate = QLineEdit()
        self.candidate.setAccessibleName("Candidate name")
        form.addRow("Candidate", self.candidate)
        self.framework = QComboBox()
        self.framework.setAccessibleName("ECQ framework")
        for framework in sorted(load_all_frameworks(), key=lambda f: f.effective_from, reverse=True):
            until = framework.effective_until.isoformat() if framework.effective_until else "now"
            note = " (some facts unconfirmed)" if framework.has_unconfirmed_facts() else ""
            self.framework.addItem(f"{framework.name}: {framework.effective_from.isoformat()} to {until}{note}",
                                   framework.id)
        form.addRow("Framework", self.framework)
        self.application_format = QComboBox()
        self.application_format.setAccessibleName("Application format")
        for application_format in all_formats():
            self.application_format.addItem(application_format.name, application_format.id)
        form.addRow("Application", self.application_format)
        # each framework proposes its own default (résumé only for the 2025 ECQs)
        self.framework.currentIndexChanged.connect(self._framework_chosen)
        self._framework_chosen()
        layout.addLayout(form)
        self.criteria = QButtonGroup(self)
        for criterion in Criterion:
            button = QRadioButton(f"{CRITERION_TITLES[criterion]}\n    {CRITERION_HELP[criterion]}")
            button.setAccessibleName(CRITERION_TITLES[criterion])
            self.criteria.addButton(button)
            button.setProperty("criterion", criterion.value)
            layout.addWidget(button)
            if criterion == Criterion.A:
                button.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _framework_chosen(self, *_):
        framework = load_framework(self.framework.currentData())
        self.application_format.setCurrentIndex(self.application_format.findData(framework.default_format))

    def _browse(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "New package", self.path.text(), "ECQ packages (*.ecq)")
        if chosen:
            self.path.setText(chosen if chosen.endswith(".ecq") else chosen + ".ecq")

    def values(self) -> dict:
        return {
            "path": Path(self.path.text()).expanduser(),
            "criterion": self.criteria.checkedButton().property("criterion"),
            "framework": self.framework.currentData(),
            "application_format": self.application_format.currentData(),
            "candidate": self.candidate.text().strip(),
        }
