"""Interview rehearsal in the window: outline cards from the analysis, answers into the
package's practice log."""

from __future__ import annotations

import time

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

    def record(self, entry: dict) -> None:
        w = self.window
        if w.session is None or w.session.read_only:
            return
        w.session.package.practice_log.append(entry)
        w.session.changed()
        w.set_save_state()
