"""The main window: navigator | editor | checks, over one editing session.

The window only builds and wires (gui/window_parts.py builds the parts; gui/window_state.py
holds what they share). What it does is in its controllers: the document's life
(controllers/documents.py), showing and editing the package (controllers/editing.py), the
checks (controllers/analysis.py, with check_rows.py turning results into rows) and review
(controllers/review.py). They see the window through gui/host.py's small interface.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

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
from ecqwriter.gui.editors.narrative import NarrativeEditor
from ecqwriter.gui.menus import build_menus
from ecqwriter.gui.settings import AppSettings
from ecqwriter.gui.theme import apply_theme
from ecqwriter.gui.window_parts import build_parts
from ecqwriter.gui.window_state import WindowState

TICK_MS = 500
PREFERRED_SIZE = (1360, 860)  # on a screen with room for it and the window's frame


class MainWindow(QMainWindow):
    checksUpdated = Signal()  # after a package report is shown (tests and the smoke run wait on it)

    def __init__(self, settings: AppSettings | None = None, analysis: AnalysisService | None = None,
                 journal_dir: Path | None = None, backups_dir: Path | None = None):
        super().__init__()
        self.settings = settings or AppSettings()
        self.journal_dir = journal_dir
        self.backups_dir = backups_dir
        # the state the parts share (gui/window_state.py)
        self.state = WindowState(self)
        self._docks_sized = False
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("ecqwriter")
        self.setAccessibleName("ecqwriter main window")
        self.fit_to_screen()
        self.analysis = analysis or AnalysisService(self)
        self.documents = DocumentController(self, self)
        self.editing = EditingController(self, self)
        self.checking = AnalysisController(self, self, self.analysis)
        self.review = ReviewController(self)
        self.interview = InterviewController(self)
        self.conversion = ConversionController(self)
        self.cohorts = CohortController(self)
        build_parts(self)
        # the frame follows the shared state
        self.state.sessionChanged.connect(self.update_title)
        self.state.sessionChanged.connect(self.update_actions)
        self.state.currentChanged.connect(self.update_actions)
        self.state.currentChanged.connect(self.update_counts)
        self.state.reportChanged.connect(self.update_counts)
        build_menus(self)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.documents.tick)
        self.tick_timer.start()
        self.update_actions()

    # ================================================================== building

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

    # ================================================================== window events

    def fit_to_screen(self) -> None:
        """The preferred size where the screen has room; on a smaller screen (the common
        1366x768 government laptop) the screen's free area, maximized, so that the status
        bar and the foot of the editor are never off screen."""
        screen = self.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        if area is None or (area.width() >= PREFERRED_SIZE[0] + 40 and area.height() >= PREFERRED_SIZE[1] + 60):
            self.resize(*PREFERRED_SIZE)
            return
        # a window manager adds its frame outside this size: maximizing lets it fit both
        self.setGeometry(area)
        self.setWindowState(self.windowState() | Qt.WindowMaximized)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_sized:
            self._docks_sized = True
            self.resizeDocks(self.side_docks, [320, 400], Qt.Horizontal)

    def closeEvent(self, event) -> None:
        if not self.documents.close_package():
            event.ignore()
            return
        self.analysis.wait(3000)
        self.cohorts.close_all()
        self.settings.sync()
        event.accept()

    # ================================================================== keeping the window in step

    def update_title(self) -> None:
        if self.state.session is None:
            self.setWindowTitle("ecqwriter")
            return
        name = self.state.session.package.candidate.name or self.state.session.path.stem
        flags = " [read-only]" if self.state.session.read_only else (" *" if self.state.session.dirty else "")
        if self.review.review_mode and not self.state.session.read_only:
            flags = " [review mode]" + flags
        self.setWindowTitle(f"{name} — {self.state.session.path.name}{flags} — ecqwriter {__version__}")

    def update_counts(self) -> None:
        example = self.editing.current_example()
        if example is None or self.state.report is None:
            self.count_state.setText("")
            return
        ecq = next((e for e in self.state.report.ecqs if e.ecq == self.state.current.ecq_id), None)
        if ecq is not None:
            limit = f"/{ecq.limit_pages:g}" if ecq.limit_pages else ""  # a story bank has no page limit
            self.count_state.setText(f"{example.word_count()} words · ECQ {ecq.est_pages:.1f}{limit} pages")

    def update_actions(self) -> None:
        has = self.state.session is not None
        writable = has and not self.state.session.read_only
        # review mode: comments only, so neither the texts nor the structure change
        editable = writable and not self.review.review_mode
        on_example = self.editing.current_example() is not None
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
        self.apply_font_size(size)

    def apply_font_size(self, size: int) -> None:
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
            self.apply_font_size(self.settings.font_size)
            if self.state.session is not None:
                self.state.session.autosave_seconds = self.settings.autosave_seconds
            self.checking.show_checks()
            self.checking.schedule(immediately=True)

    def show_export(self):
        if self.state.session is None:
            return None
        from ecqwriter.gui.dialogs.export import ExportDialog

        default = self.state.session.path.with_suffix(".pdf")
        self.export_dialog = ExportDialog(self, self.state.session.package, self.state.framework, default)
        self.export_dialog.show()
        return self.export_dialog

    def show_help(self, rule: str | None = None) -> None:
        HelpDialog(self, rule).exec()
