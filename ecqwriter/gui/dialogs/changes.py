"""What changed since this person last saw the package (when it travelled)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
)

from ecqwriter.gui.dialogs.revisions import compare_panes, side_by_side_html


class ChangesDialog(QDialog):
    """What changed since you last saw the package: texts side by side, new comment activity."""

    commentChosen = Signal(str)

    def __init__(self, parent, summary: str, changes: list[tuple[str, str, str, str]],
                 threads: list[tuple[str, str]]):
        super().__init__(parent)
        self.setWindowTitle("What changed since you last saw this package")
        self.resize(1100, 680)
        self.changes = changes
        self.mark_seen = False
        layout = QVBoxLayout(self)
        heading = QLabel(summary)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        splitter = QSplitter(Qt.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName("Changed texts")
        for _target, label, _old, _new in changes:
            QListWidgetItem(label, self.list)
        self.old, self.new = compare_panes(splitter, self.list, "As you last saw it", "The text now", 240)
        layout.addWidget(QLabel("Left: as you last saw it. Right: the text now (changes marked)."))
        layout.addWidget(splitter, 2)
        layout.addWidget(QLabel("Comment threads with new activity (double-click to go to one):"))
        self.threads = QListWidget()
        self.threads.setAccessibleName("Comment threads with new activity")
        for comment_id, label in threads:
            item = QListWidgetItem(label, self.threads)
            item.setData(Qt.UserRole, comment_id)
        self.threads.itemDoubleClicked.connect(lambda item: (self.commentChosen.emit(item.data(Qt.UserRole)),
                                                             self.reject()))
        layout.addWidget(self.threads, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        seen = buttons.addButton("Mark all as seen", QDialogButtonBox.AcceptRole)
        seen.setToolTip("Saves the package under your name, so next time only newer changes show")
        seen.clicked.connect(self._seen)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if changes:
            self.list.setCurrentRow(0)

    def _show(self, row: int):
        if row < 0:
            return
        _target, _label, old, new = self.changes[row]
        left, right = side_by_side_html(old, new)
        self.old.setHtml(left or "<i>(new: you have not seen this text before)</i>")
        self.new.setHtml(right)

    def _seen(self):
        self.mark_seen = True
        self.accept()
