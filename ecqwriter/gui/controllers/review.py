"""Reviewing in the window: comments on the texts, review mode, and what changed since.

The window owns the session and the editors; this controller adds the reviewer's tools
on top: it turns selections into anchored comments (core/comments.py), keeps their
anchors on the text as it is edited, paints them, fills the comments panel, and tells
whoever opens a package that travelled what changed since they last saw it.
"""

from __future__ import annotations

import getpass
import os

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor

from ecqwriter.core.comments import (
    JUSTIFICATION_TARGET,
    RESUME_TARGET,
    example_target,
    follow_edit,
    new_comment,
)
from ecqwriter.gui.panels.comments import CommentsPanel
from ecqwriter.gui.editors.narrative import python_offsets, utf16_offsets
from ecqwriter.gui.panels.navigator import Node
from ecqwriter.application.documents import Identity
from ecqwriter.core.location import shorten
from ecqwriter.gui.host import WindowHost

PANEL_REFRESH_MS = 400


class ReviewController(QObject):
    def __init__(self, window: WindowHost):
        super().__init__(window)
        self.window = window
        self.review_mode = False
        self.exchange = None
        self.panel = CommentsPanel()
        self.panel.addRequested.connect(self.add_comment)
        self.panel.replyRequested.connect(self.reply)
        self.panel.editRequested.connect(self.edit)
        self.panel.resolveRequested.connect(self.toggle_resolved)
        self.panel.deleteRequested.connect(self.delete)
        self.panel.commentActivated.connect(self.jump_to)
        self.panel.changesRequested.connect(self.show_changes)
        self._refresh_timer = QTimer(self, singleShot=True, interval=PANEL_REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------------ who is reviewing

    def identity(self) -> Identity:
        settings = self.window.settings
        return Identity(settings.user_name or _login_name(), settings.user_role)

    def _ensure_name(self) -> str | None:
        settings = self.window.settings
        if not settings.user_name:
            name = self.window.ask_text("Your name", "Your name, shown on your comments:", _login_name())
            if not name or not name.strip():
                return None
            settings.user_name = name
            if self.window.state.session is not None:
                self.window.state.session.identity = self.identity()
        return settings.user_name

    # ------------------------------------------------------------------ the text on screen

    def current(self):
        """(target, editor) of the text being shown, or None on pages without comments."""
        node = self.window.state.current
        if self.window.state.session is None or node is None:
            return None
        if node.kind == "example":
            return example_target(node.example_id), self.window.editor
        if node.kind in (RESUME_TARGET, JUSTIFICATION_TARGET):
            return node.kind, self.window.text_editor
        return None

    def text_shown(self) -> None:
        """A text was loaded into an editor: paint its comments, focus the list on it."""
        self.paint()
        self.refresh()

    def text_edited(self, target: str, old: str, new: str) -> None:
        """Called for every change of a text, before anything else looks at the comments."""
        package = self.window.state.session.package
        on_text = package.comments_on(target)
        if not on_text:
            return
        follow_edit(on_text, old, new)
        self.paint(repaint=False)
        self._refresh_timer.start()

    def _on_screen(self):
        """(target, editor, Python-to-Qt offset map) of the text shown, or None."""
        shown = self.current()
        if shown is None:
            return None
        target, editor = shown
        return target, editor, utf16_offsets(editor.toPlainText())

    def paint(self, *, repaint: bool = True) -> None:
        on_screen = self._on_screen()
        if on_screen is None:
            return
        target, editor, to_qt = on_screen
        ranges = [(to_qt(c.start), to_qt(c.end), c.resolved) for c in self.window.state.session.package.comments_on(target)]
        editor.highlighter.set_comments(ranges, repaint=repaint)

    def refresh(self) -> None:
        session = self.window.state.session
        if session is None:
            self.panel.show_comments([], self.label, None)
            self.panel.set_writable(False)
            return
        shown = self.current()
        self.panel.me = self.identity().name
        self.panel.show_comments(session.package.comments, self.label, shown[0] if shown else None)
        self.panel.set_writable(not session.read_only and shown is not None)

    def label(self, target: str) -> str:
        session = self.window.state.session
        if target == RESUME_TARGET:
            return "Résumé"
        if target == JUSTIFICATION_TARGET:
            return "Justification"
        for narrative in session.package.narratives.values():
            for number, example in enumerate(narrative.examples, 1):
                if example_target(example.id) == target:
                    name = self.window.state.framework.ecq_name(narrative.ecq_id) if self.window.state.framework else narrative.ecq_id
                    return f"{shorten(name, 28)} #{number}"
        return "(deleted example)"

    # ------------------------------------------------------------------ comment actions

    def _writable(self) -> bool:
        session = self.window.state.session
        if session is None:
            return False
        if session.read_only:
            self.window.warn("Read-only", "This package is open read-only, so comments cannot be saved. "
                                          "Use File ▸ Save As to keep a copy you can comment on.")
            return False
        return True

    def add_comment(self) -> None:
        shown = self.current()
        if shown is None:
            self.window.show_status("Comments go on examples, the résumé and the justification", 5000)
            return
        if not self._writable():
            return
        target, editor = shown
        text = editor.toPlainText()
        cursor = editor.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.WordUnderCursor)
        to_python = python_offsets(text)
        start, end = to_python(cursor.selectionStart()), to_python(cursor.selectionEnd())
        author = self._ensure_name()
        if author is None:
            return
        quoted = text[start:end].strip()
        prompt = f"Comment on “{quoted[:80]}{'…' if len(quoted) > 80 else ''}”:" if quoted else "Comment here:"
        body = self.window.ask_text("Add comment", prompt, "", multiline=True)
        if not body or not body.strip():
            return
        comment = new_comment(target, text, start, end, author, body)
        self.window.state.session.package.comments.append(comment)
        self._changed()
        self.panel.select(comment.id)

    def _comment(self, comment_id: str):
        return next((c for c in self.window.state.session.package.comments if c.id == comment_id), None)

    def reply(self, comment_id: str) -> None:
        comment = self._comment(comment_id)
        if comment is None or not self._writable():
            return
        author = self._ensure_name()
        if author is None:
            return
        body = self.window.ask_text("Reply", f"Reply to {comment.author}: “{comment.body[:80]}”", "", multiline=True)
        if body and body.strip():
            comment.reply(author, body.strip())
            self._changed()

    def edit(self, comment_id: str) -> None:
        comment = self._comment(comment_id)
        if comment is None or not self._writable():
            return
        if comment.author != self.identity().name:
            self.window.show_status("Only your own comments can be edited; reply instead", 5000)
            return
        body = self.window.ask_text("Edit comment", f"Your comment on “{comment.quote[:80]}”:", comment.body,
                                    multiline=True)
        if body and body.strip() and body.strip() != comment.body:
            comment.body = body.strip()
            self._changed()

    def toggle_resolved(self, comment_id: str) -> None:
        comment = self._comment(comment_id)
        if comment is None or not self._writable():
            return
        if comment.resolved:
            comment.reopen()
        else:
            author = self._ensure_name()
            if author is None:
                return
            comment.resolve(author)
        self._changed()

    def delete(self, comment_id: str) -> None:
        comment = self._comment(comment_id)
        if comment is None or not self._writable():
            return
        replies = f" and its {len(comment.replies)} replies" if comment.replies else ""
        if not self.window.ask("Delete comment", f"Delete {comment.author}'s comment{replies}? "
                                                 "Resolving keeps it for the record; deleting cannot be undone."):
            return
        self.window.state.session.package.comments.remove(comment)
        self._changed()

    def _changed(self) -> None:
        self.window.state.session.changed()
        self.window.documents.set_save_state()
        self.paint()
        self.refresh()

    def jump_to(self, comment_id: str) -> None:
        comment = self._comment(comment_id)
        if comment is None:
            return
        node = self._node_for(comment.target)
        if node is None:
            self.window.show_status("The example this comment was on has been deleted", 5000)
            return
        if self.window.state.current != node:
            self.window.navigator.setCurrentItem(self.window.navigator.item_for(node))
        on_screen = self._on_screen()
        if on_screen is None:
            return
        _target, editor, to_qt = on_screen
        editor.select_range(to_qt(comment.start), to_qt(max(comment.end, comment.start)))
        self.window.show_status(f"{comment.author}: {comment.body[:120]}", 6000)

    def _node_for(self, target: str) -> Node | None:
        if target in (RESUME_TARGET, JUSTIFICATION_TARGET):
            return Node(target)
        for narrative in self.window.state.session.package.narratives.values():
            for example in narrative.examples:
                if example_target(example.id) == target:
                    return Node("example", narrative.ecq_id, example.id)
        return None

    # ------------------------------------------------------------------ review mode

    def set_review_mode(self, on: bool) -> None:
        """Comment without changing the text: the editors turn read-only, comments stay open."""
        self.review_mode = on
        self.window.editing.apply_editability()
        self.window.show_status(
            "Review mode: the text is locked; select words and press Ctrl+Alt+M to comment" if on
            else "Review mode off: the text can be edited again", 5000)

    # ------------------------------------------------------------------ exchange

    def package_opened(self) -> None:
        session = self.window.state.session
        session.identity = self.identity()
        try:
            self.exchange = session.exchange()
        except Exception as exc:  # an unreadable history must never stop the package opening
            self.exchange = None
            self.panel.set_banner(f"The package's history cannot be read ({exc}).", False)
        else:
            summary = self.exchange
            if summary is not None and summary.anything:
                comparable = summary.last_seen is not None and bool(
                    summary.changed_targets or summary.new_targets or summary.new_comments)
                self.panel.set_banner(summary.describe(), comparable)
                self.window.show_status(summary.describe(), 10000)
                if comparable:
                    self.window.comments_dock.raise_()
            else:
                self.panel.set_banner("", False)
        self.refresh()

    def package_closed(self) -> None:
        self.exchange = None
        self.panel.set_banner("", False)
        self.refresh()

    def changes(self) -> list[tuple[str, str, str, str]]:
        """(target, label, the text as the reader last saw it, the text now) for changed texts."""
        summary = self.exchange
        if summary is None:
            return []
        texts = self.window.state.session.package.texts()
        found = []
        for target in summary.changed_targets + summary.new_targets:
            seen = summary.seen.get(target)
            found.append((target, self.label(target), seen.text if seen else "", texts.get(target, "")))
        return found

    def show_changes(self) -> None:
        from ecqwriter.gui.dialogs.changes import ChangesDialog

        summary = self.exchange
        if summary is None:
            return
        threads = [(c.id, f"{self.label(c.target)}: {c.author}: {c.body[:100]}"
                    + (f" (+{len(c.replies)} replies)" if c.replies else "")
                    + (" ✓ resolved" if c.resolved else ""))
                   for c in summary.new_comments]
        dialog = ChangesDialog(self.window, summary.describe(), self.changes(), threads)
        dialog.commentChosen.connect(self.jump_to)
        if dialog.exec() and dialog.mark_seen and self.window.state.session is not None and not self.window.state.session.read_only:
            self.window.state.session.save()
            self.exchange = self.window.state.session.exchange()
            self.panel.set_banner("", False)
            self.window.documents.set_save_state()


def _login_name() -> str:
    """The person's full name from the system account when it has one (as git does), else the login."""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if full:
            return full
    except (ImportError, KeyError, AttributeError):
        pass  # Windows, or an account without a name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some sandboxes: the user types one
        return ""
