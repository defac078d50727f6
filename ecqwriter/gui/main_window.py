"""The main window: navigator | editor | checks, over one editing session.

The window only composes. What it does is in its parts: the document's life
(controllers/documents.py), showing and editing the package (controllers/editing.py), the
checks (controllers/analysis.py, with check_rows.py turning results into rows) and review
(controllers/review.py). They see the window through gui/host.py's small interface.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecqwriter import __version__
from ecqwriter.core.errors import PackageLockedError
from ecqwriter.gui.analysis_service import AnalysisService
from ecqwriter.gui.controllers.analysis import AnalysisController
from ecqwriter.gui.controllers.cohort import CohortController
from ecqwriter.gui.controllers.conversion import ConversionController
from ecqwriter.gui.controllers.documents import DocumentController
from ecqwriter.gui.controllers.editing import PAGE_EXAMPLE, EditingController
from ecqwriter.gui.controllers.interview import InterviewController
from ecqwriter.gui.controllers.review import ReviewController
from ecqwriter.gui.dialogs.find_replace import FindReplaceDialog
from ecqwriter.gui.dialogs.help import HelpDialog
from ecqwriter.gui.dialogs.settings import SettingsDialog
from ecqwriter.gui.dialogs.text_input import ask_for_text
from ecqwriter.gui.editors.forms import CdpForm, DetailsForm
from ecqwriter.gui.editors.story_facts import StoryFactsPanel
from ecqwriter.gui.editors.idp import IdpEditor
from ecqwriter.gui.editors.narrative import CCAR_SCAFFOLD, NarrativeEditor
from ecqwriter.gui.editors.resume import ResumeEditor
from ecqwriter.gui.editors.text_part import TextPartPage
from ecqwriter.gui.menus import build_menus
from ecqwriter.gui.panels.checks import ChecksPanel
from ecqwriter.gui.panels.navigator import NavigatorTree, Node
from ecqwriter.gui.settings import AppSettings
from ecqwriter.gui.theme import apply_theme

TICK_MS = 500


def scrolling(page: QWidget) -> QScrollArea:
    """A form that scrolls rather than widen the window (it must fit a 1366-pixel screen)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.NoFrame)
    area.setWidget(page)
    return area


