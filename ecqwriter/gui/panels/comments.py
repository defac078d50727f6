"""The comments list: threads with replies, filtered by state, author and text."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.core.comments import Comment, CommentFilter
from ecqwriter.gui.panels.wrapped_items import WrappedTextDelegate

ID_ROLE = Qt.UserRole + 1


def _when(moment) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# the panel lists at most this many comments (the newest); the count line shows them all
MAX_LISTED = 300

class CommentsPanel(QWidget):
    commentActivated = Signal(str)  # comment id
    addRequested = Signal()
    replyRequested = Signal(str)
    editRequested = Signal(str)
    resolveRequested = Signal(str)  # toggles resolved / open
    deleteRequested = Signal(str)
    changesRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("What changed since you last saw this package")
        self.banner.setVisible(False)
        self.changes_button = QPushButton("Show what changed…")
        self.changes_button.clicked.connect(self.changesRequested.emit)
        self.changes_button.setVisible(False)
        layout.addWidget(self.banner)
        layout.addWidget(self.changes_button)
        filters = QHBoxLayout()
        self.state = QComboBox()
        self.state.setAccessibleName("Show comments")
        for label, value in (("Open", "open"), ("Resolved", "resolved"), ("All", "all")):
            self.state.addItem(label, value)
        self.author = QComboBox()
        self.author.setAccessibleName("Comments by")
        self.author.addItem("Everybody", "")
        self.this_text = QCheckBox("This text only")
        filters.addWidget(self.state)
        filters.addWidget(self.author, 1)
        filters.addWidget(self.this_text)
        layout.addLayout(filters)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Comments")
        self.tree.setItemDelegate(WrappedTextDelegate(self.tree))  # every comment read whole
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.currentItemChanged.connect(lambda *_: self._show_detail())
        layout.addWidget(self.tree, 1)
        # the list shows the start of each thread; the chosen one is read here in full, wrapped
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The chosen comment in full")
        self.detail.setMaximumHeight(self.fontMetrics().height() * 9)
        self.detail.setPlaceholderText("Choose a comment to read it and its replies in full.")
        layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add…")
        self.add_button.setToolTip("Comment on the selected words (Ctrl+Alt+M)")
        self.reply_button = QPushButton("Reply…")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the text of your own comment")
        self.resolve_button = QPushButton("Resolve")
        self.delete_button = QPushButton("Delete")
        self.add_button.clicked.connect(self.addRequested.emit)
        self.reply_button.clicked.connect(lambda: self._emit_for_current(self.replyRequested))
        self.edit_button.clicked.connect(lambda: self._emit_for_current(self.editRequested))
        self.resolve_button.clicked.connect(lambda: self._emit_for_current(self.resolveRequested))
        self.delete_button.clicked.connect(lambda: self._emit_for_current(self.deleteRequested))
        for button in (self.add_button, self.reply_button, self.edit_button, self.resolve_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.count = QLabel()
        layout.addWidget(self.count)
        self._comments: list[Comment] = []
        self._labels = lambda target: target
        self._current_target: str | None = None
        self.me = ""  # the user's name: only their own comments can be edited
        self._writable = False
        for control in (self.state, self.author):
            control.currentIndexChanged.connect(lambda *_: self._fill())
        self.this_text.toggled.connect(lambda *_: self._fill())
        self._update_buttons()

    # ------------------------------------------------------------------ content

    def show_comments(self, comments: list[Comment], labels, current_target: str | None) -> None:
        """``labels(target)`` names a text for people ("Leading Change #1", "Résumé")."""
        self._comments = comments
        self._labels = labels
        self._current_target = current_target
        chosen = self.author.currentData()
        authors = sorted({a for c in comments for a in c.authors})
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("Everybody", "")
        for name in authors:
            self.author.addItem(name, name)
        self.author.setCurrentIndex(max(0, self.author.findData(chosen)))
        self.author.blockSignals(False)
        self._fill()

    def current_filter(self) -> CommentFilter:
        return CommentFilter(self.state.currentData(), self.author.currentData() or "")

    def visible_ids(self) -> list[str]:
        return [self.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(self.tree.topLevelItemCount())]

    def _fill(self) -> None:
        selected = self.current_id()
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        rule = self.current_filter()
        shown = [c for c in self._comments if rule.matches(c)
                 and (not self.this_text.isChecked() or c.target == self._current_target)]
        # a list of thousands helps nobody and costs seconds in Qt: the newest few hundred,
        # and a line that says how to see the rest
        listed = shown[-MAX_LISTED:]
        items = [self._item(comment) for comment in listed]
        if len(shown) > len(listed):
            hidden = len(shown) - len(listed)
            more = QTreeWidgetItem([f"{hidden:,} older comments not listed\nNarrow the filter to see them"])
            more.setToolTip(0, "Only the newest comments are listed. Choose a person, open or resolved, "
                               "or this text only to list the others.")
            more.setForeground(0, QBrush(QColor("#616161")))
            items.insert(0, more)
        self.tree.addTopLevelItems(items)
        self.tree.expandAll()
        for item in items:
            if selected is not None and item.data(0, ID_ROLE) == selected:
                self.tree.setCurrentItem(item)
        self.tree.setUpdatesEnabled(True)
        open_count = sum(1 for c in self._comments if not c.resolved)
        listed_words = f"{len(listed):,} of {len(shown):,} listed" if len(listed) < len(shown) else f"{len(shown):,} shown"
        self.count.setText(f"{listed_words} · {open_count:,} open · {len(self._comments) - open_count:,} resolved")
        self._update_buttons()

    def _item(self, comment: Comment) -> QTreeWidgetItem:
        state = "✓ " if comment.resolved else ""
        detached = " (its words were deleted)" if comment.detached else ""
        head = QTreeWidgetItem([f"{state}{comment.author} · {_when(comment.created)} · "
                                f"{self._labels(comment.target)}\n{comment.body}"])
        head.setToolTip(0, f"On: “{comment.quote}”{detached}")
        head.setData(0, ID_ROLE, comment.id)
        if comment.resolved:
            head.setForeground(0, QBrush(QColor("#757575")))
            head.setToolTip(0, head.toolTip(0) + f"\nResolved by {comment.resolved_by} {_when(comment.resolved_at)}")
        quote = QTreeWidgetItem([f"“{comment.quote[:160]}”{detached}"])
        quote.setData(0, ID_ROLE, comment.id)
        quote.setForeground(0, QBrush(QColor("#616161")))
        head.addChild(quote)
        for reply in comment.replies:
            child = QTreeWidgetItem([f"↳ {reply.author} · {_when(reply.created)}\n{reply.body}"])
            child.setData(0, ID_ROLE, comment.id)
            head.addChild(child)
        return head

    def _show_detail(self) -> None:
        chosen = self.current_id()
        comment = next((c for c in self._comments if c.id == chosen), None)
        if comment is None:
            self.detail.clear()
            return
        state = f" · resolved by {html.escape(comment.resolved_by)}" if comment.resolved else ""
        parts = [f"<p><b>{html.escape(comment.author)}</b> · {_when(comment.created)} · "
                 f"{html.escape(self._labels(comment.target))}{state}</p>",
                 f"<p>{html.escape(comment.body)}</p>",
                 f"<p style='color:#616161'>On: “{html.escape(comment.quote)}”"
                 f"{' (its words were deleted)' if comment.detached else ''}</p>"]
        for reply in comment.replies:
            parts.append(f"<p>↳ <b>{html.escape(reply.author)}</b> · {_when(reply.created)}: "
                         f"{html.escape(reply.body)}</p>")
        self.detail.setHtml("".join(parts))

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, comment_id: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, ID_ROLE) == comment_id:
                self.tree.setCurrentItem(item)
                return

    def set_banner(self, text: str, show_button: bool) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.changes_button.setVisible(show_button)

    def set_writable(self, writable: bool) -> None:
        self._writable = writable
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self._writable
        chosen = self.current_id()
        comment = next((c for c in self._comments if c.id == chosen), None) if chosen else None
        self.add_button.setEnabled(writable)
        for button in (self.reply_button, self.resolve_button, self.delete_button):
            button.setEnabled(writable and comment is not None)
        self.resolve_button.setText("Reopen" if comment is not None and comment.resolved else "Resolve")
        self.edit_button.setEnabled(writable and comment is not None and comment.author == self.me)

    def _emit_for_current(self, signal) -> None:
        chosen = self.current_id()
        if chosen:
            signal.emit(chosen)

    def _activated(self, item, _column=0) -> None:
        comment_id = item.data(0, ID_ROLE)
        if comment_id:
            self.commentActivated.emit(comment_id)
