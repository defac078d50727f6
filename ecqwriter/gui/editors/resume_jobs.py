"""The jobs of a structured résumé and their accomplishment bullets (gui/editors/resume.py's
Experience tab): a list of jobs, the selected job's fields, then its bullets, each tagged with
the ECQs it shows and linked to the story it comes from."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.core.frameworks import Framework
from ecqwriter.core.location import shorten
from ecqwriter.core.resume import Accomplishment, Job, Resume

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def short_text(name: str, lines: int, on_edit) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    edit.textChanged.connect(on_edit)
    return edit


def line_edit(name: str, on_edit) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.textEdited.connect(on_edit)
    return edit


def button_row(*names: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = []
    for name in names:
        button = QPushButton(name)
        row.addWidget(button)
        buttons.append(button)
    row.addStretch(1)
    return row, buttons


class JobsEditor(QWidget):
    changed = Signal()
    bulletFromStoryRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.resume: Resume | None = None
        self.framework: Framework | None = None
        self.read_only = False
        self._loading = False
        layout = QVBoxLayout(self)
        self.jobs = QListWidget()
        self.jobs.setAccessibleName("Jobs")
        self.jobs.setTextElideMode(Qt.ElideRight)
        self.jobs.setMaximumHeight(self.jobs.fontMetrics().lineSpacing() * 5 + 12)
        self.jobs.currentRowChanged.connect(self._show_job)
        layout.addWidget(QLabel("Jobs, newest first: the board weighs the last 10 years."))
        layout.addWidget(self.jobs)
        row, (self.add_job, self.remove_job, self.job_up, self.job_down) = button_row(
            "Add job", "Remove", "Up", "Down")
        self.add_job.clicked.connect(self._add_job)
        self.remove_job.clicked.connect(self._remove_job)
        self.job_up.clicked.connect(lambda: self._move_job(-1))
        self.job_down.clicked.connect(lambda: self._move_job(1))
        layout.addLayout(row)

        self.job_box = QGroupBox("Job")
        form = QFormLayout(self.job_box)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.job_title = self._line("Job title")
        self.organization = self._line("Organization")
        self.job_location = self._line("Job location")
        self.start = self._month("Started", "unknown")
        self.end = self._month("Ended", "present")
        self.hours = QSpinBox()
        self.hours.setRange(0, 100)
        self.hours.setSpecialValueText("not given")
        self.hours.setSuffix(" hours a week")
        self.hours.setAccessibleName("Hours per week")
        self.hours.valueChanged.connect(self._edited)
        self.grade = self._line("Series and grade")
        self.supervisor = self._line("Supervisor")
        self.supervisor.setPlaceholderText("name, phone, and whether they may be contacted")
        self.duties = self._text("Duties", 3)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        for label, widget in (("Title", self.job_title), ("Organization", self.organization),
                              ("Location", self.job_location), ("Dates", dates), ("Hours", self.hours),
                              ("Series, grade", self.grade), ("Supervisor", self.supervisor),
                              ("Duties", self.duties)):
            form.addRow(label, widget)
        layout.addWidget(self.job_box)

        self.bullet_box = QGroupBox("Accomplishments: one or two lines each, the result in numbers")
        inner = QVBoxLayout(self.bullet_box)
        self.bullets = QListWidget()
        self.bullets.setAccessibleName("Accomplishments")
        self.bullets.setWordWrap(True)
        self.bullets.setMaximumHeight(self.bullets.fontMetrics().lineSpacing() * 7 + 12)
        self.bullets.currentRowChanged.connect(self._show_bullet)
        inner.addWidget(self.bullets)
        row, (self.add_bullet, self.from_story, self.remove_bullet, self.bullet_up, self.bullet_down) = button_row(
            "Add", "Add from a story…", "Remove", "Up", "Down")
        self.add_bullet.clicked.connect(self._add_bullet)
        self.from_story.clicked.connect(self.bulletFromStoryRequested)
        self.remove_bullet.clicked.connect(self._remove_bullet)
        self.bullet_up.clicked.connect(lambda: self._move_bullet(-1))
        self.bullet_down.clicked.connect(lambda: self._move_bullet(1))
        inner.addLayout(row)
        self.bullet_text = self._text("Accomplishment text", 3)
        inner.addWidget(self.bullet_text)
        # what the checks say of the selected bullet, as the board would read it
        self.bullet_notes = QLabel("")
        self.bullet_notes.setWordWrap(True)
        self.bullet_notes.setAccessibleName("Checks on this accomplishment")
        self.line_notes: dict[tuple[int, int], list[str]] = {}
        inner.addWidget(self.bullet_notes)
        self.ecq_grid = QGridLayout()
        self.ecq_boxes: dict[str, QCheckBox] = {}
        inner.addWidget(QLabel("Shows these ECQs:"))
        inner.addLayout(self.ecq_grid)
        story_row = QHBoxLayout()
        story_row.addWidget(QLabel("From the story:"))
        self.story = QComboBox()
        self.story.setAccessibleName("Story of this accomplishment")
        self.story.currentIndexChanged.connect(self._edited)
        story_row.addWidget(self.story, 1)
        inner.addLayout(story_row)
        layout.addWidget(self.bullet_box)
        layout.addStretch(1)

    def _line(self, name: str) -> QLineEdit:
        return line_edit(name, self._edited)

    def _text(self, name: str, lines: int = 3) -> QPlainTextEdit:
        return short_text(name, lines, self._edited)

    def _month(self, name: str, empty_means: str) -> QLineEdit:
        edit = self._line(name)
        edit.setPlaceholderText(f"YYYY-MM ({empty_means} if empty)")
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,4}(-\d{0,2})?$")))
        return edit

    def load(self, resume: Resume, framework: Framework, story_titles: list[str], read_only: bool) -> None:
        self._loading = True
        try:
            self.resume, self.framework, self.read_only = resume, framework, read_only
            self._build_ecq_boxes()
            self.story.clear()
            self.story.addItem("(none)", None)
            for title in story_titles:
                self.story.addItem(title, title)
            self._fill_jobs(0 if resume.experience else -1)
            for widget in (self.job_title, self.organization, self.job_location, self.start, self.end, self.grade,
                           self.supervisor, self.duties, self.bullet_text):
                widget.setReadOnly(read_only)
            for widget in (self.hours, self.story, self.add_job, self.remove_job, self.job_up, self.job_down,
                           self.add_bullet, self.from_story, self.remove_bullet, self.bullet_up, self.bullet_down,
                           *self.ecq_boxes.values()):
                widget.setEnabled(not read_only)
        finally:
            self._loading = False

    def _build_ecq_boxes(self) -> None:
        for box in self.ecq_boxes.values():
            self.ecq_grid.removeWidget(box)
            box.deleteLater()
        self.ecq_boxes = {}
        for index, ecq in enumerate(self.framework.ecqs):
            # two columns fit beside each other on a laptop; the full name is the tooltip
            box = QCheckBox(shorten(ecq.name, 28))
            box.setToolTip(f"{ecq.name}: {ecq.meaning}")
            box.setAccessibleName(ecq.name)
            box.toggled.connect(self._edited)
            self.ecq_grid.addWidget(box, index // 2, index % 2)
            self.ecq_boxes[ecq.id] = box

    def _job_label(self, job: Job) -> str:
        when = f"{job.start or '?'} to {job.end or 'present'}"
        return f"{job.title or '(no title)'} ({when})"

    def _fill_jobs(self, select: int) -> None:
        with QSignalBlocker(self.jobs):
            self.jobs.clear()
            for job in self.resume.experience:
                self.jobs.addItem(self._job_label(job))
            self.jobs.setCurrentRow(select)
        self._show_job(select)

    def _show_job(self, row: int) -> None:
        job = self.current_job()
        loading, self._loading = self._loading, True
        try:
            self.job_box.setEnabled(job is not None)
            self.bullet_box.setEnabled(job is not None)
            job = job or Job("", "")
            self.job_title.setText(job.title)
            self.organization.setText(job.organization)
            self.job_location.setText(job.location)
            self.start.setText(job.start or "")
            self.end.setText(job.end or "")
            self.hours.setValue(int(job.hours_per_week or 0))
            self.grade.setText(job.grade)
            self.supervisor.setText(job.supervisor or "")
            self.duties.setPlainText(job.duties)
            self._fill_bullets(0 if job.accomplishments else -1)
        finally:
            self._loading = loading

    def _fill_bullets(self, select: int) -> None:
        job = self.current_job()
        with QSignalBlocker(self.bullets):
            self.bullets.clear()
            for bullet in (job.accomplishments if job else []):
                self.bullets.addItem(QListWidgetItem(self._bullet_label(bullet)))
            self.bullets.setCurrentRow(select)
        self._show_bullet(select)

    def _bullet_label(self, bullet: Accomplishment) -> str:
        names = [self.framework.ecq(e).name for e in bullet.ecqs if e in self.framework.ecq_ids] if self.framework else []
        tags = f"  [{'; '.join(names)}]" if names else "  [no ECQ tagged]"
        return f"• {bullet.text or '(empty)'}{tags}"

    def set_line_notes(self, notes: dict[tuple[int, int], list[str]]) -> None:
        """The checks' notes on each bullet, by (job, bullet), 1-based (check_rows.resume_line_notes)."""
        self.line_notes = notes
        self._show_notes()

    def _show_notes(self) -> None:
        key = (self.jobs.currentRow() + 1, self.bullets.currentRow() + 1)
        notes = self.line_notes.get(key, [])
        self.bullet_notes.setText("\n".join(notes))
        self.bullet_notes.setVisible(bool(notes))

    def _show_bullet(self, row: int) -> None:
        self._show_notes()
        bullet = self.current_bullet()
        loading, self._loading = self._loading, True
        try:
            enabled = bullet is not None and not self.read_only
            for widget in (self.bullet_text, self.story, *self.ecq_boxes.values()):
                widget.setEnabled(bullet is not None and (widget is self.bullet_text or enabled))
            bullet = bullet or Accomplishment("")
            self.bullet_text.setPlainText(bullet.text)
            for ecq_id, box in self.ecq_boxes.items():
                box.setChecked(ecq_id in bullet.ecqs)
            index = self.story.findData(bullet.story) if bullet.story else 0
            if index < 0:  # a story renamed or removed since: still named, never dropped
                self.story.addItem(f"{bullet.story} (not in the story bank)", bullet.story)
                index = self.story.count() - 1
            self.story.setCurrentIndex(index)
        finally:
            self._loading = loading

    # ------------------------------------------------------------------ what is selected

    def current_job(self) -> Job | None:
        row = self.jobs.currentRow()
        return self.resume.experience[row] if self.resume and 0 <= row < len(self.resume.experience) else None

    def current_bullet(self) -> Accomplishment | None:
        job = self.current_job()
        row = self.bullets.currentRow()
        return job.accomplishments[row] if job and 0 <= row < len(job.accomplishments) else None

    # ------------------------------------------------------------------ edits

    def _add_job(self) -> None:
        if self.resume is None or self.read_only:
            return
        self.resume.experience.insert(0, Job(title="New job", organization=""))
        self._fill_jobs(0)
        self.job_title.setFocus()
        self.job_title.selectAll()
        self._edited()

    def _remove_job(self) -> None:
        row = self.jobs.currentRow()
        if self.resume is None or self.read_only or row < 0:
            return
        del self.resume.experience[row]
        self._fill_jobs(min(row, len(self.resume.experience) - 1))
        self._edited()

    def _move_job(self, delta: int) -> None:
        row = self.jobs.currentRow()
        jobs = self.resume.experience if self.resume else []
        if self.read_only or not 0 <= row < len(jobs) or not 0 <= row + delta < len(jobs):
            return
        jobs[row], jobs[row + delta] = jobs[row + delta], jobs[row]
        self._fill_jobs(row + delta)
        self._edited()

    def _add_bullet(self) -> None:
        self.add_accomplishment(Accomplishment(""))
        self.bullet_text.setFocus()

    def add_accomplishment(self, bullet: Accomplishment) -> None:
        """A bullet at the end of the selected job (the first if none is selected)."""
        if self.resume is None or self.read_only:
            return
        if not self.resume.experience:
            self.resume.experience.append(Job(title="Current position", organization=""))
            self._fill_jobs(0)
        if self.current_job() is None:
            self._fill_jobs(0)
        job = self.current_job()
        job.accomplishments.append(bullet)
        self._fill_bullets(len(job.accomplishments) - 1)
        self._edited()

    def _remove_bullet(self) -> None:
        job, row = self.current_job(), self.bullets.currentRow()
        if job is None or self.read_only or not 0 <= row < len(job.accomplishments):
            return
        del job.accomplishments[row]
        self._fill_bullets(min(row, len(job.accomplishments) - 1))
        self._edited()

    def _move_bullet(self, delta: int) -> None:
        job, row = self.current_job(), self.bullets.currentRow()
        items = job.accomplishments if job else []
        if self.read_only or not 0 <= row < len(items) or not 0 <= row + delta < len(items):
            return
        items[row], items[row + delta] = items[row + delta], items[row]
        self._fill_bullets(row + delta)
        self._edited()

    def _edited(self, *_) -> None:
        if self._loading or self.resume is None or self.read_only:
            return
        job = self.current_job()
        if job is not None:
            job.title, job.organization = self.job_title.text().strip(), self.organization.text().strip()
            job.location, job.grade = self.job_location.text().strip(), self.grade.text().strip()
            # a month half typed, or an end before the start, keeps the dates they replace:
            # the résumé stays one a file can hold
            start, end = self.start.text().strip(), self.end.text().strip()
            start = (start or None) if not start or _MONTH.match(start) else job.start
            end = (end or None) if not end or _MONTH.match(end) else job.end
            if not (start and end and end < start):
                job.start, job.end = start, end
            job.hours_per_week = float(self.hours.value()) if self.hours.value() else None
            job.supervisor = self.supervisor.text().strip() or None
            job.duties = self.duties.toPlainText().strip()
            self.jobs.item(self.jobs.currentRow()).setText(self._job_label(job))
            bullet = self.current_bullet()
            if bullet is not None:
                bullet.text = " ".join(self.bullet_text.toPlainText().split())
                bullet.ecqs = [ecq_id for ecq_id, box in self.ecq_boxes.items() if box.isChecked()]
                bullet.story = self.story.currentData()
                self.bullets.item(self.bullets.currentRow()).setText(self._bullet_label(bullet))
        self.changed.emit()
