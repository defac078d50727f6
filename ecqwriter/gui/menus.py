"""The window's menus: every command a person can give, with its shortcut."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from ecqwriter.gui.dialogs.about import AboutDialog


def _action(window, menu, text, slot, shortcut=None, tip=""):
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _on_focused_text(method: str) -> None:
    """Cut, copy, paste or select all in the text field that has the keyboard focus."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    if widget is not None and callable(getattr(widget, method, None)):
        getattr(widget, method)()


def build_menus(window) -> None:
    """The menus and their actions; the actions the window enables and disables are kept on it."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "&New package…", window.documents.new_package_dialog, QKeySequence.New)
    _action(window, file_menu, "&Open…", window.documents.open_dialog, QKeySequence.Open)
    _action(window, file_menu, "Open &folder (cohort view)…", window.cohorts.open_folder_dialog, "Ctrl+Shift+O",
            "Every package of a folder in one table: readiness, errors, pages, comments; reports")
    window.recent_menu = file_menu.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(lambda: window.documents.fill_recent(window.recent_menu))
    window.samples_menu = file_menu.addMenu("Open a &sample")
    window.samples_menu.aboutToShow.connect(lambda: window.documents.fill_samples(window.samples_menu))
    window.save_action = _action(window, file_menu, "&Save", window.documents.save, QKeySequence.Save)
    window.save_as_action = _action(window, file_menu, "Save &as…", window.documents.save_as_dialog, QKeySequence.SaveAs)
    window.export_action = _action(window, file_menu, "&Export to Word or PDF…", window.show_export, "Ctrl+E")
    window.import_word_action = _action(window, file_menu, "&Import a Word draft…", window.documents.import_word_dialog, "Ctrl+I",
                                           "Bring a .docx draft in, split by ECQ headings, after a preview")
    window.convert_menu = file_menu.addMenu("Con&vert to another ECQ framework")
    window.convert_menu.aboutToShow.connect(lambda: window.conversion.fill_menu(window.convert_menu))
    file_menu.addSeparator()
    window.revisions_action = _action(window, file_menu, "&Revisions of this example…", window.documents.show_revisions, "Ctrl+Shift+R")
    window.snapshot_action = _action(window, file_menu, "&Keep a named revision…", window.documents.named_snapshot, "Ctrl+Shift+K")
    file_menu.addSeparator()
    window.close_action = _action(window, file_menu, "&Close package", window.documents.close_package, QKeySequence.Close)
    _action(window, file_menu, "&Quit", window.close, QKeySequence.Quit)

    edit_menu = bar.addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "Undo structure change")
    undo.setShortcut(QKeySequence("Ctrl+Alt+Z"))
    redo = window.undo_stack.createRedoAction(window, "Redo structure change")
    # the same pattern as typing's redo (Ctrl+Shift+Z), with Alt; Ctrl+Alt+Y as before
    redo.setShortcuts([QKeySequence("Ctrl+Alt+Shift+Z"), QKeySequence("Ctrl+Alt+Y")])
    _action(window, edit_menu, "&Undo typing", lambda: window.focused_editor() and window.focused_editor().undo(), QKeySequence.Undo)
    typing_redo = _action(window, edit_menu, "&Redo typing",
                          lambda: window.focused_editor() and window.focused_editor().redo())
    typing_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    # on whatever text field has the focus (the editor, a title, a form field)
    for text, name, keys in (("Cu&t", "cut", QKeySequence.Cut), ("&Copy", "copy", QKeySequence.Copy),
                             ("&Paste", "paste", QKeySequence.Paste), ("Select &all", "selectAll", QKeySequence.SelectAll)):
        _action(window, edit_menu, text, lambda _=False, name=name: _on_focused_text(name), keys)
    edit_menu.addSeparator()
    _action(window, edit_menu, "&Find and replace…", window.find_replace, QKeySequence.Find)

    package_menu = bar.addMenu("&Package")
    window.add_action = _action(window, package_menu, "&Add example", window.editing.add_example, "Ctrl+Shift+N")
    window.duplicate_action = _action(window, package_menu, "&Duplicate example", window.editing.duplicate_example, "Ctrl+Shift+D")
    window.split_action = _action(window, package_menu, "S&plit example in two", window.editing.split_example,
                                  "Ctrl+Shift+T", "Make two stories of a story that tells two examples")
    window.rename_action = _action(window, package_menu, "Re&name example…", window.editing.rename_example, "F2")
    window.delete_action = _action(window, package_menu, "De&lete example…", window.editing.delete_example, "Ctrl+Shift+Del")
    window.up_action = _action(window, package_menu, "Move example &up", lambda: window.editing.move_example(-1), "Alt+Shift+Up")
    window.down_action = _action(window, package_menu, "Move example do&wn", lambda: window.editing.move_example(1), "Alt+Shift+Down")
    package_menu.addSeparator()
    _action(window, package_menu, "&Check now", window.checking.run, "F5")
    window.bullet_action = _action(window, package_menu, "Résumé &bullet from this story…",
                                   lambda: window.interview.propose_resume_bullet(),
                                   tip="Propose a one-to-two-line accomplishment from the story on screen")
    window.rehearse_action = _action(window, package_menu, "&Rehearse the interview…", lambda: window.interview.rehearse(),
                                     tip="Five questions, one per ECQ, timed, with only your outline cards in view")

    review_menu = bar.addMenu("&Review")
    window.comment_action = _action(window, review_menu, "Add &comment…", window.review.add_comment, "Ctrl+Alt+M",
                                       "Comment on the selected words")
    window.review_mode_action = _action(window, review_menu, "Review &mode (comment without editing)",
                                           lambda on: window.review.set_review_mode(on), "Ctrl+Alt+R")
    window.review_mode_action.setCheckable(True)
    window.changes_action = _action(window, review_menu, "&What changed since I last saw this…",
                                       window.review.show_changes)
    review_menu.addSeparator()
    review_menu.addAction(window.comments_dock.toggleViewAction())
    _action(window, review_menu, "&How to review a package", lambda: window.show_help("reviewing"))

    view_menu = bar.addMenu("&View")
    _action(window, view_menu, "Zoom &in", lambda: window.zoom(1), QKeySequence.ZoomIn)
    _action(window, view_menu, "Zoom &out", lambda: window.zoom(-1), QKeySequence.ZoomOut)
    _action(window, view_menu, "&Reset zoom", lambda: window.zoom(0), "Ctrl+0")
    _action(window, view_menu, "&Settings…", window.show_settings, QKeySequence.Preferences)

    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "&Guide to ECQs, CCAR and the checks", lambda: window.show_help(None), QKeySequence.HelpContents)
    _action(window, help_menu, "&About ecqwriter", lambda: AboutDialog(window).exec())