class MainWindow(QMainWindow):
    checksUpdated = Signal()  # after a package report is shown (tests and the smoke run wait on it)

    def __init__(self, settings: AppSettings | None = None, analysis: AnalysisService | None = None,
                 journal_dir: Path | None = None, backups_dir: Path | None = None):
        super().__init__()
        self.settings = settings or AppSettings()
        self.journal_dir = journal_dir
        self.backups_dir = backups_dir
        # the state the parts share (gui/host.py)
        self.session = None
        self.framework = None
        self.current: Node | None = None
        self.report = None
        self.example_result = None
        self._docks_sized = False
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("ecqwriter")
        self.setAccessibleName("ecqwriter main window")
        self.resize(1360, 860)
        self.analysis = analysis or AnalysisService(self)
        self.documents = DocumentController(self, self)
        self.editing = EditingController(self, self)
        self.checking = AnalysisController(self, self, self.analysis)
        self._build_widgets()
        build_menus(self)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.documents.tick)
        self.tick_timer.start()
        self.update_actions()

    # ================================================================== building

    def _build_widgets(self) -> None:
        self.navigator = NavigatorTree()
        self.navigator.nodeActivated.connect(self.show_node)
        self.navigator.moveRequested.connect(self.editing.move_by_id)
        self.navigator.setMinimumWidth(200)
        nav_dock = QDockWidget("Package", self)
        nav_dock.setObjectName("navigator")
        nav_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.LeftDockWidgetArea, nav_dock)

        self.checks = ChecksPanel()
        self.checks.findingActivated.connect(self.jump_to_finding)
        self.checks.setMinimumWidth(280)
        checks_dock = QDockWidget("Checks", self)
        checks_dock.setObjectName("checks")
        checks_dock.setWidget(self.checks)
        self.addDockWidget(Qt.RightDockWidgetArea, checks_dock)
        self.review = ReviewController(self)
        self.interview = InterviewController(self)
        self.conversion = ConversionController(self)
        self.cohorts = CohortController(self)
        self.comments_dock = QDockWidget("Comments", self)
        self.comments_dock.setObjectName("comments")
        self.comments_dock.setWidget(self.review.panel)
        self.addDockWidget(Qt.RightDockWidgetArea, self.comments_dock)
        self.tabifyDockWidget(checks_dock, self.comments_dock)
        checks_dock.raise_()
        self._docks = [nav_dock, checks_dock]

        self.pages = QStackedWidget()
        welcome = QLabel("<h2>ecqwriter</h2><p>Create a package (Ctrl+N) or open one (Ctrl+O).</p>"
                         "<p>Your drafts stay on this computer.</p>")
        welcome.setAlignment(Qt.AlignCenter)
        self.pages.addWidget(welcome)

        example_page = QWidget()
        layout = QVBoxLayout(example_page)
        self.example_heading = QLabel()
        self.example_heading.setWordWrap(True)
        self.example_title = QLineEdit()
        self.example_title.setPlaceholderText("Example title (for you; never exported)")
        self.example_title.setAccessibleName("Example title")
        self.example_title.editingFinished.connect(self.editing.title_edited)
        self.story_facts = StoryFactsPanel()
        self.story_facts.changed.connect(self.editing.part_changed)
        self.editor = NarrativeEditor()
        self.editor.setAccessibleName("Narrative example editor")
        self.editor.setPlaceholderText(CCAR_SCAFFOLD)
        self.editor.textChanged.connect(self.editing.example_text_changed)
        self.editor.dismissRequested.connect(self.checking.dismiss_finding)
        self.editor.helpRequested.connect(self.show_help)
        self.editor.addWordRequested.connect(self.checking.add_to_dictionary)
        self.editor.commentRequested.connect(self.review.add_comment)
        layout.addWidget(self.example_heading)
        layout.addWidget(self.example_title)
        layout.addWidget(self.story_facts)
        layout.addWidget(self.editor, 1)
        self.pages.addWidget(example_page)

        self.details = DetailsForm()
        self.details.changed.connect(self.editing.part_changed)
        self.details.formatChanged.connect(self.documents.format_changed)
        self.pages.addWidget(scrolling(self.details))

        self.text_editor = NarrativeEditor(with_gutter=False)
        self.text_editor.setAccessibleName("Text editor")
        self.text_editor.textChanged.connect(self.editing.text_part_changed)
        self.text_editor.commentRequested.connect(self.review.add_comment)
        self.text_page = TextPartPage(self.text_editor)
        self.text_page.structure_button.clicked.connect(self.editing.start_structured_resume)
        self.pages.addWidget(self.text_page)

        self.cdp_form = CdpForm()
        self.cdp_form.changed.connect(self.editing.part_changed)
        self.pages.addWidget(scrolling(self.cdp_form))
        self.idp_editor = IdpEditor()
        self.idp_editor.changed.connect(self.editing.part_changed)
        self.idp_editor.proposals_source = self.checking.weak_ecq_proposals
        self.pages.addWidget(scrolling(self.idp_editor))
        self.resume_editor = ResumeEditor()
        self.resume_editor.changed.connect(self.editing.resume_edited)
        self.resume_editor.bulletFromStoryRequested.connect(lambda: self.interview.add_bullet_from_a_story())
        self.pages.addWidget(scrolling(self.resume_editor))
        self.setCentralWidget(self.pages)
        self._apply_font_size(self.settings.font_size)

        self.save_state = QLabel("No package")
        self.save_state.setAccessibleName("Save state")
        self.analysis_state = QLabel("Loading checks…")
        self.analysis_state.setAccessibleName("Checks state")
        self.count_state = QLabel("")
        self.statusBar().addWidget(self.save_state)
        self.statusBar().addPermanentWidget(self.count_state)
        self.statusBar().addPermanentWidget(self.analysis_state)

    # ================================================================== questions (tests replace these)

    def ask(self, title: str, question: str) -> bool:
        return QMessageBox.question(self, title, question) == QMessageBox.Yes

    def warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def ask_text(self, title: str, prompt: str, default: str = "", *, multiline: bool = False) -> str | None:
        return ask_for_text(self, title, prompt, default, multiline=multiline)

    def choose_lock_action(self, error: PackageLockedError) -> str:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle("Package in use")
        box.setText(str(error))
        read_only = box.addButton("Open read-only", QMessageBox.AcceptRole)
        take = box.addButton("Take over", QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "read-only" if clicked is read_only else "take-over" if clicked is take else "cancel"

    def run_import_dialog(self, dialog) -> bool:
        return bool(dialog.exec())

    def show_status(self, message: str, milliseconds: int = 5000) -> None:
        self.statusBar().showMessage(message, milliseconds)

    def focused_editor(self):
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, NarrativeEditor) else (
            self.editor if self.pages.currentIndex() == PAGE_EXAMPLE else self.text_editor)

    # ================================================================== what the parts do (one line each)

    def start_background_services(self) -> None:
        self.analysis.start()

    def create_package(self, path: Path, criterion: str, framework_id: str, candidate: str = "") -> bool:
        return self.documents.create_package(path, criterion, framework_id, candidate)

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        return self.documents.open_path(path, read_only=read_only)

    def save(self) -> bool:
        return self.documents.save()

    def save_as(self, path: Path) -> bool:
        return self.documents.save_as(path)

    def close_package(self) -> bool:
        return self.documents.close_package()

    def check_recovery(self) -> int:
        return self.documents.check_recovery()

    def import_word(self, path: Path) -> bool:
        return self.documents.import_word(path)

    def revision_versions(self, example) -> list[tuple[str, str]]:
        return self.documents.revision_versions(example)

    def set_save_state(self, error: str | None = None) -> None:
        self.documents.set_save_state(error)

    def show_node(self, node: Node) -> None:
        self.editing.show_node(node)

    def text_locked(self) -> bool:
        return self.editing.text_locked()

    def apply_editability(self) -> None:
        self.editing.apply_editability()

    def current_example(self):
        return self.editing.current_example()

    def structure_changed(self, select=None) -> None:
        self.editing.structure_changed(select)

    def add_example(self) -> None:
        self.editing.add_example()

    def delete_example(self) -> None:
        self.editing.delete_example()

    def move_example(self, delta: int) -> None:
        self.editing.move_example(delta)

    def schedule_analysis(self, immediately: bool = False) -> None:
        self.checking.schedule(immediately)

    def run_analysis(self) -> None:
        self.checking.run()

    def add_to_dictionary(self, word: str) -> None:
        self.checking.add_to_dictionary(word)

    # ================================================================== window events

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_sized:
            self._docks_sized = True
            self.resizeDocks(self._docks, [320, 400], Qt.Horizontal)

    def closeEvent(self, event) -> None:
        if not self.close_package():
            event.ignore()
            return
        self.analysis.wait(3000)
        self.cohorts.close_all()
        self.settings.sync()
        event.accept()

    # ================================================================== keeping the window in step

    def show_checks(self) -> None:
        self.checking.show_checks()

    def jump_to_finding(self, row: dict) -> None:
        self.checking.jump_to_finding(row)

    def update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("ecqwriter")
            return
        name = self.session.package.candidate.name or self.session.path.stem
        flags = " [read-only]" if self.session.read_only else (" *" if self.session.dirty else "")
        if self.review.review_mode and not self.session.read_only:
            flags = " [review mode]" + flags
        self.setWindowTitle(f"{name} — {self.session.path.name}{flags} — ecqwriter {__version__}")

    def update_counts(self) -> None:
        example = self.current_example()
        if example is None or self.report is None:
            self.count_state.setText("")
            return
        ecq = next((e for e in self.report.ecqs if e.ecq == self.current.ecq_id), None)
        if ecq is not None:
            limit = f"/{ecq.limit_pages:g}" if ecq.limit_pages else ""  # a story bank has no page limit
            self.count_state.setText(f"{example.word_count()} words · ECQ {ecq.est_pages:.1f}{limit} pages")

    def update_actions(self) -> None:
        has = self.session is not None
        writable = has and not self.session.read_only
        # review mode: comments only, so neither the texts nor the structure change
        editable = writable and not self.review.review_mode
        on_example = self.current_example() is not None
        self.save_action.setEnabled(writable)
        self.save_as_action.setEnabled(has)
        self.export_action.setEnabled(has)
        self.close_action.setEnabled(has)
        self.add_action.setEnabled(editable and self.editing.target_ecq() is not None)
        for action in (self.duplicate_action, self.split_action, self.rename_action, self.delete_action,
                       self.up_action, self.down_action):
            action.setEnabled(editable and on_example)
        self.snapshot_action.setEnabled(writable and on_example)
        self.revisions_action.setEnabled(has and on_example)
        self.import_word_action.setEnabled(editable)
        self.comment_action.setEnabled(writable)
        self.changes_action.setEnabled(has)

    # ================================================================== view and tools

    def zoom(self, step: int) -> None:
        size = max(8, min(32, self.settings.font_size + step if step else 12))
        self.settings.font_size = size
        self._apply_font_size(size)

    def _apply_font_size(self, size: int) -> None:
        for editor in (self.editor, self.text_editor):
            font = editor.font()
            font.setPointSize(size)
            editor.setFont(font)
            editor.setViewportMargins(editor.gutter_width(), 0, 0, 0)

    def find_replace(self) -> None:
        if not hasattr(self, "_find_dialog"):
            self._find_dialog = FindReplaceDialog(self, self.focused_editor)
        self._find_dialog.show()
        self._find_dialog.raise_()

    def show_settings(self) -> None:
        if SettingsDialog(self, self.settings).exec():
            apply_theme(QApplication.instance(), self.settings.theme)
            self._apply_font_size(self.settings.font_size)
            if self.session is not None:
                self.session.autosave_seconds = self.settings.autosave_seconds
            self.show_checks()
            self.schedule_analysis(immediately=True)

    def show_export(self):
        if self.session is None:
            return None
        from ecqwriter.gui.dialogs.export import ExportDialog

        default = self.session.path.with_suffix(".pdf")
        self.export_dialog = ExportDialog(self, self.session.package, self.framework, default)
        self.export_dialog.show()
        return self.export_dialog

    def show_help(self, rule: str | None = None) -> None:
        HelpDialog(self, rule).exec()
