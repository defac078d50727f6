"""The checks in the window: when they run, and what their results change on screen.

The analysis itself runs in a worker (gui/analysis_service.py); this controller schedules it
after typing pauses, drops results that typing has overtaken, and hands the rest to the
editor, the checks panel and the navigator.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ecqwriter.application.checking import weak_ecqs
from ecqwriter.application.stories import split_point
from ecqwriter.core.wording import plural
from ecqwriter.gui import check_rows
from ecqwriter.gui.editors.narrative import PaintedFinding, utf16_offsets
from ecqwriter.gui.host import WindowHost

ANALYSIS_DELAY_MS = 350


# the parts whose findings the first list shows when the part is on screen, and its tab's name
_PARTS = {"resume": "Résumé", "justification": "Justification", "cdp": "CDP", "idp": "IDP"}


class AnalysisController:
    def __init__(self, window: WindowHost, parent_widget, analysis):
        self.window = window
        self.analysis = analysis
        self.example_request = 0
        self.package_request = 0
        self.split_offered: set[str] = set()  # stories already offered a split
        self.timer = QTimer(parent_widget, singleShot=True, interval=ANALYSIS_DELAY_MS)
        self.timer.timeout.connect(self.run)
        analysis.ready.connect(self._on_ready)
        analysis.failed.connect(self._on_failed)
        analysis.exampleAnalysed.connect(self._on_example_analysed)
        analysis.packageChecked.connect(self._on_package_checked)

    def schedule(self, immediately: bool = False) -> None:
        self.timer.start(0 if immediately else ANALYSIS_DELAY_MS)

    def run(self) -> None:
        w = self.window
        if w.state.session is None or not self.analysis.is_ready:
            return
        if w.editing.current_example() is not None:
            self.example_request = self.analysis.analyse_story(
                w.state.session.story_snapshot(w.editor.toPlainText(), w.state.current.ecq_id))
        w.analysis_state.setText("Checking…")
        # the worker gets its own copy: typing goes on while it reads
        self.package_request = self.analysis.check_package(w.state.session.package_snapshot())

    def _on_ready(self) -> None:
        w = self.window
        w.editor.speller = self.analysis.speller
        w.analysis_state.setText("Checks ready")
        w.checks.status.setText("Checks ready")
        self.run()

    def _on_failed(self, details: str) -> None:
        w = self.window
        w.analysis_state.setText("Checks unavailable")
        w.checks.status.setText("The checks stopped with an internal error; your text is safe.\n"
                                + details.strip().splitlines()[-1])

    def _on_example_analysed(self, request: int, result) -> None:
        w = self.window
        if request != self.example_request or w.editing.current_example() is None:
            return
        text = w.editor.toPlainText()
        if result.text != text:
            return  # typed on since; a newer request is on its way
        w.state.example_result = result
        to_qt = utf16_offsets(text)
        painted = [PaintedFinding(to_qt(f.start), to_qt(f.end), f.severity, f.rule, f.message, f.fingerprint)
                   for f in result.findings if f.start is not None]
        w.editor.highlighter.show_info = w.settings.show_info_findings
        w.editor.highlighter.set_findings(painted, self.misspellings(text, to_qt))
        w.editor.set_paragraph_labels([
            (to_qt(p.start), p.label, [(to_qt(a), part) for a, _, part in p.parts]) for p in result.paragraphs])
        self._offer_split(result)
        w.checking.show_checks()

    def _offer_split(self, result) -> None:
        """Once per story: a story that tells two examples can be made two (a pasted statement)."""
        w = self.window
        at = split_point(result)
        example = w.editing.current_example()
        if at is None or example is None or example.id in self.split_offered:
            return
        self.split_offered.add(example.id)
        count = len(result.examples)
        w.show_status(f"This story seems to tell {count} examples; a new one starts at paragraph {at + 1}. "
                      "Package \u25b8 Split example in two (Ctrl+Shift+T) makes it two stories.", 20000)

    def _on_package_checked(self, request: int, report) -> None:
        w = self.window
        if request != self.package_request or w.state.session is None:
            return
        w.state.report = report
        errors = sum(1 for f in report.findings if f.severity == "error")
        warnings = sum(1 for f in report.findings if f.severity == "warning")
        w.analysis_state.setText("Checks ready" if report.ready else "Checks ready: not ready for QRB")
        length = w.state.framework.length
        # a résumé-based application is measured by its résumé; a narrative one by its narratives
        pages = (f"{report.printed_pages} of {length.total_pages:g} narrative pages" if length.total_pages
                 else f"résumé {report.resume_pages:.1f} of {length.resume_pages:g} pages")
        w.checks.status.setText(
            f"{'Ready' if report.ready else 'Not ready'} for the QRB: {pages}; "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
        w.checks.coverage.show_report(report)
        w.checks.show_checklist(report.checklist)
        for status in check_rows.navigator_statuses(report, w.state.session.package, w.state.framework):
            w.navigator.set_status(status.node, status.text, status.worst, status.tip)
        w.checking.show_checks()
        w.update_counts()
        w.checksUpdated.emit()

    def show_checks(self) -> None:
        """The three lists of findings: the example on screen, its ECQ, the package."""
        w = self.window
        if w.state.session is None:
            return
        show_info = w.settings.show_info_findings
        on_example = w.state.current is not None and w.state.current.kind == "example"
        part = w.state.current.kind if w.state.current is not None and w.state.current.kind in _PARTS else None
        if part is not None:  # the first list holds what is on screen: this part's findings
            rows = [row for row in check_rows.report_rows(w.state.report, w.state.framework, show_info) if row["location"].part == part]
            w.checks.example_list.show_findings(rows)
        else:
            w.checks.example_list.show_findings(
                check_rows.example_rows(w.state.example_result if on_example else None, show_info))
        w.checks.tabs.setTabText(0, _PARTS.get(part, "Example"))
        ecq_id = w.state.current.ecq_id if w.state.current is not None and w.state.current.kind in ("ecq", "example") else None
        w.checks.ecq_list.show_findings(check_rows.report_rows(w.state.report, w.state.framework, show_info, ecq_id) if ecq_id else [])
        w.checks.package_list.show_findings(check_rows.report_rows(w.state.report, w.state.framework, show_info))

    def jump_to_finding(self, row: dict) -> None:
        """Show where a finding is and select its words."""
        w = self.window
        if w.state.session is None:
            return
        if row.get("source") == "example":
            if row.get("start") is not None:
                to_qt = utf16_offsets(w.editor.toPlainText())
                w.editor.select_range(to_qt(row["start"]), to_qt(row["end"]))
            return
        target = check_rows.jump_target(row, w.state.session.package)
        item = w.navigator.item_for(target.node) if target is not None else None
        if item is None:
            return
        w.navigator.setCurrentItem(item)  # shows the part
        if target.start is not None:
            # the offsets moved to the text as the editor now has it
            target = check_rows.jump_target(row, w.state.session.package, w.editor.toPlainText())
            to_qt = utf16_offsets(w.editor.toPlainText())
            w.editor.select_range(to_qt(target.start), to_qt(target.end))

    def weak_ecq_proposals(self) -> list:
        return weak_ecqs(self.window.state.report) if self.window.state.report is not None else []

    def misspellings(self, text: str, to_qt) -> list:
        speller = self.analysis.speller
        if speller is None or not self.window.settings.check_spelling:
            return []
        return [(to_qt(a), to_qt(b), word) for a, b, word in speller.misspelled(text)]

    def add_to_dictionary(self, word: str) -> None:
        w = self.window
        if self.analysis.speller is None:
            return
        try:
            self.analysis.speller.add_personal(word)
        except OSError as exc:
            w.warn("Cannot save the word", f"{exc.strerror}: {exc.filename}")
            return
        text = w.editor.toPlainText()
        w.editor.highlighter.set_findings(w.editor.highlighter.findings, self.misspellings(text, utf16_offsets(text)))

    def dismiss_finding(self, rule: str, fingerprint: str) -> None:
        w = self.window
        if w.state.session is None or w.state.session.read_only:
            return
        where = f"ecq:{w.state.current.ecq_id}" if w.state.current else "package"
        w.state.session.dismiss(rule, where, fingerprint)
        w.documents.set_save_state()
        self.schedule(immediately=True)
