"""Dialogs: new package, revisions with diff, find and replace, settings, help, about."""

from __future__ import annotations

import difflib
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ecqwriter import __version__
from ecqwriter.core.frameworks import load_all_frameworks
from ecqwriter.core.model import CRITERION_TITLES, Criterion
from ecqwriter.core.resources import resource_path

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

    def _browse(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "New package", self.path.text(), "ECQ packages (*.ecq)")
        if chosen:
            self.path.setText(chosen if chosen.endswith(".ecq") else chosen + ".ecq")

    def values(self) -> dict:
        return {
            "path": Path(self.path.text()).expanduser(),
            "criterion": self.criteria.checkedButton().property("criterion"),
            "framework": self.framework.currentData(),
            "candidate": self.candidate.text().strip(),
        }


def side_by_side_html(old: str, new: str) -> tuple[str, str]:
    """Two HTML panes with removed words struck in red and added words in green."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part = html.escape(" ".join(a[i1:i2])).replace("\n", "<br>")
        new_part = html.escape(" ".join(b[j1:j2])).replace("\n", "<br>")
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f'<span style="background:#ffd6d6;text-decoration:line-through">{old_part}</span>')
        if new_part:
            right.append(f'<span style="background:#d4f7d4">{new_part}</span>')
    return " ".join(left), " ".join(right)


class RevisionsDialog(QDialog):
    """Compares any two versions of an example side by side; restores the left one.

    ``versions`` are (label, text) pairs: the revisions, and the text as each person
    last saw it when the package travelled between candidate and reviewer."""

    def __init__(self, parent, versions: list[tuple[str, str]], current_text: str):
        super().__init__(parent)
        self.setWindowTitle("Revisions of this example")
        self.resize(1100, 640)
        self.versions = versions
        self.current_text = current_text
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName("Revisions")
        for label, _text in versions:
            QListWidgetItem(label, self.list)
        self.against = QComboBox()
        self.against.setAccessibleName("Compare with")
        self.against.addItem("The text now", current_text)
        for label, text in versions:
            self.against.addItem(label, text)
        self.old = QTextBrowser()
        self.old.setAccessibleName("Selected revision")
        self.new = QTextBrowser()
        self.new.setAccessibleName("Compared text")
        splitter.addWidget(self.list)
        splitter.addWidget(self.old)
        splitter.addWidget(self.new)
        splitter.setSizes([260, 420, 420])
        row = QHBoxLayout()
        row.addWidget(QLabel("Left: the version chosen in the list (removed words struck out). Right:"))
        row.addWidget(self.against, 1)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.restore = buttons.addButton("Restore the left version", QDialogButtonBox.AcceptRole)
        self.restore.setEnabled(False)
        buttons.rejected.connect(self.reject)
        self.restore.clicked.connect(self._restore)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda *_: self._show())
        self.against.currentIndexChanged.connect(lambda *_: self._show())
        if versions:
            self.list.setCurrentRow(0)

    def _show(self):
        row = self.list.currentRow()
        if row < 0:
            return
        left, right = side_by_side_html(self.versions[row][1], self.against.currentData())
        self.old.setHtml(left)
        self.new.setHtml(right)
        self.restore.setEnabled(True)

    def _restore(self):
        self.chosen = self.versions[self.list.currentRow()][1]
        self.accept()


class ChangesDialog(QDialog):
    """What changed since you last saw the package: texts side by side, new comment activity."""

    commentChosen = Signal(str)

    def __init__(self, parent, summary: str, changes: list[tuple[str, str, str, str]],
                 threads: list[tuple[str, str]]):
        super().__init__(parent)
        self.setWindowTitle("What changed since you last saw this package")
        self.resize(1100, 680)
        self.changes = changes
        self.mark_seen = False
        layout = QVBoxLayout(self)
        heading = QLabel(summary)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        splitter = QSplitter(Qt.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName("Changed texts")
        for _target, label, _old, _new in changes:
            QListWidgetItem(label, self.list)
        self.old = QTextBrowser()
        self.old.setAccessibleName("As you last saw it")
        self.new = QTextBrowser()
        self.new.setAccessibleName("The text now")
        splitter.addWidget(self.list)
        splitter.addWidget(self.old)
        splitter.addWidget(self.new)
        splitter.setSizes([240, 430, 430])
        layout.addWidget(QLabel("Left: as you last saw it. Right: the text now (changes marked)."))
        layout.addWidget(splitter, 2)
        layout.addWidget(QLabel("Comment threads with new activity (double-click to go to one):"))
        self.threads = QListWidget()
        self.threads.setAccessibleName("Comment threads with new activity")
        for comment_id, label in threads:
            item = QListWidgetItem(label, self.threads)
            item.setData(Qt.UserRole, comment_id)
        self.threads.itemDoubleClicked.connect(lambda item: (self.commentChosen.emit(item.data(Qt.UserRole)),
                                                             self.reject()))
        layout.addWidget(self.threads, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        seen = buttons.addButton("Mark all as seen", QDialogButtonBox.AcceptRole)
        seen.setToolTip("Saves the package under your name, so next time only newer changes show")
        seen.clicked.connect(self._seen)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if changes:
            self.list.setCurrentRow(0)

    def _show(self, row: int):
        if row < 0:
            return
        _target, _label, old, new = self.changes[row]
        left, right = side_by_side_html(old, new)
        self.old.setHtml(left or "<i>(new: you have not seen this text before)</i>")
        self.new.setHtml(right)

    def _seen(self):
        self.mark_seen = True
        self.accept()


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


class SettingsDialog(QDialog):
    def __init__(self, parent, settings):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout(self)
        self.autosave = QDoubleSpinBox()
        self.autosave.setRange(2, 600)
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


def help_markdown(anchor_rule: str | None = None) -> str:
    guide = resource_path("help", "user-guide.md").read_text(encoding="utf-8")
    reviewing = resource_path("help", "reviewing.md").read_text(encoding="utf-8")
    rules = resource_path("help", "rules.md").read_text(encoding="utf-8")
    # the reviewers' page is a chapter of the guide here: one heading level down
    reviewing = reviewing.replace("\n## ", "\n### ").replace("# Reviewing a package", "## Reviewing a package", 1)
    return guide + "\n\n" + reviewing + "\n\n" + rules


class TextInputDialog(QDialog):
    """A labelled multi-line text box (comments and replies)."""

    def __init__(self, parent, title: str, prompt: str, text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 260)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(title)
        layout.addWidget(self.edit, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.toPlainText()


class HelpDialog(QDialog):
    def __init__(self, parent=None, rule: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("ecqwriter guide")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(help_markdown())
        layout.addWidget(self.browser)
        if rule == "reviewing":
            self.browser.find("Reviewing a package")
        elif rule:
            self.browser.find(f"`{rule}`")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def about_text() -> str:
    lines = [f"<h3>ecqwriter {__version__}</h3>",
             "<p>An offline workbench for Senior Executive Service qualification packages. "
             "Your drafts never leave this computer.</p>",
             "<p>Licence: MIT. Third-party parts: Qt for Python (PySide6, LGPL-3.0), spaCy (MIT), "
             "python-docx (MIT), ReportLab (BSD), platformdirs (MIT), pyspellchecker (MIT), the English "
             "lemma table of spacy-lookups-data (MIT, from WordNet 3.0, Princeton licence), and the "
             "Liberation Serif fonts (SIL Open Font License 1.1).</p>",
             "<p><b>Framework packs and their sources</b></p><ul>"]
    for framework in load_all_frameworks():
        sources = "; ".join(f"{s.title} [{s.confidence}]" for s in framework.sources)
        lines.append(f"<li><b>{html.escape(framework.name)}</b>: {html.escape(sources)}</li>")
    lines.append("</ul>")
    return "".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About ecqwriter")
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setHtml(about_text())
        text.setAccessibleName("About ecqwriter")
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)


class TextPartPage(QWidget):
    """A titled plain-text editor page for the résumé, the justification or the IDP notes."""

    def __init__(self, editor, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(editor, 1)
        self.editor = editor
