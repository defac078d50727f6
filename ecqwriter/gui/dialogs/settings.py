"""The settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
)


class SettingsDialog(QDialog):
    def __init__(self, parent, settings):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout(self)
        self.autosave = QDoubleSpinBox()
        self.autosave.setRange(2, 600)
        self.autosave.setDecimals(0)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(settings.autosave_seconds)
        self.autosave.setAccessibleName("Autosave interval in seconds")
        self.theme = QComboBox()
        for value, label in [("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")]:
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.theme.setAccessibleName("Theme")
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 32)
        self.font_size.setValue(settings.font_size)
        self.font_size.setAccessibleName("Editor font size")
        self.info = QCheckBox("Show information-level findings (passive voice, long sentences…)")
        self.info.setChecked(settings.show_info_findings)
        self.spelling = QCheckBox("Check spelling (offline English dictionary, federal terms and your own words)")
        self.spelling.setChecked(settings.check_spelling)
        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setPlaceholderText("Shown on your comments and in the package's save history")
        self.user_name.setAccessibleName("Your name")
        self.user_role = QComboBox()
        self.user_role.addItem("Candidate (I write the package)", "candidate")
        self.user_role.addItem("Reviewer (coach, CDP coordinator, executive resources)", "reviewer")
        self.user_role.setCurrentIndex(max(0, self.user_role.findData(settings.user_role)))
        self.user_role.setAccessibleName("Your role")
        form.addRow("Your name", self.user_name)
        form.addRow("Your role", self.user_role)
        form.addRow(self.spelling)
        form.addRow("Autosave every", self.autosave)
        form.addRow("Theme", self.theme)
        form.addRow("Editor font size", self.font_size)
        form.addRow(self.info)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self):
        self.settings.autosave_seconds = self.autosave.value()
        self.settings.theme = self.theme.currentData()
        self.settings.font_size = self.font_size.value()
        self.settings.show_info_findings = self.info.isChecked()
        self.settings.check_spelling = self.spelling.isChecked()
        self.settings.user_name = self.user_name.text()
        self.settings.user_role = self.user_role.currentData()
        self.settings.sync()
        self.accept()
