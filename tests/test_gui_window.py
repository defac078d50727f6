"""Drive the real main window offscreen (pytest-qt)."""

import json
import time

import pytest
from PySide6.QtCore import QSettings, Qt

from ecqwriter.gui import check_rows
from ecqwriter.gui.main_window import MainWindow
from ecqwriter.gui.panels.navigator import Node
from ecqwriter.gui.settings import AppSettings
from ecqwriter.storage.lock import lock_path_for

pytestmark = pytest.mark.gui

STORY = ("In 2024, the regional office faced a backlog of 9,000 claims.\n\n"
         "We worked hard and the backlog was reduced.\n\n"
         "I led a review with the OIG and cut processing time by 40 percent.")


@pytest.fixture
def make_window(qtbot, tmp_path):
    created = []

    def make(journal="journal"):
        settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
        window = MainWindow(settings, journal_dir=tmp_path / journal, backups_dir=tmp_path / "backups")
        window.ask = lambda title, question: True
        window.warnings = []
        window.warn = lambda title, message: window.warnings.append(message)
        qtbot.addWidget(window)
        window.show()
        window.analysis.start()
        qtbot.waitUntil(lambda: window.analysis.is_ready, timeout=30000)
        created.append(window)
        return window

    yield make
    for window in created:
        if window.state.session is not None:
            window.state.session.close(keep_journal=True)
            window.state.session = None
        window.analysis.wait(5000)


def new_package(window, tmp_path, criterion="A", framework="opm-2006"):
    path = tmp_path / "mine.ecq"
    assert window.documents.create_package(path, criterion, framework, "Pat Doe")
    return path


