"""The structured Individual Development Plan editor (Criterion C).

A list of the plan's activities (target, activity, dates, status) and, under it, a form for
the one chosen: its target ECQ and competency, the gap, the activity and its type, dates,
mentor, measure and status. It fits a 1366-pixel screen: no cell holds a squeezed combo.
"Propose targets" adds the ECQs the checks find weak, with template activities. Every edit
rewrites the plan in the package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

COLUMNS = ("Target", "Activity", "Dates", "Status")


@dataclass
class _Row:
    """One activity of the plan as the editor holds it (with its target's fields)."""
    ecq_id: str
    competency_id: str = ""
    gap: str = ""
    activity: Activity = field(default_factory=lambda: Activity(description=""))


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
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        layout.addWidget(self.table, 2)
        self.detail = self._detail_form()
        layout.addWidget(self.detail)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Plan notes")
        self.notes.setPlaceholderText("Notes: how the plan will be reviewed, anything else the ERB should know.")
        layout.addWidget(self.notes, 1)
        self.propose_button.clicked.connect(self.propose_targets)
        self.add_button.clicked.connect(lambda: self.add_row(Target(self.framework.ecq_ids[0]), Activity(description="")))
        self.remove_button.clicked.connect(self.remove_current_row)
        for widget in (self.mentor, self.supervisor_name, self.supervisor_date, self.erb_name, self.erb_date, self.reviews):
            widget.textEdited.connect(self._edited)
        self.horizon.valueChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))
        self.rows: list[_Row] = []
        self._read_only = False
        self._show_row(-1)

    def _detail_form(self) -> QWidget:
        panel = QWidget()
        form = QFormLayout(panel)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.ecq_box, self.competency_box = QComboBox(), QComboBox()
        self.type_box, self.status_box = QComboBox(), QComboBox()
        for key, label in ACTIVITY_TYPES.items():
            self.type_box.addItem(label, key)
        for status in STATUSES:
            self.status_box.addItem(status, status)
        self.gap_edit, self.activity_edit = QLineEdit(), QLineEdit()
        self.start_edit, self.end_edit = QLineEdit(), QLineEdit()
        self.mentor_edit, self.measure_edit = QLineEdit(), QLineEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText("yyyy-mm-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end_edit)
        fields = [("Target ECQ", self.ecq_box), ("Competency", self.competency_box), ("Gap", self.gap_edit),
                  ("Activity", self.activity_edit), ("Type", self.type_box), ("Dates", dates),
                  ("Mentor or coach", self.mentor_edit), ("Measure of success", self.measure_edit),
                  ("Status", self.status_box)]
        for label, widget in fields:
            if isinstance(widget, QWidget):
                widget.setAccessibleName(f"Activity {label.lower()}")
            form.addRow(label, widget)
        self.start_edit.setAccessibleName("Activity start date")
        self.end_edit.setAccessibleName("Activity end date")
        self.ecq_box.currentIndexChanged.connect(self._ecq_chosen)
        for box in (self.competency_box, self.type_box, self.status_box):
            box.currentIndexChanged.connect(self._detail_edited)
        for edit in (self.gap_edit, self.activity_edit, self.start_edit, self.end_edit, self.mentor_edit,
                     self.measure_edit):
            edit.textEdited.connect(self._detail_edited)
        return panel

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
        self.rows = [_Row(target.ecq_id, target.competency_id, target.gap, activity or Activity(description=""))
                     for target in plan.targets for activity in (target.activities or [None])]
        self._read_only = read_only
        for widget in (self.propose_button, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)
        self.ecq_box.blockSignals(True)
        self.ecq_box.clear()
        for ecq in framework.ecqs:
            self.ecq_box.addItem(ecq.name, ecq.id)
        self.ecq_box.blockSignals(False)
        self._refresh_table()
        self._loading = False

    def add_row(self, target: Target, activity: Activity | None, emit: bool = True) -> None:
        self.rows.append(_Row(target.ecq_id, target.competency_id, target.gap, activity or Activity(description="")))
        self._refresh_table(select=len(self.rows) - 1)
        if emit:
            self._edited()

    def _summary(self, row: _Row) -> list[str]:
        ecq = self.framework.ecq(row.ecq_id)
        target = ecq.name
        if row.competency_id:
            try:
                target += " / " + ecq.competency(row.competency_id).name
            except KeyError:
                pass
        a = row.activity
        dates = " to ".join(d.isoformat() for d in (a.start, a.end) if d)
        return [target, a.description or "(describe the activity)", dates, a.status]

    def _refresh_table(self, select: int | None = None) -> None:
        self._loading, was = True, self._loading
        current = self.table.currentRow() if select is None else select
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            for column, text in enumerate(self._summary(row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        self._loading = was
        if self.rows:
            self.table.setCurrentCell(min(max(current, 0), len(self.rows) - 1), 0)
        self._show_row(self.table.currentRow() if self.rows else -1)

    def _show_row(self, index: int) -> None:
        """Fill the form with the chosen activity (or empty and lock it when none is)."""
        has = 0 <= index < len(self.rows)
        self.detail.setEnabled(has and not self._read_only)
        if not has or self.framework is None:
            return
        row = self.rows[index]
        self._loading, was = True, self._loading
        for box in (self.ecq_box, self.competency_box, self.type_box, self.status_box):
            box.blockSignals(True)
        self.ecq_box.setCurrentIndex(max(0, self.ecq_box.findData(row.ecq_id)))
        self._fill_competencies(self.competency_box, row.ecq_id, row.competency_id)
        a = row.activity
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(a.kind)))
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(a.status)))
        for edit, value in ((self.gap_edit, row.gap), (self.activity_edit, a.description),
                            (self.start_edit, a.start.isoformat() if a.start else ""),
                            (self.end_edit, a.end.isoformat() if a.end else ""),
                            (self.mentor_edit, a.mentor), (self.measure_edit, a.measure)):
            edit.setText(value)
        for box in (self.ecq_box, self.competency_box, self.type_box, self.status_box):
            box.blockSignals(False)
        self._loading = was

    def _ecq_chosen(self, *_):
        if self._loading:
            return
        self._fill_competencies(self.competency_box, self.ecq_box.currentData(), "")
        self._detail_edited()

    def _detail_edited(self, *_):
        index = self.table.currentRow()
        if self._loading or not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        row.ecq_id = self.ecq_box.currentData()
        row.competency_id = self.competency_box.currentData() or ""
        row.gap = self.gap_edit.text().strip()
        row.activity = Activity(
            description=self.activity_edit.text().strip(), kind=self.type_box.currentData(),
            start=_parse_date(self.start_edit.text()), end=_parse_date(self.end_edit.text()),
            mentor=self.mentor_edit.text().strip(), measure=self.measure_edit.text().strip(),
            status=self.status_box.currentData())
        self._loading = True
        for column, text in enumerate(self._summary(row)):
            self.table.item(index, column).setText(text)
        self._loading = False
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
        if 0 <= row < len(self.rows):
            del self.rows[row]
            self._refresh_table(select=row)
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
        for row in self.rows:
            target = targets.setdefault((row.ecq_id, row.competency_id, row.gap),
                                        Target(row.ecq_id, row.competency_id, row.gap))
            a = row.activity
            if a.description or a.start or a.measure:
                target.activities.append(a)
        return DevelopmentPlan(
            targets=list(targets.values()), mentor=self.mentor.text().strip(),
            supervisor=SignOff(self.supervisor_name.text().strip(), _parse_date(self.supervisor_date.text())),
            erb=SignOff(self.erb_name.text().strip(), _parse_date(self.erb_date.text())),
            review_dates=_parse_dates(self.reviews.text()), horizon_months=self.horizon.value(),
            notes=self.notes.toPlainText())

    def _edited(self, *_):
        if self._loading or self.package is None:
            return
        plan = self.plan()
        self.package.idp = {} if plan.empty and not plan.mentor else plan.to_dict()
        self.changed.emit()
