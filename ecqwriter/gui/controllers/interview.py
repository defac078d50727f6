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
        if w.state.session is None:
            return None
        try:
            # the paragraphs are analysed already (the checks): the cards come from the cache
            plan = interview_plan(w.state.session.package)
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
        """From the story on screen, a résumé bullet to edit. A structured résumé takes it as
        an accomplishment tagged with the story's ECQ and linked to it; a free-text résumé at
        its end. ``ask(title, label, text) -> (text, ok)`` is the dialog (tests answer it)."""
        w = self.window
        example = w.editing.current_example()
        if example is None or w.state.session is None or w.state.session.read_only or not example.text.strip():
            w.show_status("Choose a story first: the bullet is drawn from the story on screen.", 5000)
            return None
        text = self._edited_proposal(w.state.current.ecq_id, example, ask)
        if text is None:
            return None
        package = w.state.session.package
        stories.add_resume_bullet(package, text, ecq_id=w.state.current.ecq_id, story=example)
        w.editing.changed()
        w.show_status("Added to the résumé's accomplishments: see Résumé ▸ Experience." if package.resume_record
                      else "Added to the end of the résumé: move it under its job.", 5000)
        return text

    def add_bullet_from_a_story(self, *, choose=None, ask=None) -> str | None:
        """From the résumé editor: which story, then its proposed bullet to edit, added to the
        selected job. ``choose(title, label, items) -> (item, ok)`` picks the story."""
        w = self.window
        if w.state.session is None or w.editing.text_locked():
            return None
        package = w.state.session.package
        bank = [(ecq_id, example) for ecq_id, narrative in package.narratives.items()
                for example in narrative.examples if example.text.strip()]
        if not bank:
            w.warn("No story yet", "Write a story under one of the ECQs first: the bullet is drawn from it.")
            return None
        labels = [f"{example.title or 'Untitled story'} ({w.state.framework.ecq_name(ecq_id)})" for ecq_id, example in bank]
        if choose is None:
            from PySide6.QtWidgets import QInputDialog

            def choose(title, label, items):
                return QInputDialog.getItem(w, title, label, items, 0, False)
        picked, ok = choose("Accomplishment from a story", "The story to draw the bullet from:", labels)
        if not ok or picked not in labels:
            return None
        ecq_id, example = bank[labels.index(picked)]
        text = self._edited_proposal(ecq_id, example, ask)
        if text is None:
            return None
        from ecqwriter.core.resume import Accomplishment

        w.resume_editor.add_accomplishment(Accomplishment(" ".join(text.split()).lstrip("-• ").strip(), [ecq_id],
                                                          example.title or None))
        return text

    def _edited_proposal(self, ecq_id: str, example, ask) -> str | None:
        w = self.window
        proposal = stories.resume_bullet(w.state.session.package, ecq_id, example)
        if ask is None:
            from PySide6.QtWidgets import QInputDialog

            def ask(title, label, text):
                return QInputDialog.getMultiLineText(w, title, label, text)
        text, ok = ask("Résumé bullet from this story",
                       "A proposal from the story's actions and result. Edit it: one or two lines, "
                       "the result in numbers.", proposal)
        return text if ok and text.strip() else None

    def record(self, entry: dict) -> None:
        w = self.window
        if w.state.session is None or w.state.session.read_only:
            return
        w.state.session.package.practice_log.append(entry)
        w.state.session.changed()
        w.documents.set_save_state()
