"""Interview rehearsal in the window: outline cards from the analysis, answers into the
package's practice log."""

from __future__ import annotations

import time

from ecqwriter.application import stories
from ecqwriter.application.exporting import interview_plan
from ecqwriter.core.errors import EcqError
from ecqwriter.gui.dialogs.rehearsal import RehearsalDialog
from ecqwriter.gui.host import WindowHost


class InterviewController:
    def __init__(self, window: WindowHost):
        self.window = window
        self.clock = time.monotonic  # tests move time by replacing it
        self.dialog: RehearsalDialog | None = None

    def rehearse(self, *, modal: bool = True) -> RehearsalDialog | None:
        w = self.window
        if w.session is None:
            return None
        try:
            # the paragraphs are analysed already (the checks): the cards come from the cache
            plan = interview_plan(w.session.package)
        except EcqError as exc:
            w.warn("Cannot prepare the rehearsal", str(exc))
            return None
        self.dialog = RehearsalDialog(plan, self.record, w, clock=self.clock)
        if modal:
            self.dialog.exec()
        else:
            self.dialog.show()
        return self.dialog

    def propose_resume_bullet(self, *, ask=None) -> str | None:
        """From the story on screen, a résumé bullet to edit; added to the résumé's end.
        ``ask(title, label, text) -> (text, ok)`` is the dialog (tests answer it)."""
        w = self.window
        example = w.editing.current_example()
        if example is None or w.session is None or w.session.read_only or not example.text.strip():
            w.show_status("Choose a story first: the bullet is drawn from the story on screen.", 5000)
            return None
        proposal = stories.resume_bullet(w.session.package, w.current.ecq_id, example)
        if ask is None:
            from PySide6.QtWidgets import QInputDialog

            def ask(title, label, text):
                return QInputDialog.getMultiLineText(w, title, label, text)
        text, ok = ask("Résumé bullet from this story",
                       "A proposal from the story's actions and result. Edit it: one or two lines, "
                       "the result in numbers. It is added at the end of the résumé.", proposal)
        if not ok or not text.strip():
            return None
        stories.add_resume_bullet(w.session.package, text)
        w.editing.changed()
        w.show_status("Added to the end of the résumé: move it under its job.", 5000)
        return text

    def record(self, entry: dict) -> None:
        w = self.window
        if w.session is None or w.session.read_only:
            return
        w.session.package.practice_log.append(entry)
        w.session.changed()
        w.set_save_state()
