"""The structured SES résumé editor (core/resume.py, shared/contracts.md 6.4).

Four tabs, narrow enough for a 1366-pixel screen with both docks open: who the candidate is,
the jobs with their accomplishment bullets (gui/editors/resume_jobs.py), the education and
the lists after it, and the text as the checks read it. Every edit rebuilds the résumé and
emits ``changed``; the window stores it (application/stories.py).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.application.stories import EARLIER_TEXT_KEY
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.resume import Accomplishment, Resume
from ecqwriter.gui.editors.resume_jobs import JobsEditor, line_edit, short_text

_YEAR_AT_END = re.compile(r"^(.*?),?\s*((?:19|20)\d\d)\.?$")


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().split("\n") if line.strip()]


def education_line(entry: dict) -> str:
    return ", ".join(str(entry[key]) for key in ("degree", "school", "year") if entry.get(key))


def education_entry(line: str, before: dict[str, dict]) -> dict:
    """A line "Degree, School, Year" as an entry; a line left as it was keeps its entry whole
    (fields the line does not show included)."""
    if line in before:
        return before[line]
    entry: dict = {}
    match = _YEAR_AT_END.match(line)
    if match and match.group(1).strip():
        line, entry["year"] = match.group(1).strip().rstrip(","), int(match.group(2))
    degree, _, school = line.partition(",")
    entry["degree"] = degree.strip()
    if school.strip():
        entry["school"] = school.strip()
    return entry


class ResumeEditor(QWidget):
    changed = Signal()
    # "Add from a story…": the window asks which story, proposes the bullet and adds it here
    bulletFromStoryRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.resume: Resume | None = None
        self.read_only = self._loading = False
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Résumé sections")
        self.tabs.addTab(self._about_tab(), "About you")
        self.experience = JobsEditor()
        self.experience.changed.connect(self._edited)
        self.experience.bulletFromStoryRequested.connect(self.bulletFromStoryRequested)
        self.tabs.addTab(self.experience, "Experience")
        self.tabs.addTab(self._more_tab(), "Education and more")
        self.tabs.addTab(self._text_tab(), "As the board reads it")
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ building

    def _line(self, name: str) -> QLineEdit:
        return line_edit(name, self._edited)

    def _text(self, name: str, lines: int = 3) -> QPlainTextEdit:
        return short_text(name, lines, self._edited)

    def _about_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        outer.addLayout(form)
        self.name = self._line("Name")
        self.location = self._line("City and state")
        self.email = self._line("Email")
        self.phone = self._line("Phone")
        self.citizenship = self._line("Citizenship")
        self.status = self._text("Federal status", 4)  # often a long sentence: read whole, wrapped
        self.status.setPlaceholderText("e.g. career GS-15; or SES CDP graduate, certified 2024")
        self.summary = self._text("Summary", 6)
        for label, widget in (("Name", self.name), ("City, state", self.location), ("Email", self.email),
                              ("Phone", self.phone), ("Citizenship", self.citizenship),
                              ("Federal status", self.status), ("Summary", self.summary)):
            form.addRow(label, widget)
        self.earlier = QPlainTextEdit()
        self.earlier.setReadOnly(True)
        self.earlier.setAccessibleName("Earlier free-text résumé")
        self.earlier_box = QGroupBox("Your earlier free-text résumé (kept; copy from it into the fields)")
        QVBoxLayout(self.earlier_box).addWidget(self.earlier)
        form.addRow(self.earlier_box)
        outer.addStretch(1)  # the rows stay together at the top, however tall the tab
        return page

    def _more_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.WrapAllRows)
        self.education = self._text("Education", 4)
        self.education.setPlaceholderText("One degree a line: Degree, School, Year")
        self.certifications = self._text("Certifications", 3)
        self.training = self._text("Training", 4)
        self.awards = self._text("Awards", 3)
        for label, widget in (("Education (one a line: Degree, School, Year)", self.education),
                              ("Certifications (one a line)", self.certifications),
                              ("Training (one a line)", self.training), ("Awards (one a line)", self.awards)):
            form.addRow(label, widget)
        return page

    def _text_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel("The text the checks read and the export prints, one column, made from the fields. "
                      "Only the first 2 pages are read by the board.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.rendered = QPlainTextEdit()
        self.rendered.setReadOnly(True)
        self.rendered.setAccessibleName("Résumé as the board reads it")
        layout.addWidget(self.rendered, 1)
        return page

    # ------------------------------------------------------------------ loading

    def load(self, resume: Resume, framework: Framework, story_titles: list[str], read_only: bool,
             limit_pages: float) -> None:
        self._loading = True
        try:
            self.resume, self.read_only = resume, read_only
            self.heading.setText(f"<h3>Résumé</h3><p>Limit: {limit_pages:g} pages. Implied first person: start "
                                 "each bullet with its verb, never \"I\".</p>")
            self.name.setText(resume.name)
            self.location.setText(resume.contact.get("location", ""))
            self.email.setText(resume.contact.get("email", ""))
            self.phone.setText(resume.contact.get("phone", ""))
            self.citizenship.setText(resume.citizenship)
            self.status.setPlainText(resume.status)
            self.summary.setPlainText(resume.summary)
            earlier = resume.extra.get(EARLIER_TEXT_KEY, "")
            self.earlier.setPlainText(earlier if isinstance(earlier, str) else "")
            self.earlier_box.setVisible(bool(self.earlier.toPlainText()))
            self.education.setPlainText("\n".join(education_line(e) for e in resume.education))
            self.certifications.setPlainText("\n".join(resume.certifications))
            self.training.setPlainText("\n".join(resume.training))
            self.awards.setPlainText("\n".join(resume.awards))
            self.experience.load(resume, framework, story_titles, read_only)
            self.rendered.setPlainText(resume.render_text())
            for widget in (self.name, self.location, self.email, self.phone, self.citizenship, self.status,
                           self.summary, self.education, self.certifications, self.training, self.awards):
                widget.setReadOnly(read_only)
        finally:
            self._loading = False

    # ------------------------------------------------------------------ edits

    def _edited(self, *_) -> None:
        if self._loading or self.resume is None or self.read_only:
            return
        r = self.resume
        r.name = self.name.text().strip()
        contact = {key: edit.text().strip() for key, edit in
                   (("location", self.location), ("email", self.email), ("phone", self.phone))}
        # contact fields this version does not show are kept
        r.contact = {**{k: v for k, v in r.contact.items() if k not in contact}, **{k: v for k, v in contact.items() if v}}
        r.citizenship, r.status = self.citizenship.text().strip(), " ".join(self.status.toPlainText().split())
        r.summary = self.summary.toPlainText().strip()
        before = {education_line(e): e for e in r.education}
        r.education = [education_entry(line, before) for line in _lines(self.education)]
        r.certifications, r.training, r.awards = _lines(self.certifications), _lines(self.training), _lines(self.awards)
        self.rendered.setPlainText(r.render_text())
        self.changed.emit()

    def add_accomplishment(self, bullet: Accomplishment) -> None:
        """A bullet at the end of the job selected under Experience."""
        self.tabs.setCurrentWidget(self.experience)
        self.experience.add_accomplishment(bullet)


__all__ = ["ResumeEditor", "education_entry", "education_line"]
