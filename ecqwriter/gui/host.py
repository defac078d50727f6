"""The window as its parts see it: the small, named interface that the controllers, the
review controller and the undo commands use. Nothing outside ``main_window`` touches
anything else of the window.

The shared state lives here too: the editing session, its framework, the part on screen and
the latest check results. The controllers change it; the window only composes.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoStack


class WindowHost(Protocol):
    # state shared by the controllers
    session: object  # application.open_package.OpenPackage | None
    framework: object
    current: object  # panels.navigator.Node | None
    report: object  # the latest package report
    example_result: object  # the latest analysis of the example on screen
    settings: object
    journal_dir: object
    backups_dir: object
    # the controller that edits the parts (a story, the résumé); the others ask it
    editing: object  # controllers.editing.EditingController
    # widgets the parts work with
    editor: object
    text_editor: object
    example_title: object
    story_facts: object  # editors.story_facts.StoryFactsPanel
    example_heading: object
    text_page: object
    details: object
    cdp_form: object
    idp_editor: object
    resume_editor: object
    navigator: object
    checks: object
    pages: object
    comments_dock: object
    undo_stack: QUndoStack
    review: object
    analysis: object
    # the status bar's labels, and the signal that a package report is on screen
    save_state: object
    analysis_state: object
    count_state: object
    checksUpdated: object

    # questions and messages (tests replace these)
    def ask(self, title: str, question: str) -> bool: ...

    def warn(self, title: str, message: str) -> None: ...

    def ask_text(self, title: str, prompt: str, default: str = "", *, multiline: bool = False) -> str | None: ...

    def choose_lock_action(self, error) -> str: ...

    def run_import_dialog(self, dialog) -> bool: ...

    def show_status(self, message: str, milliseconds: int = 5000) -> None: ...

    # keeping the window in step
    def set_save_state(self, error: str | None = None) -> None: ...

    def update_title(self) -> None: ...

    def update_actions(self) -> None: ...

    def update_counts(self) -> None: ...

    def show_node(self, node) -> None: ...

    def show_checks(self) -> None: ...

    def schedule_analysis(self, immediately: bool = False) -> None: ...

    def structure_changed(self, select=None) -> None: ...

    def apply_editability(self) -> None: ...

    def text_locked(self) -> bool: ...

    def current_example(self): ...
