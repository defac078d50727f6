"""The window as its parts see it: the small, named interface that the controllers, the
review controller and the undo commands use. Nothing outside ``main_window`` touches
anything else of the window.

What the parts share lives in ``state`` (gui/window_state.py: the open package, its
framework, the part on screen, the latest results, each with a change signal). The
controllers change it; the window only builds the parts and wires them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QStackedWidget

from ecqwriter.gui.analysis_service import AnalysisService
from ecqwriter.gui.editors.forms import CdpForm, DetailsForm
from ecqwriter.gui.editors.idp import IdpEditor
from ecqwriter.gui.editors.narrative import NarrativeEditor
from ecqwriter.gui.editors.resume import ResumeEditor
from ecqwriter.gui.editors.story_facts import StoryFactsPanel
from ecqwriter.gui.editors.text_part import TextPartPage
from ecqwriter.gui.panels.checks import ChecksPanel
from ecqwriter.gui.panels.navigator import NavigatorTree
from ecqwriter.gui.settings import AppSettings
from ecqwriter.gui.window_state import WindowState

if TYPE_CHECKING:  # the controllers import this module: their types are for the checker only
    from ecqwriter.gui.controllers.analysis import AnalysisController
    from ecqwriter.gui.controllers.documents import DocumentController
    from ecqwriter.gui.controllers.editing import EditingController
    from ecqwriter.gui.controllers.review import ReviewController


class WindowHost(Protocol):
    # what the parts share, with its change signals
    state: WindowState
    settings: AppSettings
    journal_dir: Path | None
    backups_dir: Path | None
    # the controllers (gui/controllers/): each part asks the one that owns a task
    documents: DocumentController
    editing: EditingController
    checking: AnalysisController
    review: ReviewController
    analysis: AnalysisService
    # the widgets the parts work with
    editor: NarrativeEditor
    text_editor: NarrativeEditor
    example_title: QLineEdit
    story_facts: StoryFactsPanel
    example_heading: QLabel
    text_page: TextPartPage
    details: DetailsForm
    cdp_form: CdpForm
    idp_editor: IdpEditor
    resume_editor: ResumeEditor
    navigator: NavigatorTree
    checks: ChecksPanel
    pages: QStackedWidget
    comments_dock: QDockWidget
    undo_stack: QUndoStack
    # the status bar's labels, and the signal that a package report is on screen
    save_state: QLabel
    analysis_state: QLabel
    count_state: QLabel
    checksUpdated: SignalInstance

    # questions and messages (tests replace these)
    def ask(self, title: str, question: str) -> bool: ...

    def warn(self, title: str, message: str) -> None: ...

    def ask_text(self, title: str, prompt: str, default: str = "", *, multiline: bool = False) -> str | None: ...

    def choose_lock_action(self, error) -> str: ...

    def run_import_dialog(self, dialog) -> bool: ...

    def show_status(self, message: str, milliseconds: int = 5000) -> None: ...

    # keeping the window's frame in step (title, menus, word count)
    def update_title(self) -> None: ...

    def update_actions(self) -> None: ...

    def update_counts(self) -> None: ...
