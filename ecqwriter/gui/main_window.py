"""The main window: navigator | editor | checks, over one editing session."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ecqwriter import __version__
from ecqwriter.core.location import Location
from ecqwriter.gui.repair_offer import offer_repaired_copy
from ecqwriter.core.errors import UnsafePackageError, EcqError, PackageLockedError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package
from ecqwriter.core.paragraphs import paragraph_spans
from ecqwriter.gui import commands
from ecqwriter.gui.analysis_service import AnalysisService
from ecqwriter.gui.checks_panel import ChecksPanel
from ecqwriter.gui.dialogs import (
    AboutDialog,
    FindReplaceDialog,
    HelpDialog,
    NewPackageDialog,
    RevisionsDialog,
    SettingsDialog,
    TextInputDialog,
    TextPartPage,
)
from ecqwriter.gui.editor import CCAR_SCAFFOLD, NarrativeEditor, PaintedFinding, utf16_offsets
from ecqwriter.gui.forms import CdpForm, DetailsForm
from ecqwriter.gui.idp_editor import IdpEditor
from ecqwriter.gui.navigator import NavigatorTree, Node
from ecqwriter.gui.review import ReviewController
from ecqwriter.gui.settings import AppSettings
from ecqwriter.gui.theme import apply_theme
from ecqwriter.storage.recovery import pending_recoveries
from ecqwriter.storage.session import EditingSession

ANALYSIS_DELAY_MS = 350
TICK_MS = 500
PAGE_WELCOME, PAGE_EXAMPLE, PAGE_DETAILS, PAGE_TEXT, PAGE_CDP, PAGE_IDP = range(6)
ORDER = {"error": 0, "warning": 1, "info": 2}


def _worst(findings) -> str | None:
    return min((f.severity for f in findings), key=ORDER.get, default=None)


class MainWindow(QMainWindow):
    checksUpdated = Signal()  # after a package report is shown (tests and the smoke run wait on it)

    def __init__(self, settings: AppSettings | None = None, analysis: AnalysisService | None = None,
                 journal_dir: Path | None = None, backups_dir: Path | None = None):
        super().__init__()
        self.settings = settings or AppSettings()
        self.journal_dir = journal_dir
        self.backups_dir = backups_dir
        self.session: EditingSession | None = None
        self.framework = None
        self.current: Node | None = None
        self.report = None
        self.example_result = None
        self._loading = False
        self._editor_text = ""
        self._text_part_text = ""
        self._docks_sized = False
        self._example_request = 0
        self._package_request = 0
        self._autosave_error_shown = False
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("ecqwriter")
        self.setAccessibleName("ecqwriter main window")
        self.resize(1360, 860)
        self._build_widgets()
        self._build_actions()
        self.analysis = analysis or AnalysisService(self)
        self.analysis.ready.connect(self._on_analysis_ready)
        self.analysis.failed.connect(self._on_analysis_failed)
        self.analysis.exampleAnalysed.connect(self._on_example_analysed)
        self.analysis.packageChecked.connect(self._on_package_checked)
        self.analysis_timer = QTimer(self, singleShot=True, interval=ANALYSIS_DELAY_MS)
        self.analysis_timer.timeout.connect(self.run_analysis)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self._tick)
        self.tick_timer.start()
        self._update_actions()

    # ================================================================== building

    def _build_widgets(self) -> None:
        self.navigator = NavigatorTree()
        self.navigator.nodeActivated.connect(self.show_node)
        self.navigator.moveRequested.connect(self._move_by_id)
        self.navigator.setMinimumWidth(280)
        nav_dock = QDockWidget("Package", self)
        nav_dock.setObjectName("navigator")
        nav_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.LeftDockWidgetArea, nav_dock)

        self.checks = ChecksPanel()
        self.checks.findingActivated.connect(self.jump_to_finding)
        self.checks.setMinimumWidth(360)
        checks_dock = QDockWidget("Checks", self)
        checks_dock.setObjectName("checks")
        checks_dock.setWidget(self.checks)
        self.addDockWidget(Qt.RightDockWidgetArea, checks_dock)
        self.review = ReviewController(self)
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
        self.example_title.editingFinished.connect(self._title_edited)
        self.editor = NarrativeEditor()
        self.editor.setAccessibleName("Narrative example editor")
        self.editor.setPlaceholderText(CCAR_SCAFFOLD)
        self.editor.textChanged.connect(self._example_text_changed)
        self.editor.dismissRequested.connect(self.dismiss_finding)
        self.editor.helpRequested.connect(self.show_help)
        self.editor.addWordRequested.connect(self.add_to_dictionary)
        self.editor.commentRequested.connect(self.review.add_comment)
        layout.addWidget(self.example_heading)
        layout.addWidget(self.example_title)
        layout.addWidget(self.editor, 1)
        self.pages.addWidget(example_page)

        self.details = DetailsForm()
        self.details.changed.connect(self._part_changed)
        self.pages.addWidget(self.details)

        self.text_editor = NarrativeEditor(with_gutter=False)
        self.text_editor.setAccessibleName("Text editor")
        self.text_editor.textChanged.connect(self._text_part_changed)
        self.text_editor.commentRequested.connect(self.review.add_comment)
        self.text_page = TextPartPage(self.text_editor)
        self.pages.addWidget(self.text_page)

        self.cdp_form = CdpForm()
        self.cdp_form.changed.connect(self._part_changed)
        self.pages.addWidget(self.cdp_form)
        self.idp_editor = IdpEditor()
        self.idp_editor.changed.connect(self._part_changed)
        self.idp_editor.proposals_source = self._weak_ecq_proposals
        self.pages.addWidget(self.idp_editor)
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

    def _action(self, menu, text, slot, shortcut=None, tip=""):
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New package…", self.new_package_dialog, QKeySequence.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_action = self._action(file_menu, "&Save", self.save, QKeySequence.Save)
        self.save_as_action = self._action(file_menu, "Save &as…", self.save_as_dialog, QKeySequence.SaveAs)
        self.export_action = self._action(file_menu, "&Export to Word or PDF…", self.show_export, "Ctrl+E")
        self.import_word_action = self._action(file_menu, "&Import a Word draft…", self.import_word_dialog, "Ctrl+I",
                                               "Bring a .docx draft in, split by ECQ headings, after a preview")
        file_menu.addSeparator()
        self.revisions_action = self._action(file_menu, "&Revisions of this example…", self.show_revisions, "Ctrl+Shift+R")
        self.snapshot_action = self._action(file_menu, "&Keep a named revision…", self.named_snapshot, "Ctrl+Shift+K")
        file_menu.addSeparator()
        self.close_action = self._action(file_menu, "&Close package", self.close_package, QKeySequence.Close)
        self._action(file_menu, "&Quit", self.close, QKeySequence.Quit)

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "Undo structure change")
        undo.setShortcut(QKeySequence("Ctrl+Alt+Z"))
        redo = self.undo_stack.createRedoAction(self, "Redo structure change")
        redo.setShortcut(QKeySequence("Ctrl+Alt+Y"))
        self._action(edit_menu, "&Undo typing", lambda: self._focused_editor() and self._focused_editor().undo(), QKeySequence.Undo)
        self._action(edit_menu, "&Redo typing", lambda: self._focused_editor() and self._focused_editor().redo(), QKeySequence.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find and replace…", self.find_replace, QKeySequence.Find)

        package_menu = bar.addMenu("&Package")
        self.add_action = self._action(package_menu, "&Add example", self.add_example, "Ctrl+Shift+N")
        self.duplicate_action = self._action(package_menu, "&Duplicate example", self.duplicate_example, "Ctrl+Shift+D")
        self.rename_action = self._action(package_menu, "Re&name example…", self.rename_example, "F2")
        self.delete_action = self._action(package_menu, "De&lete example…", self.delete_example, "Ctrl+Shift+Del")
        self.up_action = self._action(package_menu, "Move example &up", lambda: self.move_example(-1), "Alt+Shift+Up")
        self.down_action = self._action(package_menu, "Move example do&wn", lambda: self.move_example(1), "Alt+Shift+Down")
        package_menu.addSeparator()
        self._action(package_menu, "&Check now", self.run_analysis, "F5")

        review_menu = bar.addMenu("&Review")
        self.comment_action = self._action(review_menu, "Add &comment…", self.review.add_comment, "Ctrl+Alt+M",
                                           "Comment on the selected words")
        self.review_mode_action = self._action(review_menu, "Review &mode (comment without editing)",
                                               lambda on: self.review.set_review_mode(on), "Ctrl+Alt+R")
        self.review_mode_action.setCheckable(True)
        self.changes_action = self._action(review_menu, "&What changed since I last saw this…",
                                           self.review.show_changes)
        review_menu.addSeparator()
        review_menu.addAction(self.comments_dock.toggleViewAction())
        self._action(review_menu, "&How to review a package", lambda: self.show_help("reviewing"))

        view_menu = bar.addMenu("&View")
        self._action(view_menu, "Zoom &in", lambda: self.zoom(1), QKeySequence.ZoomIn)
        self._action(view_menu, "Zoom &out", lambda: self.zoom(-1), QKeySequence.ZoomOut)
        self._action(view_menu, "&Reset zoom", lambda: self.zoom(0), "Ctrl+0")
        self._action(view_menu, "&Settings…", self.show_settings, QKeySequence.Preferences)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Guide to ECQs, CCAR and the checks", lambda: self.show_help(None), QKeySequence.HelpContents)
        self._action(help_menu, "&About ecqwriter", lambda: AboutDialog(self).exec())

    # ================================================================== small helpers (tests patch these)

    def ask(self, title: str, question: str) -> bool:
        return QMessageBox.question(self, title, question) == QMessageBox.Yes

    def warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def ask_text(self, title: str, prompt: str, default: str = "", *, multiline: bool = False) -> str | None:
        if multiline:
            dialog = TextInputDialog(self, title, prompt, default)
            return dialog.text() if dialog.exec() else None
        text, ok = QInputDialog.getText(self, title, prompt, text=default)
        return text if ok else None

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

    def _focused_editor(self):
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, NarrativeEditor) else (
            self.editor if self.pages.currentIndex() == PAGE_EXAMPLE else self.text_editor)

    # ================================================================== files

    def start_background_services(self) -> None:
        self.analysis.start()

    def new_package_dialog(self) -> None:
        dialog = NewPackageDialog(self)
        if dialog.exec():
            values = dialog.values()
            self.create_package(values["path"], values["criterion"], values["framework"], values["candidate"])

    def create_package(self, path: Path, criterion: str, framework_id: str, candidate: str = "") -> bool:
        if not self.close_package():
            return False
        try:
            framework = load_framework(framework_id)
            session = EditingSession.create(path, Package.new(criterion, framework, candidate),
                                            **self._session_options())
        except EcqError as exc:
            self.warn("Cannot create the package", str(exc))
            return False
        self._adopt(session)
        return True

    def _session_options(self) -> dict:
        return {"journal_dir": self.journal_dir, "backups_dir": self.backups_dir,
                "autosave_seconds": self.settings.autosave_seconds, "identity": self.review.identity()}

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open package", "", "ECQ packages (*.ecq);;All files (*)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        if not self.close_package():
            return False
        try:
            session = EditingSession.open(path, read_only=read_only, **self._session_options())
        except PackageLockedError as exc:
            choice = self.choose_lock_action(exc)
            if choice == "cancel":
                return False
            try:
                session = EditingSession.open(path, read_only=choice == "read-only",
                                              force_lock=choice == "take-over", **self._session_options())
            except EcqError as again:
                self.warn("Cannot open the package", str(again))
                return False
        except UnsafePackageError as exc:
            return offer_repaired_copy(self, path, exc)
        except EcqError as exc:
            self.warn("Cannot open the package", str(exc))
            self.settings.remove_recent(str(path))
            return False
        if not self._adopt(session):
            return False
        if session.file.migrated_from:
            self.statusBar().showMessage(
                f"Upgraded from file format {session.file.migrated_from}; the old file is kept as a .bak copy", 8000)
        return True

    def _adopt(self, session: EditingSession) -> bool:
        self.session = session
        self.undo_stack.clear()
        self.report = None
        self.example_result = None
        try:
            self.framework = load_framework(session.package.framework_id)
        except EcqError as exc:
            self.warn("Unknown framework", f"{session.path}: this package uses a framework this version of "
                      f"ecqwriter does not have ({exc}); it was not opened and was left untouched.")
            session.close(keep_journal=True)
            self.session = None
            return False
        self.settings.add_recent(str(session.path))
        self.navigator.rebuild(session.package, self.framework)
        first_example = next((Node("example", n.ecq_id, n.examples[0].id)
                              for n in session.package.narratives.values() if n.examples), None)
        if first_example is not None:
            self.navigator.setCurrentItem(self.navigator.item_for(first_example))
        self._update_title()
        self._set_save_state()
        self._update_actions()
        self.review.package_opened()
        self.schedule_analysis(immediately=True)
        return True

    def save(self) -> bool:
        if self.session is None or self.session.read_only:
            return False
        try:
            self.session.save()
        except EcqError as exc:
            self.warn("Save failed", f"{exc}\n\nYour text is still here; use Save As to keep it elsewhere.")
            self._set_save_state(error=str(exc))
            return False
        self._autosave_error_shown = False
        self._set_save_state()
        return True

    def save_as_dialog(self) -> bool:
        if self.session is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save package as", str(self.session.path), "ECQ packages (*.ecq)")
        if not path:
            return False
        return self.save_as(Path(path if path.endswith(".ecq") else path + ".ecq"))

    def save_as(self, path: Path) -> bool:
        try:
            self.session.save_as(path, overwrite=path.exists())
        except EcqError as exc:
            self.warn("Save As failed", str(exc))
            return False
        self.settings.add_recent(str(path))
        self._update_title()
        self._set_save_state()
        self._update_actions()
        return True

    def close_package(self) -> bool:
        if self.session is None:
            return True
        if self.session.dirty and not self.session.read_only and not self.save():
            if not self.ask("Close without saving?",
                            "The package could not be saved. Close anyway? Your unsaved text stays in "
                            "the recovery journal and is offered again next time."):
                return False
            self.session.close(keep_journal=True)
        else:
            self.session.close()
        self.session = None
        self.framework = None
        self.navigator.clear()
        self.pages.setCurrentIndex(PAGE_WELCOME)
        self.checks.example_list.clear()
        self.checks.ecq_list.clear()
        self.checks.package_list.clear()
        self.undo_stack.clear()
        self.review.package_closed()
        self._set_save_state()
        self._update_title()
        self._update_actions()
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if not self.settings.recent_files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def check_recovery(self) -> int:
        """Offer unsaved work left by a session that ended without saving; returns how many."""
        offered = 0
        for work in pending_recoveries(self.journal_dir):
            offered += 1
            when = work.written.astimezone().strftime("%Y-%m-%d %H:%M")
            question = (f"ecqwriter closed before saving your work on\n{work.package_path}\n"
                        f"Recover the text you wrote (last kept {when})?")
            if not self.ask("Recover unsaved work", question):
                work.journal_path.unlink(missing_ok=True)
                continue
            if work.package_path.exists():
                if not self.open_path(work.package_path) or self.session is None:
                    continue
            else:
                try:
                    self._adopt(EditingSession.create(work.package_path, work.package, **self._session_options()))
                except EcqError as exc:
                    self.warn("Cannot recover", str(exc))
                    continue
            recovered = work.package
            self.session.package = recovered
            self.session.changed()
            work.journal_path.unlink(missing_ok=True)
            self.navigator.rebuild(recovered, self.framework)
            self.statusBar().showMessage("Recovered your unsaved work; it will be saved shortly", 8000)
            self._set_save_state()
            self.schedule_analysis(immediately=True)
            break
        return offered

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
        self.settings.sync()
        event.accept()

    # ================================================================== navigation and editing

    def show_node(self, node: Node) -> None:
        if self.session is None:
            return
        self.current = node
        package = self.session.package
        read_only = self.text_locked()
        self._loading = True
        try:
            if node.kind == "example":
                example = self._example(node)
                ecq = self.framework.ecq(node.ecq_id)
                self.example_heading.setText(f"<b>{ecq.name}</b>: {ecq.meaning}")
                self.example_title.setText(example.title)
                self.example_title.setReadOnly(read_only)
                self.editor.setPlainText(example.text)
                self._editor_text = self.editor.toPlainText()
                self.editor.setReadOnly(read_only)
                self.editor.highlighter.set_findings([])
                self.editor.set_paragraph_labels([])
                self.pages.setCurrentIndex(PAGE_EXAMPLE)
            elif node.kind == "ecq":
                ecq = self.framework.ecq(node.ecq_id)
                narrative = package.narrative(node.ecq_id)
                competencies = "".join(f"<li><b>{c.name}</b>{' (unconfirmed)' if c.unconfirmed else ''}: {c.meaning}</li>"
                                       for c in ecq.competencies)
                self.text_page.title.setText(
                    f"<h3>{ecq.name}</h3><p>{ecq.meaning}</p><ul>{competencies}</ul>"
                    f"<p>{len(narrative.examples)} example(s). Add one with Package ▸ Add example (Ctrl+Shift+N).</p>")
                self.text_editor.setVisible(False)
                self.pages.setCurrentIndex(PAGE_TEXT)
            elif node.kind == "details":
                self.details.load(package, self.framework, read_only)
                self.pages.setCurrentIndex(PAGE_DETAILS)
            elif node.kind == "cdp":
                self.cdp_form.load(package, read_only)
                self.pages.setCurrentIndex(PAGE_CDP)
            elif node.kind == "idp":
                self.idp_editor.load(package, self.framework, read_only)
                self.pages.setCurrentIndex(PAGE_IDP)
            else:
                titles = {
                    "resume": f"<h3>Résumé</h3><p>Limit: {self.framework.length.resume_pages:g} pages. "
                              "Use implied first person (no \"I\").</p>",
                    "justification": "<h3>Agency justification (Criterion C)</h3><p>Why the selectee uniquely "
                                     "qualifies, and how the ECQ gaps will be closed quickly.</p>",
                    "idp": "<h3>Individual Development Plan (Criterion C)</h3><p>Until the structured IDP editor "
                           "arrives, write the plan here: target ECQs and competencies, activities, dates, "
                           "mentor, measures of success, sign-offs.</p>",
                }
                texts = {"resume": package.resume, "justification": package.justification,
                         "idp": package.idp.get("notes", "") if isinstance(package.idp, dict) else ""}
                self.text_page.title.setText(titles[node.kind])
                self.text_editor.setVisible(True)
                self.text_editor.setPlainText(texts[node.kind])
                self._text_part_text = self.text_editor.toPlainText()
                self.text_editor.setReadOnly(read_only)
                self.pages.setCurrentIndex(PAGE_TEXT)
        finally:
            self._loading = False
        self._update_actions()
        self._show_checks()
        self._update_counts()
        self.review.text_shown()
        if node.kind == "example":
            self.schedule_analysis(immediately=True)

    def text_locked(self) -> bool:
        """The texts cannot be edited: a read-only package, or review mode."""
        return self.session is None or self.session.read_only or self.review.review_mode

    def apply_editability(self) -> None:
        locked = self.text_locked()
        for widget in (self.editor, self.text_editor, self.example_title):
            widget.setReadOnly(locked)
        if self.current is not None and self.current.kind in ("details", "cdp", "idp"):
            self.show_node(self.current)  # the forms load locked or unlocked
        self._update_title()
        self._update_actions()

    def _example(self, node: Node) -> Example:
        for example in self.session.package.narrative(node.ecq_id).examples:
            if example.id == node.example_id:
                return example
        raise KeyError(node.example_id)

    def _current_example(self) -> Example | None:
        if self.session is None or self.current is None or self.current.kind != "example":
            return None
        try:
            return self._example(self.current)
        except KeyError:
            return None

    def _example_text_changed(self) -> None:
        if self._loading:
            return
        example = self._current_example()
        if example is None or self.session.read_only:
            return
        text = self.editor.toPlainText()
        # repainting findings makes Qt report a change of an unchanged text
        if text == self._editor_text:
            return
        self.review.text_edited(f"example:{example.id}", self._editor_text, text)
        self._editor_text = text
        example.text = text
        self._changed()

    def _text_part_changed(self) -> None:
        if self._loading or self.session is None or self.current is None or self.session.read_only:
            return
        text = self.text_editor.toPlainText()
        if text == self._text_part_text:
            return
        if self.current.kind in ("resume", "justification"):
            self.review.text_edited(self.current.kind, self._text_part_text, text)
        self._text_part_text = text
        package = self.session.package
        if self.current.kind == "resume":
            package.resume = text
        elif self.current.kind == "justification":
            package.justification = text
        elif self.current.kind == "idp":
            package.idp = {**package.idp, "notes": text} if text.strip() else {
                k: v for k, v in package.idp.items() if k != "notes"}
        self._changed()

    def _part_changed(self) -> None:
        if self.session is not None and not self.session.read_only:
            self._changed()

    def _title_edited(self) -> None:
        example = self._current_example()
        if example is None or self.text_locked():
            return
        title = self.example_title.text().strip()
        if title != example.title:
            self.undo_stack.push(commands.RenameExample(self, self.current.ecq_id, example, title))

    def _changed(self) -> None:
        self.session.changed()
        self._set_save_state()
        self.schedule_analysis()

    def structure_changed(self, select=None) -> None:
        """Called by undo commands after they change the package's structure."""
        if self.session is None:
            return
        self.session.changed()
        node = Node(*select) if select else self.current
        self.navigator.rebuild(self.session.package, self.framework, node)
        self._set_save_state()
        self.schedule_analysis(immediately=True)

    # ================================================================== structure commands

    def _target_ecq(self) -> str | None:
        return self.current.ecq_id if self.current is not None and self.current.kind in ("ecq", "example") else None

    def add_example(self) -> None:
        ecq_id = self._target_ecq()
        if ecq_id is None or self.text_locked():
            return
        count = len(self.session.package.narrative(ecq_id).examples)
        self.undo_stack.push(commands.AddExample(self, ecq_id, Example(title=f"Example {count + 1}")))
        self.editor.setFocus()

    def duplicate_example(self) -> None:
        example = self._current_example()
        if example is None or self.text_locked():
            return
        examples = self.session.package.narrative(self.current.ecq_id).examples
        self.undo_stack.push(commands.AddExample(self, self.current.ecq_id, commands.duplicate(example),
                                                 examples.index(example) + 1, "Duplicate example"))

    def rename_example(self) -> None:
        example = self._current_example()
        if example is None or self.text_locked():
            return
        title, ok = QInputDialog.getText(self, "Rename example", "Title", text=example.title)
        if ok and title.strip() != example.title:
            self.undo_stack.push(commands.RenameExample(self, self.current.ecq_id, example, title.strip()))

    def delete_example(self) -> None:
        example = self._current_example()
        if example is None or self.text_locked():
            return
        words = example.word_count()
        if words and not self.ask("Delete example", f"Delete \"{example.title or 'this example'}\" "
                                  f"({words} words)? You can undo this with Ctrl+Alt+Z."):
            return
        self.undo_stack.push(commands.DeleteExample(self, self.current.ecq_id, example))

    def move_example(self, delta: int) -> None:
        example = self._current_example()
        if example is not None and not self.text_locked():
            self.undo_stack.push(commands.MoveExample(self, self.current.ecq_id, example, delta))

    def _move_by_id(self, example_id: str, delta: int) -> None:
        if self.current is not None and self.current.example_id != example_id:
            self.navigator.setCurrentItem(self.navigator.item_for(Node("example", self.current.ecq_id, example_id)))
        self.move_example(delta)

    # ================================================================== analysis

    def schedule_analysis(self, immediately: bool = False) -> None:
        if immediately:
            self.analysis_timer.start(0)
        else:
            self.analysis_timer.start(ANALYSIS_DELAY_MS)

    def run_analysis(self) -> None:
        if self.session is None or not self.analysis.is_ready:
            return
        package = self.session.package
        dismissed = {fp for _, _, fp in package.dismissed}
        example = self._current_example()
        if example is not None:
            self._example_request = self.analysis.analyse_example(
                self.editor.toPlainText(), package.framework_id, self.current.ecq_id,
                package.reference_date(), dismissed)
        self.analysis_state.setText("Checking…")
        # the worker gets its own copy: typing goes on while it reads
        self._package_request = self.analysis.check_package(copy.deepcopy(package))

    def _on_analysis_ready(self) -> None:
        self.editor.speller = self.analysis.speller
        self.analysis_state.setText("Checks ready")
        self.checks.status.setText("Checks ready")
        self.run_analysis()

    def _on_analysis_failed(self, details: str) -> None:
        self.analysis_state.setText("Checks unavailable")
        self.checks.status.setText("The checks stopped with an internal error; your text is safe.\n"
                                   + details.strip().splitlines()[-1])

    def _on_example_analysed(self, request: int, result) -> None:
        if request != self._example_request or self._current_example() is None:
            return
        text = self.editor.toPlainText()
        if result.text != text:
            return  # typed on since; a newer request is on its way
        self.example_result = result
        to_qt = utf16_offsets(text)
        painted = [PaintedFinding(to_qt(f.start), to_qt(f.end), f.severity, f.rule, f.message, f.fingerprint)
                   for f in result.findings if f.start is not None]
        self.editor.highlighter.show_info = self.settings.show_info_findings
        self.editor.highlighter.set_findings(painted, self._misspellings(text, to_qt))
        self.editor.set_paragraph_labels([
            (to_qt(p.start), p.label, [(to_qt(a), part) for a, _, part in p.parts]) for p in result.paragraphs])
        self._show_checks()

    def _on_package_checked(self, request: int, report) -> None:
        if request != self._package_request or self.session is None:
            return
        self.report = report
        self.analysis_state.setText("Checks ready" if report.ready else "Checks ready: not ready for QRB")
        self.checks.status.setText(
            f"{'Ready' if report.ready else 'Not ready'} for the QRB: {report.printed_pages} of "
            f"{self.framework.length.total_pages:g} narrative pages; "
            f"{sum(1 for f in report.findings if f.severity == 'error')} errors, "
            f"{sum(1 for f in report.findings if f.severity == 'warning')} warnings")
        self.checks.coverage.show_report(report)
        self.checks.show_checklist(report.checklist)
        self._update_navigator_status()
        self._show_checks()
        self._update_counts()
        self.checksUpdated.emit()

    def _rows_for_report(self, predicate) -> list[dict]:
        rows = []
        if self.report is None:
            return rows
        show_info = self.settings.show_info_findings
        for finding in self.report.findings:
            if not predicate(finding.where) or (finding.severity == "info" and not show_info):
                continue
            rows.append({"rule": finding.rule, "severity": finding.severity, "message": finding.message,
                         "where": finding.where, "where_label": self._where_label(finding.where),
                         "paragraph": finding.paragraph, "start": finding.start, "end": finding.end,
                         "fingerprint": finding.fingerprint, "source": "package"})
        return rows

    def _where_label(self, where: str) -> str:
        return Location.parse(where).label(self.framework, short=True)

    def _show_checks(self) -> None:
        if self.session is None:
            return
        rows = []
        if self.example_result is not None and self.current is not None and self.current.kind == "example":
            show_info = self.settings.show_info_findings
            for f in self.example_result.findings:
                if f.severity == "info" and not show_info:
                    continue
                rows.append({"rule": f.rule, "severity": f.severity, "message": f.message, "where": "example",
                             "where_label": f"¶{f.paragraph + 1}" if f.paragraph is not None else "",
                             "start": f.start, "end": f.end, "fingerprint": f.fingerprint, "source": "example"})
        rows.sort(key=lambda r: (ORDER[r["severity"]], r["start"] or 0))
        self.checks.example_list.show_findings(rows)
        ecq_id = self._target_ecq()
        self.checks.ecq_list.show_findings(
            self._rows_for_report(lambda w: ecq_id is not None and w.startswith(f"ecq:{ecq_id}")))
        self.checks.package_list.show_findings(self._rows_for_report(lambda w: True))

    def _update_navigator_status(self) -> None:
        report, package = self.report, self.session.package
        if report is None or report.framework is None:
            return
        for ecq in report.ecqs:
            findings = [f for f in report.findings if f.where.startswith(f"ecq:{ecq.ecq}")]
            self.navigator.set_status(Node("ecq", ecq.ecq), f"{ecq.words} w · {ecq.est_pages:.1f}/{ecq.limit_pages:g} p",
                                      _worst(findings), f"score {ecq.score:.2f}; {len(findings)} findings")
            examples = [e for e in package.narrative(ecq.ecq).examples if e.text.strip()]
            for index, example in enumerate(examples, 1):
                mine = [f for f in findings if f.where == f"ecq:{ecq.ecq}/example:{index}"]
                self.navigator.set_status(Node("example", ecq.ecq, example.id), f"{example.word_count()} w",
                                          _worst(mine), f"{len(mine)} findings")
        resume = [f for f in report.findings if f.where == "resume"]
        self.navigator.set_status(Node("resume"), f"{report.resume_pages:.1f}/{self.framework.length.resume_pages:g} p",
                                  _worst(resume))
        # the parts' words come from the checklist, so the navigator and the checklist agree
        states = {item["where"]: item["state"] for item in report.checklist}
        for kind in ("justification", "idp", "cdp"):
            mine = [f for f in report.findings if f.where == kind]
            state = states.get(kind, "")
            short = {"complete": "", "ready, with suggestions": "suggestions", "optional, empty": "empty"}
            self.navigator.set_status(Node(kind), short.get(state, state), _worst(mine))

    def jump_to_finding(self, row: dict) -> None:
        if self.session is None:
            return
        if row.get("source") == "example":
            if row.get("start") is not None:
                to_qt = utf16_offsets(self.editor.toPlainText())
                self.editor.select_range(to_qt(row["start"]), to_qt(row["end"]))
            return
        where = row["where"]
        place = Location.parse(where)
        if place.part == "ecq":
            ecq_id = place.ecq_id
            if place.example is None:
                self.navigator.setCurrentItem(self.navigator.item_for(Node("ecq", ecq_id)))
                return
            index = place.example - 1
            joined = self.session.package.narrative(ecq_id).joined()
            if not 0 <= index < len(joined.examples):
                return
            example = joined.examples[index]
            self.navigator.setCurrentItem(self.navigator.item_for(Node("example", ecq_id, example.id)))
            if row.get("start") is None:
                return
            # package offsets are into the ECQ's joined text; translate into this example
            prefix = joined.char_starts[index]
            start, end = row["start"] - prefix, row["end"] - prefix
            text = self.editor.toPlainText()
            if text != example.text:
                spans, own = paragraph_spans(text), paragraph_spans(example.text)
                for (a, b), (c, d) in zip(own, spans):
                    if a <= start <= b:
                        start, end = start - a + c, end - a + c
                        break
            to_qt = utf16_offsets(text)
            self.editor.select_range(to_qt(start), to_qt(end))
        elif where in ("resume", "justification", "idp", "cdp", "package"):
            node = Node("details") if where == "package" else Node(where)
            item = self.navigator.item_for(node)
            if item is not None:
                self.navigator.setCurrentItem(item)

    def _weak_ecq_proposals(self) -> list:
        if self.report is None:
            return []
        from ecqwriter.analysis.criteria import weak_ecqs

        return weak_ecqs(self.report)

    def _misspellings(self, text: str, to_qt) -> list:
        speller = self.analysis.speller
        if speller is None or not self.settings.check_spelling:
            return []
        return [(to_qt(a), to_qt(b), word) for a, b, word in speller.misspelled(text)]

    def add_to_dictionary(self, word: str) -> None:
        if self.analysis.speller is None:
            return
        try:
            self.analysis.speller.add_personal(word)
        except OSError as exc:
            self.warn("Cannot save the word", f"{exc.strerror}: {exc.filename}")
            return
        text = self.editor.toPlainText()
        self.editor.highlighter.set_findings(self.editor.highlighter.findings,
                                             self._misspellings(text, utf16_offsets(text)))

    def dismiss_finding(self, rule: str, fingerprint: str) -> None:
        if self.session is None or self.session.read_only:
            return
        where = f"ecq:{self.current.ecq_id}" if self.current else "package"
        self.session.package.dismissed.add((rule, where, fingerprint))
        self._changed()
        self.schedule_analysis(immediately=True)

    # ================================================================== status and misc

    def _tick(self) -> None:
        if self.session is None:
            return
        try:
            outcome = self.session.tick()
        except EcqError as exc:
            self._set_save_state(error=str(exc))
            if not self._autosave_error_shown:
                self._autosave_error_shown = True
                self.warn("Autosave failed", f"{exc}\n\nYour text is kept in memory and in the recovery "
                                             "journal. Use File ▸ Save As to save it elsewhere.")
            return
        if outcome == "saved":
            self._autosave_error_shown = False
            self._set_save_state()

    def _set_save_state(self, error: str | None = None) -> None:
        session = self.session
        if session is None:
            text = "No package"
        elif error:
            text = f"⚠ Not saved: {error}"
        elif session.read_only:
            text = "Read-only"
        elif session.dirty:
            text = "Unsaved changes (autosave on)"
        elif session.last_saved is not None:
            text = f"Saved {dt.datetime.now().strftime('%H:%M:%S')}"
        else:
            text = "Saved"
        self.save_state.setText(text)
        self._update_title()

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("ecqwriter")
            return
        name = self.session.package.candidate.name or self.session.path.stem
        flags = " [read-only]" if self.session.read_only else (" *" if self.session.dirty else "")
        if self.review.review_mode and not self.session.read_only:
            flags = " [review mode]" + flags
        self.setWindowTitle(f"{name} — {self.session.path.name}{flags} — ecqwriter {__version__}")

    def _update_counts(self) -> None:
        example = self._current_example()
        if example is None or self.report is None:
            self.count_state.setText("")
            return
        ecq = next((e for e in self.report.ecqs if e.ecq == self.current.ecq_id), None)
        if ecq is not None:
            self.count_state.setText(f"{example.word_count()} words · ECQ {ecq.est_pages:.1f}/{ecq.limit_pages:g} pages")

    def _update_actions(self) -> None:
        has = self.session is not None
        writable = has and not self.session.read_only
        # review mode: comments only, so neither the texts nor the structure change
        editable = writable and not self.review.review_mode
        on_example = self._current_example() is not None
        self.save_action.setEnabled(writable)
        self.save_as_action.setEnabled(has)
        self.export_action.setEnabled(has)
        self.close_action.setEnabled(has)
        self.add_action.setEnabled(editable and self._target_ecq() is not None)
        for action in (self.duplicate_action, self.rename_action, self.delete_action, self.up_action,
                       self.down_action):
            action.setEnabled(editable and on_example)
        self.snapshot_action.setEnabled(writable and on_example)
        self.revisions_action.setEnabled(has and on_example)
        self.import_word_action.setEnabled(editable)
        self.comment_action.setEnabled(writable)
        self.changes_action.setEnabled(has)

    def zoom(self, step: int) -> None:
        size = self.settings.font_size + step if step else 12
        size = max(8, min(32, size))
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
            self._find_dialog = FindReplaceDialog(self, self._focused_editor)
        self._find_dialog.show()
        self._find_dialog.raise_()

    def show_settings(self) -> None:
        if SettingsDialog(self, self.settings).exec():
            apply_theme(QApplication.instance(), self.settings.theme)
            self._apply_font_size(self.settings.font_size)
            if self.session is not None:
                self.session.autosave_seconds = self.settings.autosave_seconds
            self._show_checks()
            self.schedule_analysis(immediately=True)

    def show_export(self):
        if self.session is None:
            return None
        from ecqwriter.gui.export_dialog import ExportDialog

        default = self.session.path.with_suffix(".pdf")
        self.export_dialog = ExportDialog(self, self.session.package, self.framework, default)
        self.export_dialog.show()
        return self.export_dialog

    def show_help(self, rule: str | None = None) -> None:
        HelpDialog(self, rule).exec()

    def show_revisions(self) -> None:
        example = self._current_example()
        if example is None:
            return
        versions = self.revision_versions(example)
        if not versions:
            self.statusBar().showMessage("No revisions yet: they are kept automatically as you save", 5000)
            return
        dialog = RevisionsDialog(self, versions, example.text)
        if dialog.exec() and dialog.chosen is not None and not self.text_locked():
            self.editor.replace_all_text(dialog.chosen)

    def revision_versions(self, example: Example) -> list[tuple[str, str]]:
        """(label, text) of every kept version of an example: what each person last saw
        (when the package travelled), then the revisions, newest first."""
        versions = []
        target = f"example:{example.id}"
        me = self.review.identity().name
        for person in self.session.file.people():
            seen = self.session.file.seen_by(person).get(target)
            if seen is not None:
                who = "you" if person == me else person
                versions.append((f"As {who} last saw it ({seen.seen.astimezone().strftime('%Y-%m-%d %H:%M')})",
                                 seen.text))
        for revision in self.session.file.revisions(example.id):
            label = revision.created.astimezone().strftime("%Y-%m-%d %H:%M")
            label += f" — {revision.name}" if revision.name else " (automatic)"
            versions.append((label, revision.text))
        return versions

    def import_word_dialog(self) -> None:
        if self.text_locked():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import a Word draft", "", "Word documents (*.docx);;All files (*)")
        if path:
            self.import_word(Path(path))

    def import_word(self, path: Path) -> bool:
        """Preview a Word draft's import; the package changes only if the user confirms."""
        from ecqwriter.gui.import_dialog import ImportDialog
        from ecqwriter.importing.plan import apply_plan, plan_import

        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            plan = plan_import(path, self.framework)
        except EcqError as exc:
            self.warn("Cannot import the Word file", str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        dialog = ImportDialog(self, plan, self.framework, self.session.package)
        self.import_dialog = dialog
        if not self.run_import_dialog(dialog):
            return False
        self.undo_stack.push(commands.ImportDraft(self, lambda package: apply_plan(
            plan, package, self.framework, replace=dialog.replace, importer=self.review.identity().name)))
        self.review.refresh()
        self.statusBar().showMessage(f"Imported {path.name}; Ctrl+Alt+Z undoes the import", 8000)
        return True

    def run_import_dialog(self, dialog) -> bool:
        return bool(dialog.exec())

    def named_snapshot(self) -> None:
        example = self._current_example()
        if example is None or self.session.read_only:
            return
        name, ok = QInputDialog.getText(self, "Keep a named revision", "Name (for example \"sent to coach\")")
        if ok and name.strip():
            try:
                if self.session.dirty:
                    self.session.save()
                self.session.file.snapshot(example, name.strip())
            except EcqError as exc:
                self.warn("Cannot keep the revision", str(exc))
                return
            self._set_save_state()
            self.statusBar().showMessage(f"Kept revision \"{name.strip()}\"", 4000)
