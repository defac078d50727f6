"""The document's life in the window: new, open, save, close, recover, revisions, import.

Every file operation goes through the application layer; this controller only asks the
user, shows the outcome and keeps the window in step.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from ecqwriter.application import documents, word_import
from ecqwriter.core.errors import EcqError, PackageLockedError, UnsafePackageError
from ecqwriter.core.formats import framework_for
from ecqwriter.gui import commands
from ecqwriter.gui.dialogs.new_package import NewPackageDialog
from ecqwriter.gui.dialogs.repair_offer import offer_repaired_copy
from ecqwriter.gui.dialogs.revisions import RevisionsDialog
from ecqwriter.gui.host import WindowHost
from ecqwriter.gui.panels.navigator import Node

PAGE_WELCOME = 0


class DocumentController:
    def __init__(self, window: WindowHost, parent_widget):
        self.window = window
        self.parent = parent_widget  # for file dialogs
        self.autosave_error_shown = False
        self.sharing_note_shown = ""

    def _options(self) -> dict:
        w = self.window
        return {"journal_dir": w.journal_dir, "backups_dir": w.backups_dir,
                "autosave_seconds": w.settings.autosave_seconds, "identity": w.review.identity()}

    # ------------------------------------------------------------------ new and open

    def new_package_dialog(self) -> None:
        dialog = NewPackageDialog(self.parent)
        if dialog.exec():
            values = dialog.values()
            self.create_package(values["path"], values["criterion"], values["framework"], values["candidate"],
                                values["application_format"])

    def create_package(self, path: Path, criterion: str, framework_id: str, candidate: str = "",
                       application_format: str | None = None) -> bool:
        if not self.close_package():
            return False
        try:
            session = documents.create_session(path, criterion, framework_id, candidate,
                                               application_format=application_format, **self._options())
        except EcqError as exc:
            self.window.warn("Cannot create the package", str(exc))
            return False
        self.adopt(session)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open package", "", "ECQ packages (*.ecq);;All files (*)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, *, read_only: bool = False) -> bool:
        w = self.window
        if not self.close_package():
            return False
        try:
            session = documents.open_session(path, read_only=read_only, **self._options())
        except PackageLockedError as exc:
            choice = w.choose_lock_action(exc)
            if choice == "cancel":
                return False
            try:
                session = documents.open_session(path, read_only=choice == "read-only",
                                                 force_lock=choice == "take-over", **self._options())
            except EcqError as again:
                w.warn("Cannot open the package", str(again))
                return False
        except UnsafePackageError as exc:
            return offer_repaired_copy(w, path, exc)
        except EcqError as exc:
            w.warn("Cannot open the package", str(exc))
            w.settings.remove_recent(str(path))
            return False
        if not self.adopt(session):
            return False
        if session.read_only_reason:
            w.show_status(f"Opened read-only: {session.read_only_reason}. Use File ▸ Save As to edit a copy", 10000)
        if session.migrated_from:
            w.show_status(f"Upgraded from file format {session.migrated_from}; the old file is kept as a "
                          ".bak copy", 8000)
        return True

    def adopt(self, session) -> bool:
        w = self.window
        w.state.session = session
        w.undo_stack.clear()
        w.state.report = None
        w.state.example_result = None
        try:
            w.state.framework = framework_for(session.package)  # with its format's page limits
        except EcqError as exc:
            w.warn("Unknown framework", f"{session.path}: this package uses a framework this version of "
                   f"ecqwriter does not have ({exc}); it was not opened and was left untouched.")
            session.close(keep_journal=True)
            w.state.session = None
            return False
        w.settings.add_recent(str(session.path))
        w.navigator.rebuild(session.package, w.state.framework)
        first_example = next((Node("example", n.ecq_id, n.examples[0].id)
                              for n in session.package.narratives.values() if n.examples), None)
        if first_example is not None:
            w.navigator.setCurrentItem(w.navigator.item_for(first_example))
        w.update_title()
        self.set_save_state()
        w.update_actions()
        w.review.package_opened()
        w.checking.schedule(immediately=True)
        return True

    def format_changed(self) -> None:
        """The package's application format changed: its page limits and checks follow."""
        w = self.window
        if w.state.session is None:
            return
        w.state.framework = framework_for(w.state.session.package)
        w.navigator.rebuild(w.state.session.package, w.state.framework)
        w.checking.schedule(immediately=True)

    def fill_samples(self, menu) -> None:
        menu.clear()
        for name, description in documents.sample_menu():
            action = menu.addAction(description)
            action.triggered.connect(lambda _=False, name=name: self.open_sample(name))

    def open_sample(self, name: str) -> bool:
        """A fresh copy of a bundled sample, opened (the bundled original is never touched)."""
        try:
            copy = documents.copy_sample(name)
        except EcqError as exc:
            self.window.warn("Cannot open the sample", str(exc))
            return False
        return self.open_path(copy)

    def fill_recent(self, menu) -> None:
        menu.clear()
        for path in self.window.settings.recent_files:
            action = menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if not self.window.settings.recent_files:
            menu.addAction("(none)").setEnabled(False)

    def check_recovery(self) -> int:
        """Offer unsaved work left by a session that ended without saving; returns how many."""
        w = self.window
        offered = 0
        for work in documents.pending_recoveries(w.journal_dir):
            offered += 1
            when = work.written.astimezone().strftime("%Y-%m-%d %H:%M")
            question = (f"ecqwriter closed before saving your work on\n{work.package_path}\n"
                        f"Recover the text you wrote (last kept {when})?")
            if not w.ask("Recover unsaved work", question):
                work.journal_path.unlink(missing_ok=True)
                continue
            if work.package_path.exists():
                if not self.open_path(work.package_path) or w.state.session is None:
                    continue
            else:
                try:
                    self.adopt(documents.adopt_recovered(work.package_path, work.package, **self._options()))
                except EcqError as exc:
                    w.warn("Cannot recover", str(exc))
                    continue
            recovered = work.package
            w.state.session.restore(recovered)
            work.journal_path.unlink(missing_ok=True)
            w.navigator.rebuild(recovered, w.state.framework)
            w.show_status("Recovered your unsaved work; it will be saved shortly", 8000)
            self.set_save_state()
            w.checking.schedule(immediately=True)
            break
        return offered

    # ------------------------------------------------------------------ save and close

    def save(self) -> bool:
        w = self.window
        if w.state.session is None or w.state.session.read_only:
            return False
        try:
            w.state.session.save()
        except EcqError as exc:
            w.warn("Save failed", f"{exc}\n\nYour text is still here; use Save As to keep it elsewhere.")
            self.set_save_state(error=str(exc))
            return False
        self.autosave_error_shown = False
        self.set_save_state()
        self.tell_how_saves_reach_a_shared_file()
        return True

    def tell_how_saves_reach_a_shared_file(self) -> None:
        """Once per package: a save into another user's file or a hard-linked one is said."""
        w = self.window
        note = w.state.session.sharing_note if w.state.session is not None else ""
        if note and note != self.sharing_note_shown:
            self.sharing_note_shown = note
            w.show_status(f"Saved. Note: {note}.", 15000)

    def save_as_dialog(self) -> bool:
        if self.window.state.session is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save package as", str(self.window.state.session.path),
                                              "ECQ packages (*.ecq)")
        if not path:
            return False
        return self.save_as(Path(path if path.endswith(".ecq") else path + ".ecq"))

    def save_as(self, path: Path) -> bool:
        w = self.window
        try:
            w.state.session.save_as(path, overwrite=path.exists())
        except EcqError as exc:
            w.warn("Save As failed", str(exc))
            return False
        w.settings.add_recent(str(path))
        w.update_title()
        self.set_save_state()
        w.update_actions()
        return True

    def close_package(self) -> bool:
        w = self.window
        if w.state.session is None:
            return True
        if w.state.session.dirty and not w.state.session.read_only and not self.save():
            if not w.ask("Close without saving?",
                         "The package could not be saved. Close anyway? Your unsaved text stays in "
                         "the recovery journal and is offered again next time."):
                return False
            w.state.session.close(keep_journal=True)
        else:
            w.state.session.close()
        w.state.session = None
        w.state.framework = None
        w.navigator.clear()
        w.pages.setCurrentIndex(PAGE_WELCOME)
        for findings in (w.checks.example_list, w.checks.ecq_list, w.checks.package_list):
            findings.clear()
        w.undo_stack.clear()
        w.review.package_closed()
        self.set_save_state()
        w.update_title()
        w.update_actions()
        return True

    def tick(self) -> None:
        """Autosave and journal on the timer; an autosave failure is shown once."""
        w = self.window
        if w.state.session is None:
            return
        try:
            outcome = w.state.session.tick()
        except EcqError as exc:
            self.set_save_state(error=str(exc))
            if not self.autosave_error_shown:
                self.autosave_error_shown = True
                w.warn("Autosave failed", f"{exc}\n\nYour text is kept in memory and in the recovery "
                                          "journal. Use File ▸ Save As to save it elsewhere.")
            return
        if outcome == "saved":
            self.autosave_error_shown = False
            self.set_save_state()
            self.tell_how_saves_reach_a_shared_file()

    def save_state_text(self, error: str | None = None) -> str:
        session = self.window.state.session
        if session is None:
            return "No package"
        if error:
            return f"⚠ Not saved: {error}"
        if session.read_only:
            return f"Read-only: {session.read_only_reason}" if session.read_only_reason else "Read-only"
        if session.dirty:
            return "Unsaved changes (autosave on)"
        if session.last_saved is not None:
            return f"Saved {dt.datetime.now().strftime('%H:%M:%S')}"
        return "Saved"

    def set_save_state(self, error: str | None = None) -> None:
        self.window.save_state.setText(self.save_state_text(error))
        self.window.update_title()

    # ------------------------------------------------------------------ revisions

    def show_revisions(self) -> None:
        w = self.window
        example = w.editing.current_example()
        if example is None:
            return
        versions = self.revision_versions(example)
        if not versions:
            w.show_status("No revisions yet: they are kept automatically as you save", 5000)
            return
        dialog = RevisionsDialog(self.parent, versions, example.text)
        if dialog.exec() and dialog.chosen is not None and not w.editing.text_locked():
            w.editor.replace_all_text(dialog.chosen)

    def revision_versions(self, example) -> list[tuple[str, str]]:
        """(label, text) of every kept version of an example: what each person last saw
        (when the package travelled), then the revisions, newest first."""
        w = self.window
        versions = []
        target = f"example:{example.id}"
        me = w.review.identity().name
        for person in w.state.session.people():
            seen = w.state.session.last_seen_by(person, target)
            if seen is not None:
                who = "you" if person == me else person
                versions.append((f"As {who} last saw it ({seen.seen.astimezone().strftime('%Y-%m-%d %H:%M')})",
                                 seen.text))
        for revision in w.state.session.revisions(example):
            label = revision.created.astimezone().strftime("%Y-%m-%d %H:%M")
            label += f" — {revision.name}" if revision.name else " (automatic)"
            versions.append((label, revision.text))
        return versions

    def named_snapshot(self) -> None:
        w = self.window
        example = w.editing.current_example()
        if example is None or w.state.session.read_only:
            return
        name, ok = QInputDialog.getText(self.parent, "Keep a named revision", "Name (for example \"sent to coach\")")
        if ok and name.strip():
            try:
                if w.state.session.dirty:
                    w.state.session.save()
                w.state.session.snapshot(example, name.strip())
            except EcqError as exc:
                w.warn("Cannot keep the revision", str(exc))
                return
            self.set_save_state()
            w.show_status(f"Kept revision \"{name.strip()}\"", 4000)

    # ------------------------------------------------------------------ importing a Word draft

    def import_word_dialog(self) -> None:
        if self.window.editing.text_locked():
            return
        path, _ = QFileDialog.getOpenFileName(self.parent, "Import a Word draft", "",
                                              "Word documents (*.docx);;All files (*)")
        if path:
            self.import_word(Path(path))

    def import_word(self, path: Path) -> bool:
        """Preview a Word draft's import; the package changes only if the user confirms."""
        from ecqwriter.gui.dialogs.word_import import ImportDialog

        w = self.window
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            plan = word_import.plan_for(path, w.state.framework)
        except EcqError as exc:
            w.warn("Cannot import the Word file", str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        dialog = ImportDialog(self.parent, plan, w.state.framework, w.state.session.package)
        w.import_dialog = dialog
        if not w.run_import_dialog(dialog):
            return False
        w.undo_stack.push(commands.ImportDraft(w, lambda package: word_import.apply_to_package(
            plan, package, replace=dialog.replace, importer=w.review.identity().name)))
        w.review.refresh()
        w.show_status(f"Imported {path.name}; Ctrl+Alt+Z undoes the import", 8000)
        return True
