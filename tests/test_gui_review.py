"""Reviewing in the real window: comments that stay on their words, review mode, exchange, Word import."""

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor

from docx_builders import LC_1, realistic_draft
from ecqwriter.gui.main_window import MainWindow
from ecqwriter.gui.panels.navigator import Node
from ecqwriter.gui.settings import AppSettings
from test_gui_window import new_package, select, type_text

pytestmark = pytest.mark.gui

STORY = ("In 2024 the regional office faced a backlog of 9,000 claims.\n\n"
         "We worked hard and the backlog was reduced.\n\n"
         "I cut processing time by 40 percent.")


@pytest.fixture
def make_window(qtbot, tmp_path):
    created = []

    def make(name="Pat Doe", role="candidate"):
        settings = AppSettings(QSettings(str(tmp_path / f"settings-{name}.ini"), QSettings.IniFormat))
        settings.user_name = name
        settings.user_role = role
        window = MainWindow(settings, journal_dir=tmp_path / "journal", backups_dir=tmp_path / "backups")
        window.ask = lambda title, question: True
        window.warnings = []
        window.warn = lambda title, message: window.warnings.append(message)
        window.answers = []
        window.ask_text = lambda title, prompt, default="", multiline=False: window.answers.pop(0)
        qtbot.addWidget(window)
        window.show()
        created.append(window)
        return window

    yield make
    for window in created:
        if window.state.session is not None:
            window.state.session.close()
            window.state.session = None
        window.analysis.wait(5000)


def select_words(editor, words):
    text = editor.toPlainText()
    start = text.index(words)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.KeepAnchor)
    editor.setTextCursor(cursor)


def anchored(window, comment):
    text = window.editor.toPlainText()
    return text[comment.start:comment.end]


def comment_ids(window):
    return window.review.panel.visible_ids()


def test_comment_reply_resolve_follow_edits_and_survive_reopen(qtbot, make_window, tmp_path):
    window = make_window()
    path = new_package(window, tmp_path)
    select(window, Node("ecq", "results-driven"))
    window.editing.add_example()
    type_text(qtbot, window.editor, STORY)
    select_words(window.editor, "We worked hard")
    window.answers.append("Say what you did: I, not we.")
    window.comment_action.trigger()
    [comment] = window.state.session.package.comments
    assert comment.author == "Pat Doe" and anchored(window, comment) == "We worked hard"
    assert comment_ids(window) == [comment.id]
    # the words are painted in the editor
    block = window.editor.document().findBlock(window.editor.toPlainText().index("We worked"))
    assert any(r.format.background().color().name() == "#fff0a0" for r in block.layout().formats())

    window.answers.append("Rewritten below.")
    window.review.panel.select(comment.id)
    window.review.panel.reply_button.click()
    assert [r.body for r in comment.replies] == ["Rewritten below."]
    window.answers.append("Say what you did: write I, not we.")
    window.review.panel.select(comment.id)
    assert window.review.panel.edit_button.isEnabled()  # Pat's own comment
    window.review.panel.edit_button.click()
    assert comment.body == "Say what you did: write I, not we."

    # typing before, inside and after the commented words keeps the comment on them
    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    type_text(qtbot, window.editor, "In March, ")
    assert anchored(window, comment) == "We worked hard"
    select_words(window.editor, "worked")
    type_text(qtbot, window.editor, "all worked")
    assert anchored(window, comment) == "We all worked hard"
    window.editor.moveCursor(QTextCursor.End)
    type_text(qtbot, window.editor, "\n\nThe board adopted the approach.")
    assert anchored(window, comment) == "We all worked hard"

    window.review.panel.resolve_button.click()
    assert comment.resolved and comment.resolved_by == "Pat Doe"
    window.review.panel.state.setCurrentIndex(window.review.panel.state.findData("open"))
    assert comment_ids(window) == []
    window.review.panel.state.setCurrentIndex(window.review.panel.state.findData("resolved"))
    assert comment_ids(window) == [comment.id]
    text_then = window.editor.toPlainText()

    assert window.documents.save()
    window.documents.close_package()
    assert window.documents.open_path(path)
    select(window, Node("example", "results-driven", window.state.session.package.narrative("results-driven").examples[0].id))
    [reloaded] = window.state.session.package.comments
    assert window.editor.toPlainText() == text_then
    assert anchored(window, reloaded) == "We all worked hard"
    assert [r.body for r in reloaded.replies] == ["Rewritten below."] and reloaded.resolved
    assert reloaded.quote == "We worked hard"  # the words it was first made on


