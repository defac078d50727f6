"""The structured Individual Development Plan editor (Criterion C).

One row per activity: the target ECQ and competency, the gap, the activity and its type,
dates, mentor, measure and status. "Propose targets" adds the ECQs the checks find weak,
with template activities. Every edit rewrites the plan in the package.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.core.frameworks import Framework
from ecqwriter.core.idp import ACTIVITY_TYPES, STATUSES, Activity, DevelopmentPlan, SignOff, Target, suggested_activities

COLUMNS = ("ECQ", "Competency", "Gap", "Activity", "Type", "Start", "End", "Mentor", "Measure of success", "Status")
ECQ, COMPETENCY, GAP, ACTIVITY, TYPE, START, END, MENTOR, MEASURE, STATUS = range(len(COLUMNS))


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def _parse_dates(text: str) -> list[dt.date]:
    return [d for d in (_parse_date(p) for p in text.replace(";", ",").split(",")) if d]


class IdpEditor(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.framework: Framework | None = None
        self.package = None
        self._loading = False
        self.proposals_source = None  # callable returning the weak ECQ proposals
        layout = QVBoxLayout(self)
        intro = QLabel("<h3>Individual Development Plan</h3><p>Target the ECQs and competencies that need "
                       "strengthening. OPM's exact field list for a Criterion C plan is not confirmed; these fields "
                       "follow the CDP and executive development rules (5 CFR 412.302, 412.401).</p>")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 60)
        self.horizon.setSuffix(" months")
        self.horizon.setAccessibleName("Plan horizon in months")
        self.mentor = QLineEdit()
        self.mentor.setAccessibleName("SES mentor or coach")
        self.supervisor_name, self.supervisor_date = QLineEdit(), QLineEdit()
        self.erb_name, self.erb_date = QLineEdit(), QLineEdit()
        self.reviews = QLineEdit()
        for widget, name in [(self.supervisor_name, "Supervisor sign-off name"),
                             (self.supervisor_date, "Supervisor sign-off date"),
                             (self.erb_name, "ERB sign-off"), (self.erb_date, "ERB sign-off date"),
                             (self.reviews, "Review dates")]:
            widget.setAccessibleName(name)
        for widget in (self.supervisor_date, self.erb_date):
            widget.setPlaceholderText("yyyy-mm-dd")
        self.reviews.setPlaceholderText("yyyy-mm-dd, yyyy-mm-dd")
        form.addRow("Horizon", self.horizon)
        form.addRow("SES mentor or coach", self.mentor)
        for label, name, date in [("Supervisor sign-off", self.supervisor_name, self.supervisor_date),
                                  ("ERB sign-off", self.erb_name, self.erb_date)]:
            row = QHBoxLayout()
            row.addWidget(name, 2)
            row.addWidget(date, 1)
            form.addRow(label, row)
        form.addRow("Review dates", self.reviews)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.propose_button = QPushButton("Propose targets from the checks")
        self.add_button = QPushButton("Add activity")
        self.remove_button = QPushButton("Remove activity")
        for button in (self.propose_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.proposal_label = QLabel("")
        self.proposal_label.setWordWrap(True)
        layout.addWidget(self.proposal_label)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Development activities")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 2)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Plan notes")
        self.notes.setPlaceholderText("Notes: how the plan will be reviewed, anything else the ERB should know.")
        layout.addWidget(self.notes, 1)
        self.propose_button.clicked.connect(self.propose_targets)
        self.add_button.clicked.connect(lambda: self.add_row(Target(self.framework.ecq_ids[0]), Activity()))
        self.remove_button.clicked.connect(self.remove_current_row)
        for widget in (self.mentor, self.supervisor_name, self.supervisor_date, self.erb_name, self.erb_date, self.reviews):
            widget.textEdited.connect(self._edited)
        self.horizon.valueChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.table.itemChanged.connect(self._edited)

    # ------------------------------------------------------------------ loading

    def load(self, package, framework: Framework, read_only: bool) -> None:
        self._loading = True
        self.package, self.framework = package, framework
        plan = DevelopmentPlan.from_dict(package.idp)
        self.horizon.setValue(plan.horizon_months)
        self.mentor.setText(plan.mentor)
        self.supervisor_name.setText(plan.supervisor.name)
        self.supervisor_date.setText(plan.supervisor.date.isoformat() if plan.supervisor.date else "")
        self.erb_name.setText(plan.erb.name)
        self.erb_date.setText(plan.erb.date.isoformat() if plan.erb.date else "")
        self.reviews.setText(", ".join(d.isoformat() for d in plan.review_dates))
        self.notes.setPlainText(plan.notes)
        self.table.setRowCount(0)
        for target in plan.targets:
            for activity in target.activities or [None]:
                self.add_row(target, activity, emit=False)
        for widget in (self.propose_button, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)
        self.table.setEnabled(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers if read_only else QTableWidget.AllEditTriggers)
        self._loading = False

    def add_row(self, target: Target, activity: Activity | None, emit: bool = True) -> None:
        self._loading, was = True, self._loading
        row = self.table.rowCount()
        self.table.insertRow(row)
        ecq_box = QComboBox()
        for ecq in self.framework.ecqs:
            ecq_box.addItem(ecq.name, ecq.id)
        ecq_box.setCurrentIndex(max(0, ecq_box.findData(target.ecq_id)))
        competency_box = QComboBox()
        self._fill_competencies(competency_box, target.ecq_id, target.competency_id)
        ecq_box.currentIndexChanged.connect(
            lambda _i, e=ecq_box, c=competency_box: (self._fill_competencies(c, e.currentData(), ""), self._edited()))
        competency_box.currentIndexChanged.connect(self._edited)
        type_box = QComboBox()
        for key, label in ACTIVITY_TYPES.items():
            type_box.addItem(label, key)
        status_box = QComboBox()
        for status in STATUSES:
            status_box.addItem(status, status)
        activity = activity or Activity(description="")
        type_box.setCurrentIndex(max(0, type_box.findData(activity.kind)))
        status_box.setCurrentIndex(max(0, status_box.findData(activity.status)))
        type_box.currentIndexChanged.connect(self._edited)
        status_box.currentIndexChanged.connect(self._edited)
        self.table.setCellWidget(row, ECQ, ecq_box)
        self.table.setCellWidget(row, COMPETENCY, competency_box)
        self.table.setCellWidget(row, TYPE, type_box)
        self.table.setCellWidget(row, STATUS, status_box)
        for column, value in ((GAP, target.gap), (ACTIVITY, activity.description),
                              (START, activity.start.isoformat() if activity.start else ""),
                              (END, activity.end.isoformat() if activity.end else ""),
                              (MENTOR, activity.mentor), (MEASURE, activity.measure)):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self._loading = was
        if emit:
            self._edited()

    def _fill_competencies(self, box: QComboBox, ecq_id: str, selected: str) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItem("(the ECQ as a whole)", "")
        for competency in self.framework.ecq(ecq_id).competencies:
            box.addItem(competency.name, competency.id)
        box.setCurrentIndex(max(0, box.findData(selected)))
        box.blockSignals(False)

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._edited()

    # ------------------------------------------------------------------ proposals

    def propose_targets(self) -> list[str]:
        """Add the ECQs the checks find weak (and not yet targeted), with template activities."""
        proposals = self.proposals_source() if self.proposals_source else []
        plan = self.plan()
        added = []
        start = dt.date.today() + dt.timedelta(days=30)
        for proposal in proposals:
            if proposal.ecq_id in plan.targeted_ecqs():
                continue
            ecq = self.framework.ecq(proposal.ecq_id)
            missing = [c.name for c in ecq.competencies if c.id in proposal.missing_competencies]
            # words for the board, never the checks' scores
            gap = (f"The narratives show little evidence of {ecq.name}"
                   + (f", in particular {', '.join(missing)}" if missing else "") + ".")
            first_missing = proposal.missing_competencies[0] if proposal.missing_competencies else ""
            for activity in suggested_activities(proposal.ecq_id, start):
                self.add_row(Target(proposal.ecq_id, first_missing, gap), activity, emit=False)
            added.append(ecq.name)
        self.proposal_label.setText("Added targets for: " + ", ".join(added) if added else
                                    "The checks find no weak ECQ that the plan does not already target.")
        self._edited()
        return added

    # ------------------------------------------------------------------ writing back

    def plan(self) -> DevelopmentPlan:
        targets: dict[tuple[str, str, str], Target] = {}
        for row in range(self.table.rowCount()):
            ecq_id = self.table.cellWidget(row, ECQ).currentData()
            competency = self.table.cellWidget(row, COMPETENCY).currentData() or ""
            gap = self._text(row, GAP)
            target = targets.setdefault((ecq_id, competency, gap), Target(ecq_id, competency, gap))
            description = self._text(row, ACTIVITY)
            if description or self._text(row, START) or self._text(row, MEASURE):
                target.activities.append(Activity(
                    description=description, kind=self.table.cellWidget(row, TYPE).currentData(),
                    start=_parse_date(self._text(row, START)), end=_parse_date(self._text(row, END)),
                    mentor=self._text(row, MENTOR), measure=self._text(row, MEASURE),
                    status=self.table.cellWidget(row, STATUS).currentData()))
        return DevelopmentPlan(
            targets=list(targets.values()), mentor=self.mentor.text().strip(),
            supervisor=SignOff(self.supervisor_name.text().strip(), _parse_date(self.supervisor_date.text())),
            erb=SignOff(self.erb_name.text().strip(), _parse_date(self.erb_date.text())),
            review_dates=_parse_dates(self.reviews.text()), horizon_months=self.horizon.value(),
            notes=self.notes.toPlainText())

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _edited(self, *_):
        if self._loading or self.package is None:
            return
        plan = self.plan()
        self.package.idp = {} if plan.empty and not plan.mentor else plan.to_dict()
        self.changed.emit()
