"""Forms for the package's non-narrative parts: candidate details and the CDP record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ecqwriter.core.formats import all_formats, package_format
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.model import Package


def _date_edit(name: str) -> tuple[QCheckBox, QDateEdit]:
    known = QCheckBox("known")
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    known.setAccessibleName(f"{name} is known")
    edit.setEnabled(False)
    known.toggled.connect(edit.setEnabled)
    return known, edit


def _to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate.currentDate()


def _from(known: QCheckBox, edit: QDateEdit) -> dt.date | None:
    if not known.isChecked():
        return None
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class DetailsForm(QWidget):
    changed = Signal()
    # the application format changed: page limits, checks and the export follow it
    formatChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QFormLayout(self)
        self.fields = {}
        for key, label in [("name", "Candidate name"), ("current_position", "Current position"),
                           ("agency", "Agency"), ("target_position", "Target SES position"),
                           ("announcement_number", "Announcement number")]:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.textEdited.connect(self._edited)
            layout.addRow(label, edit)
            self.fields[key] = edit
        self.as_of_known, self.as_of = _date_edit("Package date (for the age of examples)")
        self.as_of_known.toggled.connect(self._edited)
        self.as_of.dateChanged.connect(self._edited)
        layout.addRow("Package date", self.as_of_known)
        layout.addRow("", self.as_of)
        self.application_format = QComboBox()
        self.application_format.setAccessibleName("Application format")
        for application_format in all_formats():
            self.application_format.addItem(application_format.name, application_format.id)
            self.application_format.setItemData(self.application_format.count() - 1, application_format.summary,
                                                Qt.ToolTipRole)
        self.application_format.currentIndexChanged.connect(self._format_chosen)
        layout.addRow("Application format", self.application_format)
        self.format_note = QLabel()
        self.format_note.setWordWrap(True)
        layout.addRow("", self.format_note)
        self.fixed = QLabel()
        self.fixed.setWordWrap(True)
        layout.addRow("Case and framework", self.fixed)
        self.package: Package | None = None
        self._loading = False

    def load(self, package: Package, framework: Framework, read_only: bool) -> None:
        self._loading = True
        self.package = package
        values = {"name": package.candidate.name, "current_position": package.candidate.current_position,
                  "agency": package.candidate.agency, "target_position": package.target_position,
                  "announcement_number": package.announcement_number}
        for key, edit in self.fields.items():
            edit.setText(values[key])
            edit.setReadOnly(read_only)
        self.as_of_known.setChecked(package.as_of is not None)
        self.as_of.setDate(_to_qdate(package.as_of))
        chosen = package_format(package)
        self.application_format.setCurrentIndex(self.application_format.findData(chosen.id))
        self.application_format.setEnabled(not read_only)
        self.format_note.setText(chosen.summary)
        until = framework.effective_until.isoformat() if framework.effective_until else "now"
        note = " Some of this framework's facts are unconfirmed (see Help)." if framework.has_unconfirmed_facts() else ""
        self.fixed.setText(f"{package.criterion.title}\n{framework.name}, in force "
                           f"{framework.effective_from.isoformat()} to {until}.{note}")
        self._loading = False

    def _format_chosen(self, *_):
        if self._loading or self.package is None:
            return
        self.package.application_format = self.application_format.currentData()
        self.format_note.setText(package_format(self.package).summary)
        self.formatChanged.emit()
        self.changed.emit()

    def _edited(self, *_):
        if self._loading or self.package is None:
            return
        p = self.package
        p.candidate.name = self.fields["name"].text()
        p.candidate.current_position = self.fields["current_position"].text()
        p.candidate.agency = self.fields["agency"].text()
        p.target_position = self.fields["target_position"].text()
        p.announcement_number = self.fields["announcement_number"].text()
        p.as_of = _from(self.as_of_known, self.as_of)
        self.changed.emit()


class CdpForm(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QFormLayout(self)
        self.program = QLineEdit()
        self.agency = QLineEdit()
        self.mentor = QLineEdit()
        for label, edit in [("CDP name", self.program), ("Sponsoring agency", self.agency), ("SES mentor", self.mentor)]:
            edit.setAccessibleName(label)
            edit.textEdited.connect(self._edited)
            layout.addRow(label, edit)
        self.dates = {}
        for key, label in [("opm_approval_date", "OPM approval of the CDP"), ("start_date", "Programme start"),
                           ("completion_date", "Completion"), ("erb_certification_date", "ERB certification")]:
            known, edit = _date_edit(label)
            known.toggled.connect(self._edited)
            edit.dateChanged.connect(self._edited)
            layout.addRow(label, known)
            layout.addRow("", edit)
            self.dates[key] = (known, edit)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 2000)
        self.hours.setDecimals(1)
        self.hours.setSuffix(" h")
        self.hours.setAccessibleName("Formal training hours")
        self.months = QDoubleSpinBox()
        self.months.setRange(0, 60)
        self.months.setDecimals(1)
        self.months.setSuffix(" months")
        self.months.setAccessibleName("Developmental assignment months")
        for label, box in [("Formal training (hours)", self.hours), ("Developmental assignments", self.months)]:
            box.valueChanged.connect(self._edited)
            layout.addRow(label, box)
        rules = QLabel("5 CFR 412.302 asks for at least 12 months, 80 hours of formal training with "
                       "people from outside the agency, 4 months of assignments and an SES mentor.")
        rules.setWordWrap(True)  # unwrapped, this one line set the window's width (948 px)
        layout.addRow(rules)
        self.package = None
        self._loading = False

    def load(self, package: Package, read_only: bool) -> None:
        self._loading = True
        self.package = package
        cdp = package.cdp
        self.program.setText(cdp.program_name)
        self.agency.setText(cdp.agency)
        self.mentor.setText(cdp.mentor)
        for key, (known, edit) in self.dates.items():
            value = getattr(cdp, key)
            known.setChecked(value is not None)
            edit.setDate(_to_qdate(value))
        self.hours.setValue(cdp.training_hours or 0)
        self.months.setValue(cdp.assignment_months or 0)
        for w in (self.program, self.agency, self.mentor):
            w.setReadOnly(read_only)
        self._loading = False

    def _edited(self, *_):
        if self._loading or self.package is None:
            return
        cdp = self.package.cdp
        cdp.program_name = self.program.text()
        cdp.agency = self.agency.text()
        cdp.mentor = self.mentor.text()
        for key, (known, edit) in self.dates.items():
            setattr(cdp, key, _from(known, edit))
        cdp.training_hours = self.hours.value() or None
        cdp.assignment_months = self.months.value() or None
        self.changed.emit()