def type_text(qtbot, widget, text):
    """Type like a person: QTest cannot send a newline as a character, so press Return."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)


def select(window, node):
    window.navigator.setCurrentItem(window.navigator.item_for(node))


def test_create_type_and_see_findings_then_jump(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "results-driven"))
    window.editing.add_example()
    assert window.state.current.kind == "example"
    window.editor.setFocus()
    type_text(qtbot, window.editor, STORY)
    assert window.state.session.dirty
    # the debounced analysis runs in the worker; its findings get painted
    qtbot.waitUntil(lambda: any(f.rule == "first-person-plural" for f in window.editor.highlighter.findings),
                    timeout=15000)
    labels = [label for _, label, _ in window.editor.paragraph_labels]
    assert labels[0] == "challenge" and labels[-1] in ("result", "action")
    rules = {window.checks.example_list.topLevelItem(i).data(0, Qt.UserRole + 2)["rule"]
             for i in range(window.checks.example_list.topLevelItemCount())}
    assert {"first-person-plural", "acronym-undefined", "passive-voice"} <= rules
    # clicking a finding selects its span in the editor
    for i in range(window.checks.example_list.topLevelItemCount()):
        item = window.checks.example_list.topLevelItem(i)
        if item.data(0, Qt.UserRole + 2)["rule"] == "first-person-plural":
            window.checks.example_list.itemClicked.emit(item, 0)
            break
    assert window.editor.textCursor().selectedText() == "We"
    # the package view knows this ECQ now, and the navigator shows its status
    qtbot.waitUntil(lambda: window.state.report is not None and
                    any(e.ecq == "results-driven" and e.examples == 1 for e in window.state.report.ecqs), timeout=15000)
    item = window.navigator.item_for(Node("ecq", "results-driven"))
    assert "w ·" in item.text(1)
    assert window.checks.coverage.table.rowCount() == 28


RECORD = ("In 2023 the claims office I led had a backlog of 9,000 claims and veterans waited 200 days. "
          "The office had 40 examiners and an old case system. "
          "I set up a triage team, moved 12 examiners to the oldest claims and reviewed progress every week. "
          "The backlog fell to 1,200 claims within a year and waits dropped to 60 days.")


def test_a_mixed_paragraph_shows_its_parts_sentence_by_sentence(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "results-driven"))
    window.editing.add_example()
    window.editor.setFocus()
    window.editor.insertPlainText(RECORD)
    qtbot.waitUntil(lambda: bool(window.editor.paragraph_labels and window.editor.paragraph_labels[0][2]), timeout=15000)
    position, label, parts = window.editor.paragraph_labels[0]
    assert label == "mixed"
    marks = [part for _, part in window.editor.gutter_marks()]
    assert marks[0] == "challenge" and "action" in marks and marks[-1] == "result"
    # each mark stands beside the sentence it names
    assert [start for start, _ in window.editor.gutter_marks()][0] == 0
    window.editor.gutter.repaint()


def test_package_finding_jumps_to_its_example(qtbot, make_window, tmp_path):
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    assert window.documents.open_path(materialise_sample(tmp_path / "s", "sample-opm-2006"))
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    from ecqwriter.gui.check_rows import report_rows

    rows = report_rows(window.state.report, window.state.framework, True, "business-acumen")
    row = next(r for r in rows if str(r["location"]) == "ecq:business-acumen/example:1" and r["rule"] == "acronym-undefined")
    window.checking.jump_to_finding(row)
    assert window.state.current == Node("example", "business-acumen",
                                  window.state.session.package.narrative("business-acumen").examples[0].id)
    assert window.editor.textCursor().selectedText() == "OMB"


def test_undo_a_delete_and_reorder(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2025 I led the first story.")
    first = window.editing.current_example()
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2025 I led the second story.")
    examples = window.state.session.package.narrative("leading-change").examples
    assert [e.text for e in examples] == ["In 2025 I led the first story.", "In 2025 I led the second story."]
    window.editing.move_example(-1)
    assert examples[0].text.endswith("second story.")
    select(window, Node("example", "leading-change", first.id))
    window.editing.delete_example()
    assert [e.text for e in window.state.session.package.narrative("leading-change").examples] == [
        "In 2025 I led the second story."]
    window.undo_stack.undo()
    restored = window.state.session.package.narrative("leading-change").examples
    assert [e.text for e in restored] == ["In 2025 I led the second story.", "In 2025 I led the first story."]
    assert window.state.current.example_id == first.id
    assert window.editor.toPlainText() == "In 2025 I led the first story."


def test_delete_asks_and_can_be_refused(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "Words that matter.")
    window.ask = lambda title, question: False
    window.editing.delete_example()
    assert len(window.state.session.package.narrative("leading-change").examples) == 1


def test_autosave_then_reopen_intact(qtbot, make_window, tmp_path):
    window = make_window()
    window.session_autosave = None
    path = new_package(window, tmp_path)
    window.state.session.autosave_seconds = 0.5
    select(window, Node("ecq", "leading-people"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2023 I coached 12 supervisors.")
    qtbot.waitUntil(lambda: not window.state.session.dirty, timeout=5000)
    assert window.save_state.text().startswith("Saved")
    window.documents.close_package()
    from ecqwriter.storage.packagefile import read_package

    assert read_package(path).narrative("leading-people").examples[0].text == "In 2023 I coached 12 supervisors."


def test_crash_then_recover_unsaved_text(qtbot, make_window, tmp_path):
    window = make_window()
    path = new_package(window, tmp_path)
    window.state.session.autosave_seconds = 3600  # only the journal may save us
    select(window, Node("ecq", "business-acumen"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2024 I cut the budget shortfall by $3 million.")
    journal = window.state.session.journal_path
    qtbot.waitUntil(journal.exists, timeout=5000)
    # simulate a crash: the process dies without saving or cleaning up
    window.tick_timer.stop()
    window.state.session._session.file._db.close()  # the crash, planted below the application layer
    window.state.session = None
    lock_path_for(path).unlink()  # a dead process's lock is stale; here the process lives on
    from ecqwriter.storage.packagefile import read_package

    assert read_package(path).narrative("business-acumen").examples == []
    second = make_window()
    assert second.documents.check_recovery() == 1
    texts = [e.text for e in second.state.session.package.narrative("business-acumen").examples]
    assert texts == ["In 2024 I cut the budget shortfall by $3 million."]
    assert second.state.session.dirty and not journal.exists()
    second.documents.save()
    assert read_package(path).narrative("business-acumen").examples[0].text.startswith("In 2024 I cut")


def test_second_opener_sees_the_lock_and_opens_read_only(qtbot, make_window, tmp_path):
    window = make_window()
    path = new_package(window, tmp_path)
    window.documents.close_package()
    lock_path_for(path).write_text(json.dumps({"host": "coach-laptop", "user": "coach", "pid": 7,
                                               "since": "2026-11-23T09:00:00"}))
    seen = []
    window.choose_lock_action = lambda error: seen.append(str(error)) or "read-only"
    assert window.documents.open_path(path)
    assert "coach on coach-laptop" in seen[0]
    assert window.state.session.read_only and "[read-only]" in window.windowTitle()
    select(window, Node("ecq", "leading-change"))
    assert not window.add_action.isEnabled()


def test_recovery_declined_discards_journal(qtbot, make_window, tmp_path):
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Package
    from ecqwriter.storage.recovery import RecoveryJournal

    journal = RecoveryJournal(tmp_path / "gone.ecq", tmp_path / "journal")
    journal.write(Package.new("A", load_framework("opm-2006")))
    window = make_window()
    window.ask = lambda title, question: False
    assert window.documents.check_recovery() == 1
    assert not journal.path.exists() and window.state.session is None


def test_revisions_dialog_restores_into_editor(qtbot, make_window, tmp_path):
    from ecqwriter.gui.dialogs.revisions import RevisionsDialog

    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2022 I drafted the first version.")
    window.documents.save()
    example = window.editing.current_example()
    window.state.session.snapshot(example, "sent to coach")
    window.editor.replace_all_text("In 2022 I rewrote everything.")
    versions = window.documents.revision_versions(example)
    labels = [label for label, _ in versions]
    assert labels[0].startswith("As you last saw it") and any("sent to coach" in label for label in labels)
    dialog = RevisionsDialog(window, versions, example.text)
    qtbot.addWidget(dialog)
    assert "line-through" in dialog.old.toHtml() or "first version" in dialog.old.toPlainText()
    # any two versions compare: the named revision against what you last saw
    dialog.list.setCurrentRow(labels.index(next(label for label in labels if "sent to coach" in label)))
    dialog.against.setCurrentIndex(1)
    assert "first version" in dialog.old.toPlainText() and "first version" in dialog.new.toPlainText()
    dialog.restore.click()
    window.editor.replace_all_text(dialog.chosen)
    assert window.editor.toPlainText() == "In 2022 I drafted the first version."
    window.editor.undo()
    assert window.editor.toPlainText() == "In 2022 I rewrote everything."


def test_find_and_replace_and_zoom(qtbot, make_window, tmp_path):
    from ecqwriter.gui.dialogs.find_replace import FindReplaceDialog

    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "we led. we won. We learned.")
    dialog = FindReplaceDialog(window, lambda: window.editor)
    qtbot.addWidget(dialog)
    dialog.find.setText("we")
    dialog.replace.setText("I")
    dialog.case.setChecked(True)
    assert dialog.replace_all() == 2
    assert window.editor.toPlainText() == "I led. I won. We learned."
    size = window.editor.font().pointSize()
    window.zoom(1)
    assert window.editor.font().pointSize() == size + 1


def test_help_and_about_cover_every_rule_and_licence():
    from ecqwriter.analysis.rules import RULES
    from ecqwriter.gui.dialogs.about import about_text
    from ecqwriter.gui.dialogs.help import help_markdown

    text = help_markdown()
    for rule in RULES:
        assert f"`{rule}`" in text
    about = about_text()
    assert "LGPL" in about and "MIT" in about and "OPM" in about


def test_explain_opens_the_guide_at_the_rules_section(qtbot):
    from ecqwriter.analysis.rules import RULES
    from ecqwriter.gui.dialogs.help import HelpDialog

    for rule in ("passive-voice", "ccar-missing-challenge", "idp-missing-target"):
        dialog = HelpDialog(None, rule)
        qtbot.addWidget(dialog)
        assert dialog.browser.textCursor().selectedText() == f"{rule} ({RULES[rule].severity})"
        dialog.show()
        # the section opens at the top (the scroll may settle after the first paint)
        qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() > 0
                        and 0 <= dialog.browser.cursorRect().top() < 80, timeout=3000)


def test_every_control_in_the_window_has_an_accessible_name(qtbot, make_window, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTreeWidget, QWidget

    window = make_window()
    new_package(window, tmp_path)
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, (QLineEdit, QPlainTextEdit, QTreeWidget)) and w.isVisible()]
    assert len(controls) >= 3
    from PySide6.QtWidgets import QAbstractSpinBox

    # a spin box's inner line edit is announced under the spin box's own name
    unnamed = [f"{type(w).__name__} in {type(w.parent()).__name__}" for w in controls
               if not w.accessibleName()
               and not (isinstance(w.parent(), QAbstractSpinBox) and w.parent().accessibleName())]
    assert unnamed == []


def test_export_dialog_writes_reports_pages_and_offers_to_open(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from ecqwriter.storage.samples import materialise_sample

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = make_window()
    assert window.documents.open_path(materialise_sample(tmp_path / "s", "sample-opm-2006"))
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    out = tmp_path / "exported.pdf"
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    assert "10 pages" in dialog.result.text() and "within the page limits" in dialog.result.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.open_button.click()
    assert opened == [str(out)]
    dialog.path.setText(str(tmp_path / "no-such-folder" / "x.docx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "does not exist" in dialog.result.text(), timeout=30000)


def test_typos_are_underlined_and_can_be_added_to_the_dictionary(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    qtbot.keyClicks(window.editor, "In 2024 I negotiatted with Wexlund partners.")
    qtbot.waitUntil(lambda: {w for _, _, w in window.editor.highlighter.misspelled} == {"negotiatted", "Wexlund"},
                    timeout=15000)
    window.checking.add_to_dictionary("Wexlund")
    assert {w for _, _, w in window.editor.highlighter.misspelled} == {"negotiatted"}


@pytest.mark.parametrize("criterion, parts", [("A", set()), ("B", {"cdp"}), ("C", {"justification", "idp"})])
def test_packages_of_each_criterion_show_their_parts_and_checklist(qtbot, make_window, tmp_path, criterion, parts):
    window = make_window()
    new_package(window, tmp_path, criterion=criterion)
    for kind in ("cdp", "justification", "idp"):
        assert (window.navigator.item_for(Node(kind)) is not None) == (kind in parts)
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    states = {window.checks.checklist.topLevelItem(i).text(0): window.checks.checklist.topLevelItem(i).text(1)
              for i in range(window.checks.checklist.topLevelItemCount())}
    assert states["Résumé"] == "missing"
    if criterion == "C":
        assert states["Individual Development Plan"] == "missing"


def test_idp_editor_proposes_the_weak_ecq_and_clears_the_error(qtbot, make_window, tmp_path):
    from ecqwriter.core.model import Criterion
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2006")
    package.criterion = Criterion.C
    package.justification = "Unique qualifications; the development plan closes the gaps. " * 20
    package.narrative("business-acumen").examples = []
    path = tmp_path / "c.ecq"
    PackageFile.create(path, package, lock=False).close()
    window = make_window()
    assert window.documents.open_path(path)
    qtbot.waitUntil(lambda: window.state.report is not None and "idp-missing" in {f.rule for f in window.state.report.findings},
                    timeout=15000)
    select(window, Node("idp"))
    editor = window.idp_editor
    added = editor.propose_targets()
    assert "Business Acumen" in added
    assert window.state.session.dirty
    assert "business-acumen" in {t["ecq"] for t in window.state.session.package.idp["targets"]}
    editor.mentor.setText("J. Rivera (SES)")
    editor.mentor.textEdited.emit("J. Rivera (SES)")
    window.checking.run()
    qtbot.waitUntil(lambda: window.state.report is not None and
                    not {"idp-missing", "idp-missing-target"} & {f.rule for f in window.state.report.findings},
                    timeout=15000)
    assert editor.table.rowCount() >= 3


def test_export_while_typing_and_autosave_during_analysis(qtbot, make_window, tmp_path):
    from ecqwriter.storage.samples import materialise_sample
    from ecqwriter.storage.packagefile import read_package

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2006")
    assert window.documents.open_path(path)
    window.state.session.autosave_seconds = 0.5
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "during.docx"))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
        window.editor.setFocus()
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(window.editor, " I also briefed the Deputy Secretary.")
        window.checking.run()  # analysis in the worker while the export and autosave run
    assert (tmp_path / "during.docx").stat().st_size > 10_000
    qtbot.waitUntil(lambda: not window.state.session.dirty, timeout=10000)
    example = read_package(path).narrative("leading-change").examples[0]
    assert example.text.endswith("I also briefed the Deputy Secretary.")


def checklist_rows(window):
    tree = window.checks.checklist
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


def test_headline_agrees_with_the_checklist(qtbot, make_window, tmp_path):
    """Issue 13: the window said 'Ready for the QRB' while its checklist said 'needs work'."""
    from ecqwriter.core.model import Criterion
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2006")
    package.criterion = Criterion.C
    package.justification = "Uniquely qualified: led the agency's largest modernisation. " * 5
    for ecq_id in ("leading-people", "results-driven", "business-acumen", "building-coalitions"):
        package.narrative(ecq_id).examples = []
    path = tmp_path / "c.ecq"
    PackageFile.create(path, package, lock=False).close()
    window = make_window()
    with qtbot.waitSignal(window.checksUpdated, timeout=60000):
        assert window.documents.open_path(path)
    rows = checklist_rows(window)
    assert window.checks.status.text().startswith("Not ready")
    assert ("ECQ narrative: Leading People", "missing") in rows
    # the navigator names the parts as the checklist does: the written justification is there
    justification = window.navigator.item_for(Node("justification")).text(1)
    idp = window.navigator.item_for(Node("idp")).text(1)
    assert justification != "missing" and idp == "missing"
    window.documents.close_package()
    sample = tmp_path / "sample.ecq"
    PackageFile.create(sample, load_sample("sample-opm-2006"), lock=False).close()
    with qtbot.waitSignal(window.checksUpdated, timeout=60000):
        assert window.documents.open_path(sample)
    rows = checklist_rows(window)
    ready = window.checks.status.text().startswith("Ready")
    assert ready == window.state.report.ready
    blocked = [row for row in rows if row[1] in ("missing", "needs work")]
    assert ready == (not blocked), rows


def test_margin_labels_and_the_palette_keep_aa_contrast_in_both_themes(qtbot):
    """Each CCAR label in the margin, and every text role of the palette, reads at 4.5:1 or
    more on its own background (WCAG AA)."""
    from PySide6.QtWidgets import QApplication

    from PySide6.QtGui import QPalette

    from ecqwriter.gui.theme import CCAR_COLOURS, READ_PAIRS, apply_theme, ccar_colour, contrast

    app = QApplication.instance()
    try:
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            background = app.palette().alternateBase().color().name()
            dark = app.palette().alternateBase().color().lightness() < 128
            assert dark == (theme == "dark")
            for part in CCAR_COLOURS:
                assert contrast(ccar_colour(part, dark), background) >= 4.5, (theme, part, background)
            palette = app.palette()
            for text, ground in READ_PAIRS:
                pair = (palette.color(getattr(QPalette, text)).name(), palette.color(getattr(QPalette, ground)).name())
                assert contrast(*pair) >= 4.5, (theme, text, ground, pair)
    finally:
        apply_theme(app, "light")


def test_the_plan_editor_is_a_list_and_a_form_that_fit_a_laptop(qtbot):
    """No squeezed combos in table cells: a list of activities and a form for the chosen one."""
    import datetime as dt

    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.idp import Activity, DevelopmentPlan, Target
    from ecqwriter.core.model import Package
    from ecqwriter.gui.editors.idp import IdpEditor

    framework = load_framework("opm-2025")
    package = Package.new("C", framework)
    package.idp = DevelopmentPlan(targets=[Target("rule-of-law", "", "Little evidence of the rule of law.", [
        Activity("Detail to the general counsel's office", "developmental-assignment", dt.date(2026, 10, 1),
                 dt.date(2027, 1, 31), "J. Rivera (SES)", "Drafts two legal reviews", "planned")])]).to_dict()
    editor = IdpEditor()
    qtbot.addWidget(editor)
    editor.load(package, framework, read_only=False)
    assert editor.minimumSizeHint().width() <= 640
    assert editor.table.columnCount() == 4 and editor.table.cellWidget(0, 0) is None
    assert editor.table.item(0, 0).text().startswith("Commitment to the Rule of Law")
    assert editor.activity_edit.text() == "Detail to the general counsel's office"
    editor.measure_edit.setText("Drafts three legal reviews")
    editor.measure_edit.textEdited.emit("Drafts three legal reviews")
    plan = DevelopmentPlan.from_dict(package.idp)
    assert plan.targets[0].activities[0].measure == "Drafts three legal reviews"
    editor.add_button.click()
    assert editor.table.rowCount() == 2 and editor.table.currentRow() == 1
    editor.activity_edit.setText("Course on administrative law")
    editor.activity_edit.textEdited.emit("Course on administrative law")
    assert editor.table.item(1, 1).text() == "Course on administrative law"
    editor.remove_button.click()
    assert editor.table.rowCount() == 1


def test_the_application_format_is_chosen_in_the_details_and_the_limits_follow(qtbot, make_window, tmp_path):
    """A 2025 sample opens as a résumé-only application; choosing one page per ECQ in the
    details form gives the ECQs their page limit, the checks follow, and the file keeps it."""
    from ecqwriter.application.documents import read_package
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2025")
    assert window.documents.open_path(path)
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    assert window.state.framework.length.pages_per_ecq == 0 and window.state.framework.length.resume_pages == 2
    assert "résumé" in window.checks.status.text() and window.state.report.ready
    select(window, Node("details"))
    combo = window.details.application_format
    assert combo.currentData() == "resume-only"
    window.state.report = None
    combo.setCurrentIndex(combo.findData("one-page-ecqs"))
    assert window.state.framework.length.pages_per_ecq == 1
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    assert window.state.report.application_format == "one-page-ecqs"
    assert all(e.limit_pages == 1 for e in window.state.report.ecqs)
    window.documents.save()
    assert read_package(path).application_format == "one-page-ecqs"


def test_file_menu_opens_any_bundled_sample(qtbot, make_window, tmp_path, monkeypatch):
    from ecqwriter.application import documents

    monkeypatch.setattr(documents, "samples_folder", lambda: tmp_path / "samples")
    window = make_window()
    window.documents.fill_samples(window.samples_menu)
    titles = [a.text() for a in window.samples_menu.actions()]
    # named in words, never by internal ids
    assert any("the 2006 ECQs, Criterion A: Résumé and ECQ narratives" in t for t in titles), titles
    assert not any("opm-" in t or "format " in t for t in titles)
    assert window.documents.open_sample("sample-opm-2006")
    assert window.state.session.package.framework_id == "opm-2006"
    assert list((tmp_path / "samples").glob("sample-opm-2006-*.ecq"))


def test_rehearsal_mode_times_an_answer_shows_only_the_outline_and_keeps_the_rating(qtbot, make_window, tmp_path):
    from ecqwriter.application.documents import read_package
    from ecqwriter.core.interview import ANSWER_SECONDS
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2025")
    assert window.documents.open_path(path)
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    now = [1000.0]
    window.interview.clock = lambda: now[0]
    dialog = window.interview.rehearse(modal=False)
    qtbot.addWidget(dialog)
    assert "Question 1 of 5" in dialog.progress.text() and "Rule of Law" in dialog.progress.text()
    assert dialog.timer_label.text() == f"{ANSWER_SECONDS // 60:02d}:00 left for this answer"
    outline = dialog.outline.toPlainText()
    story = window.state.session.package.narrative("rule-of-law").examples[0]
    assert story.title in outline and "Challenge:" in outline
    assert story.text not in outline and len(outline.split()) < len(story.text.split())  # never the full text
    now[0] += 185
    dialog.tick()
    assert dialog.timer_label.text() == "05:55 left for this answer"
    assert dialog.session_label.text() == "Session: 41:55 left"
    dialog.done_button.click()
    assert dialog.checks["time"].isChecked()  # answered within the time
    dialog.checks["number"].setChecked(True)
    dialog.checks["i"].setChecked(True)
    dialog.next_button.click()
    assert "Question 2 of 5" in dialog.progress.text()
    log = window.state.session.package.practice_log
    assert len(log) == 1 and log[0]["ecq"] == "rule-of-law" and log[0]["seconds"] == 185
    assert log[0]["checks"] == {"challenge": False, "i": True, "number": True, "ecq": False, "time": True}
    dialog.close()
    window.documents.save()
    assert read_package(path).practice_log == log


def test_a_story_proposes_a_resume_bullet_the_candidate_edits(qtbot, make_window, tmp_path):
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    assert window.documents.open_path(materialise_sample(tmp_path / "s", "sample-opm-2025"))
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    story = window.state.session.package.narrative("driving-efficiency").examples[0]
    select(window, Node("example", "driving-efficiency", story.id))
    seen = {}

    def ask(title, label, text):
        seen["proposal"] = text
        return text.replace("Built", "Designed"), True

    added = window.interview.propose_resume_bullet(ask=ask)
    proposal = seen["proposal"]
    assert proposal.startswith("Built the business case") and "$48 to $17" in proposal
    assert not proposal.startswith("I ") and len(proposal.split()) <= 40
    # the structured résumé takes it under the job the story names as its role, tagged and linked
    package = window.state.session.package
    job = package.resume_record["experience"][0]
    assert job["title"] == story.facts["role"]
    assert job["accomplishments"][-1] == {"text": added, "ecqs": ["driving-efficiency"], "story": story.title}
    assert "- " + added in package.resume and added.startswith("Designed")
    assert window.save_action.isEnabled()  # the change waits to be saved
    # a free-text résumé takes it as its last line, to be moved under its job
    package.resume_record, package.resume = {}, "PAT DOE\n\nDirector"
    again = window.interview.propose_resume_bullet(ask=lambda title, label, text: (text, True))
    assert package.resume.endswith("\n\n- " + again) and not package.resume_record


def test_the_resume_editor_edits_jobs_and_tagged_bullets_and_keeps_them(qtbot, make_window, tmp_path):
    from ecqwriter.application.documents import read_package
    from ecqwriter.gui.controllers.editing import PAGE_RESUME
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2025")
    assert window.documents.open_path(path)
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    # the heat map has a column for the résumé beside the stories'
    table = window.checks.coverage.table
    assert [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())] == [
        "Competency", "Stories", "Résumé"]
    select(window, Node("resume"))
    editor = window.resume_editor
    jobs = editor.experience
    assert window.pages.currentIndex() == PAGE_RESUME
    assert jobs.jobs.count() == 3 and editor.name.text() == "Marcus T. Oyelaran"
    assert jobs.job_title.text() == "Director, Office of Financial Operations" and jobs.hours.value() == 40
    assert jobs.story.currentData() == "Bringing grant payments back within statutory authority"
    assert jobs.ecq_boxes["rule-of-law"].isChecked() and not jobs.ecq_boxes["leading-people"].isChecked()
    # the second job: hours taken away, which the checks then report
    jobs.jobs.setCurrentRow(1)
    assert jobs.job_title.text() == "Deputy Director, Budget Execution"
    jobs.hours.setValue(0)
    jobs.grade.clear()
    type_text(qtbot, jobs.grade, "GS-0560-14, step 5")
    # a date half typed changes nothing; a whole one does
    jobs.end.clear()
    type_text(qtbot, jobs.end, "2020-0")
    assert window.state.session.package.resume_record["experience"][1]["end"] == "2020-03"
    type_text(qtbot, jobs.end, "4")
    # the first bullet: retagged and reworded
    jobs.bullets.setCurrentRow(0)
    jobs.ecq_boxes["leading-people"].setChecked(True)
    jobs.bullet_text.setPlainText("Raised the execution rate from 91 to 99 percent in two years.")
    # a bullet from a story, added to the job on screen
    chosen = {}

    def choose(title, label, items):
        chosen["items"] = items
        return next(i for i in items if i.startswith("Closing two material weaknesses")), True

    window.interview.add_bullet_from_a_story(choose=choose, ask=lambda title, label, text: (text, True))
    assert len(chosen["items"]) == 5
    record = window.state.session.package.resume_record
    job = record["experience"][1]
    assert job["hours_per_week"] is None and job["grade"] == "GS-0560-14, step 5" and job["end"] == "2020-04"
    assert job["accomplishments"][0]["text"] == "Raised the execution rate from 91 to 99 percent in two years."
    assert job["accomplishments"][0]["ecqs"] == ["leading-people", "achieving-results"]  # in the framework's order
    added = job["accomplishments"][-1]
    assert added["ecqs"] == ["merit-competence"] and added["story"] == "Closing two material weaknesses"
    assert "Raised the execution rate from 91 to 99 percent in two years." in window.state.session.package.resume
    assert editor.rendered.toPlainText() == window.state.session.package.resume
    window.checking.schedule(immediately=True)
    qtbot.waitUntil(lambda: any(f.rule == "resume-missing-hours" for f in window.state.report.findings), timeout=15000)
    window.documents.save()
    assert read_package(path).resume_record == record


def test_a_free_text_resume_becomes_structured_and_keeps_its_words(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path, framework="opm-2025")
    select(window, Node("resume"))
    assert window.text_page.structure_button.isVisible()
    type_text(qtbot, window.text_editor, "PAT DOE\nDirector of Operations, 2019 to now.")
    window.text_page.structure_button.click()
    package = window.state.session.package
    assert package.resume_record["earlier_free_text"] == "PAT DOE\nDirector of Operations, 2019 to now."
    assert window.resume_editor.isVisibleTo(window) and window.resume_editor.earlier_box.isVisibleTo(window)
    assert window.resume_editor.name.text() == "Pat Doe"
    window.resume_editor.tabs.setCurrentIndex(1)
    window.resume_editor.experience.add_job.click()
    type_text(qtbot, window.resume_editor.experience.job_title, "Director of Operations")
    type_text(qtbot, window.resume_editor.experience.start, "2019-07")
    assert package.resume_record["experience"][0]["title"] == "Director of Operations"
    assert package.resume_record["experience"][0]["start"] == "2019-07"
    assert "Director of Operations" in package.resume and "July 2019 to present" in package.resume


def test_a_story_keeps_its_bank_facts(qtbot, make_window, tmp_path):
    from ecqwriter.application.documents import read_package
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2025")
    assert window.documents.open_path(path)
    story = window.state.session.package.narrative("leading-people").examples[0]
    story.facts = {"kept": "by a later version"}
    select(window, Node("example", "leading-people", story.id))
    panel = window.story_facts
    assert not panel.form.isVisibleTo(window)
    panel.toggle.click()
    assert panel.form.isVisibleTo(window)
    type_text(qtbot, panel.fields["role"], "Director, Office of Financial Operations")
    type_text(qtbot, panel.fields["start"], "2021-04")
    type_text(qtbot, panel.fields["also_ecqs"], "achieving-results, driving-efficiency")
    assert story.facts == {"kept": "by a later version", "role": "Director, Office of Financial Operations",
                           "start": "2021-04", "also_ecqs": ["achieving-results", "driving-efficiency"]}
    window.documents.save()
    again = read_package(path).narrative("leading-people").examples[0]
    assert again.facts == story.facts


def test_rehearsal_offers_a_supplemental_round_against_its_own_clock(qtbot, make_window, tmp_path):
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    assert window.documents.open_path(materialise_sample(tmp_path / "s", "sample-opm-2025"))
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    now = [0.0]
    window.interview.clock = lambda: now[0]
    dialog = window.interview.rehearse(modal=False)
    qtbot.addWidget(dialog)
    dialog.supplemental.setChecked(True)
    for _ in range(5):
        now[0] += 300
        dialog.done_button.click()
        dialog.next_button.click()
    assert dialog.progress.text().startswith("Supplemental question 1 of 4")
    dialog.tick()
    assert dialog.session_label.text() == "Session: 20:00 left"
    assert dialog.timer_label.text() == "05:00 left for this answer"
    now[0] += 360
    dialog.done_button.click()
    assert not dialog.checks["time"].isChecked()  # over the 5 minutes of a supplemental answer
    dialog.next_button.click()
    log = window.state.session.package.practice_log
    assert [e["round"] for e in log] == ["main"] * 5 + ["supplemental"]
    assert log[-1]["seconds"] == 360
    dialog.close()


def test_convert_shows_the_mapping_takes_a_change_and_writes_a_new_package(qtbot, make_window, tmp_path):
    import hashlib

    from ecqwriter.application.documents import read_package
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.storage.samples import materialise_sample

    window = make_window()
    path = materialise_sample(tmp_path / "s", "sample-opm-2006")
    assert window.documents.open_path(path)
    window.conversion.fill_menu(window.convert_menu)
    assert [a.text() for a in window.convert_menu.actions()] == [f"{load_framework('opm-2025').name} (opm-2025)…"]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    seen = {}

    def run(dialog):
        qtbot.addWidget(dialog)
        seen["rows"] = dialog.table.rowCount()
        seen["notes"] = dialog.notes.text()
        # the candidate moves the first story to Rule of Law
        choice = dialog.choices[0]
        choice.setCurrentIndex(choice.findData("rule-of-law"))
        seen["story"] = dialog.conversion.moves[0].example_id
        seen["label"] = choice.currentText()
        dialog.output.setText(str(tmp_path / "converted.ecq"))
        return True

    window.conversion.run_dialog = run
    window.ask = lambda title, question: False  # do not open it
    assert window.conversion.convert("opm-2025")
    assert seen["rows"] == 10 and "has no equivalent in" in seen["notes"]
    assert seen["label"].startswith("Commitment to the Rule of Law") and "%" in seen["label"]
    moved = read_package(tmp_path / "converted.ecq")
    assert moved.framework_id == "opm-2025"
    assert seen["story"] in [e.id for e in moved.narrative("rule-of-law").examples]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the open package is untouched
    assert window.state.session.path == path


def test_the_cohort_view_lists_a_folder_sorts_filters_and_opens_a_package(qtbot, make_window, tmp_path):
    from PySide6.QtCore import Qt as QtConstants

    from cohort_builders import make_cohort
    from ecqwriter.gui.dialogs.cohort import COLUMNS

    folder = tmp_path / "cohort"
    expected = make_cohort(folder, 30)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    window = make_window()
    view = window.cohorts.open_folder(folder, jobs=2)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.scanFinished, timeout=180000):
        pass
    rows = view.visible_rows()
    assert len(rows) == 30 and view.proxy.rowCount() == 30
    assert {r.file.rsplit("/", 1)[-1]: r.ready for r in rows} == expected
    assert view.status.text().startswith("30 packages: 20 ready, 10 not ready")
    # sorting by errors, most first: the ten empty packages lead
    errors = [heading for heading, _, _ in COLUMNS].index("Errors")
    view.table.sortByColumn(errors, QtConstants.DescendingOrder)
    shown = view.visible_rows()
    assert [r.errors for r in shown] == sorted((r.errors for r in rows), reverse=True)
    assert all(not r.ready for r in shown[:10]) and all(r.ready for r in shown[10:])
    # the filter: not-ready packages only, then words
    view.state.setCurrentIndex(1)
    assert len(view.visible_rows()) == 10
    view.state.setCurrentIndex(0)
    view.filter.setText("candidate-004")
    assert [r.file.rsplit("/", 1)[-1] for r in view.visible_rows()] == ["candidate-004.ecq"]
    # the report from the view: the rows on screen
    written = view.write_report(tmp_path / "one.csv")
    assert written is not None and len(written.read_text(encoding="utf-8-sig").splitlines()) == 2
    # reading never wrote to a package or beside it
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    # a double-click opens it in the window
    view._open(view.proxy.index(0, 0))
    assert window.state.session is not None and window.state.session.path.name == "candidate-004.ecq"
    assert not window.state.session.read_only
    # a package a coach has open elsewhere opens read-only, and its lock stays the coach's
    other = folder / "candidate-007.ecq"
    coach = json.dumps({"host": "coach-laptop", "user": "coach", "pid": 7, "since": "2026-11-23T09:00:00"})
    lock_path_for(other).write_text(coach)
    view.filter.setText("candidate-007")
    window.choose_lock_action = lambda error: pytest.fail("the view already knows it is taken")
    view._open(view.proxy.index(0, 0))
    assert window.state.session.path == other and window.state.session.read_only
    assert lock_path_for(other).read_text() == coach
    # a package added to the folder, and one removed, show in the table a moment later
    view.filter.clear()
    window.documents.close_package()
    (folder / "candidate-001.ecq").unlink()
    make_cohort(tmp_path / "more", 1)
    (tmp_path / "more" / "candidate-000.ecq").rename(folder / "newcomer.ecq")
    qtbot.waitUntil(lambda: {"newcomer.ecq"} <= {r.file.rsplit("/", 1)[-1] for r in view.visible_rows()}
                    and len(view.visible_rows()) == 30 and not view.scan.running(), timeout=60000)
    assert "candidate-001.ecq" not in {r.file.rsplit("/", 1)[-1] for r in view.visible_rows()}
    view.close()


def test_the_edit_menu_cuts_copies_and_pastes_in_the_field_with_the_focus(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    actions = {a.text().replace("&", ""): a for a in edit_menu.actions() if a.text()}
    assert {"Cut", "Copy", "Paste", "Select all", "Undo typing", "Redo typing"} <= set(actions)
    window.example_title.setFocus()
    window.example_title.setText("Merging two claims centres")
    qtbot.waitUntil(window.example_title.hasFocus, timeout=2000)  # the field a person clicked into
    actions["Select all"].trigger()
    actions["Copy"].trigger()
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus, timeout=2000)
    actions["Paste"].trigger()
    assert window.editor.toPlainText() == "Merging two claims centres"
    # the redo of typing and of structure changes follow one pattern: Shift+Z
    redo_keys = [k.toString() for k in actions["Redo typing"].shortcuts()]
    structure = next(a for a in edit_menu.actions() if a.text().startswith("Redo structure"))
    assert "Ctrl+Shift+Z" in redo_keys and "Ctrl+Alt+Shift+Z" in [k.toString() for k in structure.shortcuts()]


def test_a_bullets_findings_stand_beside_it_in_the_resume_editor(qtbot, make_window, tmp_path):
    from test_resume_lines import WE_BULLET, package_with_bullets

    window = make_window()
    assert window.documents.open_path(package_with_bullets(tmp_path, [WE_BULLET]))
    qtbot.waitUntil(lambda: window.state.report is not None, timeout=15000)
    select(window, Node("resume"))
    window.resume_editor.tabs.setCurrentIndex(1)  # Experience, as a person clicks it
    jobs = window.resume_editor.experience
    jobs.jobs.setCurrentRow(0)
    jobs.bullets.setCurrentRow(0)
    notes = jobs.bullet_notes.text()
    assert jobs.bullet_notes.isVisibleTo(window) and "hides your own part" in notes and "no measure" in notes
    jobs.bullets.setCurrentRow(1)  # a clean bullet has no notes
    assert not jobs.bullet_notes.isVisibleTo(window)
    # the checks panel's first list holds the résumé's findings, each named by its line
    labels = [row["where_label"] for row in check_rows.report_rows(window.state.report, window.state.framework, True)
              if row["location"].part == "resume"]
    assert "Résumé, job 1, bullet 1" in labels


def test_the_start_screen_points_to_the_samples(make_window):
    window = make_window()
    welcome = window.pages.widget(0)
    assert window.pages.currentIndex() == 0 and "Open a sample" in welcome.text()