def test_review_mode_locks_the_text_but_takes_comments(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    type_text(qtbot, window.editor, STORY)
    window.review_mode_action.trigger()
    assert window.review.review_mode and window.editor.isReadOnly()
    assert "[review mode]" in window.windowTitle()
    before = window.editor.toPlainText()
    qtbot.keyClicks(window.editor, "typed in review mode")
    assert window.editor.toPlainText() == before
    select_words(window.editor, "40 percent")
    window.answers.append("Over what period?")
    window.review.add_comment()
    assert [c.body for c in window.state.session.package.comments] == ["Over what period?"]
    assert not window.add_action.isEnabled() and not window.delete_action.isEnabled()
    example = window.editing.current_example()
    window.editing.delete_example()  # even if called directly (a shortcut, a drag), nothing moves
    assert example in window.state.session.package.narrative("leading-change").examples
    window.review_mode_action.trigger()
    assert not window.editor.isReadOnly()


def test_filter_comments_by_author_and_text(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    type_text(qtbot, window.editor, STORY)
    select_words(window.editor, "backlog of 9,000")
    window.answers.append("Mine.")
    window.review.add_comment()
    window.settings.user_name = "Coach Lee"
    select_words(window.editor, "40 percent")
    window.answers.append("The coach's.")
    window.review.add_comment()
    panel = window.review.panel
    panel.select(window.state.session.package.comments[0].id)
    assert not panel.edit_button.isEnabled()  # Pat's comment, and the user is now Coach Lee
    panel.author.setCurrentIndex(panel.author.findData("Coach Lee"))
    assert [c.body for c in window.state.session.package.comments if c.id in comment_ids(window)] == ["The coach's."]
    panel.author.setCurrentIndex(0)
    select(window, Node("resume"))
    panel.this_text.setChecked(True)
    assert comment_ids(window) == []
    panel.this_text.setChecked(False)
    assert len(comment_ids(window)) == 2
    # choosing a comment brings its words back on screen
    window.review.jump_to(window.state.session.package.comments[1].id)
    assert window.state.current.kind == "example"
    assert window.editor.textCursor().selectedText() == "40 percent"


def test_exchange_between_candidate_and_coach(qtbot, make_window, tmp_path, monkeypatch):
    candidate = make_window("Pat Doe", "candidate")
    path = new_package(candidate, tmp_path)
    select(candidate, Node("ecq", "leading-change"))
    candidate.editing.add_example()
    type_text(qtbot, candidate.editor, STORY)
    assert candidate.documents.save()
    candidate.documents.close_package()

    coach = make_window("Coach Lee", "reviewer")
    assert coach.documents.open_path(path)
    assert "Pat Doe (candidate)" in coach.review.panel.banner.text()
    example = coach.state.session.package.narrative("leading-change").examples[0]
    select(coach, Node("example", "leading-change", example.id))
    coach.review_mode_action.trigger()
    select_words(coach.editor, "We worked hard")
    coach.answers.append("Say I.")
    coach.review.add_comment()
    assert coach.documents.save()
    coach.documents.close_package()

    assert candidate.documents.open_path(path)
    banner = candidate.review.panel.banner.text()
    assert "Coach Lee (reviewer)" in banner and "1 comment thread" in banner
    select(candidate, Node("example", "leading-change", example.id))
    select_words(candidate.editor, "We worked hard")
    type_text(qtbot, candidate.editor, "I led the team hard")
    assert candidate.documents.save()
    candidate.documents.close_package()

    assert coach.documents.open_path(path)
    assert "1 text changed" in coach.review.panel.banner.text()
    [(target, label, seen, now)] = coach.review.changes()
    assert "We worked hard" in seen and "I led the team hard" in now and label.startswith("Leading Change")
    [comment] = coach.state.session.package.comments
    assert coach.state.session.package.texts()[target][comment.start:comment.end] == "I led the team hard"

    from ecqwriter.gui.dialogs.changes import ChangesDialog

    shown = {}

    def look_and_mark_seen(dialog):
        shown["old"], shown["new"] = dialog.old.toPlainText(), dialog.new.toPlainText()
        dialog._seen()
        return True

    monkeypatch.setattr(ChangesDialog, "exec", look_and_mark_seen)
    coach.review.show_changes()
    assert "We worked hard" in shown["old"] and "I led the team hard" in shown["new"]
    assert not coach.review.exchange.anything and not coach.review.panel.banner.isVisible()


def test_import_word_draft_previews_then_applies_and_undoes(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    draft = realistic_draft(tmp_path / "draft.docx")
    package = window.state.session.package

    window.run_import_dialog = lambda dialog: False  # the user cancels the preview
    assert not window.documents.import_word(draft)
    assert package.word_count() == 0 and not window.state.session.dirty

    def confirm(dialog):
        assert dialog.table.rowCount() == 6
        assert "Tracked changes" in dialog.notes.text()
        dialog.table.setCurrentCell(1, 0)
        assert LC_1 in dialog.preview.toPlainText()
        dialog.destinations[5].setCurrentIndex(dialog.destinations[5].findData("skip"))  # not Building Coalitions
        dialog.import_button.click()
        return True

    window.run_import_dialog = confirm
    assert window.documents.import_word(draft)
    package = window.state.session.package
    assert [len(n.examples) for n in package.narratives.values()] == [2, 1, 1, 1, 0]
    assert [c.author for c in package.comments] == ["Coach Lee"]
    assert window.state.session.dirty
    window.undo_stack.undo()
    package = window.state.session.package
    assert package.word_count() == 0 and package.comments == []
    window.undo_stack.redo()
    assert window.state.session.package.word_count() > 0


def test_hostile_word_file_is_refused_with_a_message(qtbot, make_window, tmp_path):
    window = make_window()
    new_package(window, tmp_path)
    fake = tmp_path / "old.docx"
    fake.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    assert not window.documents.import_word(fake)
    assert "Word 97-2003" in window.warnings[-1] and "old.docx" in window.warnings[-1]
    assert window.state.session.package.word_count() == 0


def test_typing_through_many_comments_with_findings_painted(qtbot, make_window, tmp_path):
    """Regression: painting comment backgrounds character by character over findings crashed
    PySide6 (a refcount error) after a few hundred keystrokes in a reviewed example."""
    window = make_window()
    new_package(window, tmp_path)
    window.analysis.start()
    qtbot.waitUntil(lambda: window.analysis.is_ready, timeout=30000)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    type_text(qtbot, window.editor, STORY * 3)
    text = window.editor.toPlainText()
    example = window.editing.current_example()
    from ecqwriter.core.comments import example_target, new_comment

    for start in range(0, len(text) - 20, 15):
        window.state.session.package.comments.append(new_comment(example_target(example.id), text, start, start + 12,
                                                           "Coach", "note"))
    window.review.text_shown()
    qtbot.waitUntil(lambda: bool(window.editor.highlighter.findings), timeout=15000)
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("worked"))
    window.editor.setTextCursor(cursor)
    for round_ in range(40):
        qtbot.keyClicks(window.editor, "we really ")
        qtbot.wait(120 if round_ % 2 else 400)  # let the debounced analysis repaint now and then
    assert window.editor.toPlainText().count("we really ") == 40
    assert all(0 <= c.start <= c.end <= len(window.editor.toPlainText()) for c in window.state.session.package.comments)


def test_export_dialog_makes_a_reviewers_copy(qtbot, make_window, tmp_path):
    import docx

    window = make_window()
    new_package(window, tmp_path)
    select(window, Node("ecq", "leading-change"))
    window.editing.add_example()
    type_text(qtbot, window.editor, STORY)
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    assert not dialog.comments.isEnabled()  # nothing to include yet
    dialog.close()
    select_words(window.editor, "40 percent")
    window.answers.append("Over what period?")
    window.review.add_comment()
    dialog = window.show_export()
    qtbot.addWidget(dialog)
    assert dialog.comments.isEnabled() and dialog.comments.currentData() == "none"  # the QRB copy by default
    dialog.comments.setCurrentIndex(dialog.comments.findData("open"))
    out = tmp_path / "review.docx"
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    assert [c.text for c in docx.Document(out).comments] == ["Over what period?"]


def test_settings_set_the_name_and_role_on_comments_and_saves(qtbot, make_window, tmp_path):
    from ecqwriter.gui.dialogs.settings import SettingsDialog

    window = make_window("")
    (tmp_path / "first").mkdir()
    new_package(window, tmp_path / "first")
    select(window, Node("resume"))
    type_text(qtbot, window.text_editor, "Deputy Director, 2019 to date")
    select_words(window.text_editor, "Deputy Director")
    window.answers += ["Sam Ortiz", "Add the grade."]  # asked for a name first, once
    window.review.add_comment()
    [comment] = window.state.session.package.comments
    assert (comment.author, comment.target, comment.body) == ("Sam Ortiz", "resume", "Add the grade.")
    assert window.settings.user_name == "Sam Ortiz"
    window.documents.close_package()
    dialog = SettingsDialog(window, window.settings)
    qtbot.addWidget(dialog)
    dialog.user_name.setText("  Lee Park ")
    dialog.user_role.setCurrentIndex(dialog.user_role.findData("reviewer"))
    dialog._save()
    assert (window.settings.user_name, window.settings.user_role) == ("Lee Park", "reviewer")
    path = new_package(window, tmp_path)
    assert window.documents.save()
    assert [(r.author, r.role) for r in window.state.session.save_log()] == [("Lee Park", "reviewer")]
    assert path.exists()


def test_the_chosen_comment_and_finding_read_in_full(qtbot):
    """Comments are listed whole, wrapped; the chosen comment or finding is also shown whole
    under its list."""
    import datetime as dt

    from ecqwriter.core.comments import Comment
    from ecqwriter.gui.panels.checks import ChecksPanel
    from ecqwriter.gui.panels.comments import CommentsPanel

    long_body = "Please give the dollar figure for the savings in the second paragraph, " * 4
    comment = Comment(id="c1", target="example:x", start=0, end=5, author="Coach Lee", body=long_body.strip(),
                      quote="we saved money",
                      created=dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc))
    panel = CommentsPanel()
    qtbot.addWidget(panel)
    panel.show_comments([comment], lambda target: "Commitment to the Rule of Law #1", None)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    text = panel.detail.toPlainText()
    assert long_body.strip() in " ".join(text.split()) and "we saved money" in text and "Rule of Law #1" in text
    # the list itself shows every comment whole at a dock's width: a row as tall as its wrapped text
    panel.resize(420, 600)
    panel.show()
    qtbot.waitExposed(panel)
    head = panel.tree.topLevelItem(0)
    row = panel.tree.visualItemRect(head)
    metrics = panel.tree.fontMetrics()
    assert row.width() < metrics.horizontalAdvance(long_body)  # it must wrap...
    assert row.height() >= 4 * metrics.lineSpacing()  # ...and the row holds the lines
    panel.resize(900, 600)
    qtbot.waitUntil(lambda: panel.tree.visualItemRect(head).height() < row.height())  # measured again

    checks = ChecksPanel()
    qtbot.addWidget(checks)
    message = "This result has no measure. Add a number the board can weigh: money saved, a percentage, time cut."
    checks.example_list.show_findings([{"rule": "result-without-measure", "severity": "warning", "message": message,
                                        "location": None, "where_label": "¶3", "start": 0, "end": 5,
                                        "fingerprint": "f", "source": "example"}])
    checks.example_list.setCurrentItem(checks.example_list.topLevelItem(0))
    assert message in checks.detail.text() and "Result with no measure" in checks.detail.text()
