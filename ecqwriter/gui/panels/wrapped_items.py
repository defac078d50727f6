"""Items of a list or tree shown whole: their text wrapped at the view's width, every line.

Qt's own word wrap in an item view keeps each row one line tall unless told otherwise, so a
long comment lost everything after its first line. This delegate measures each item at the
width the view gives it, and the view lays its rows out again when it is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

_PADDING = 6


class WrappedTextDelegate(QStyledItemDelegate):
    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.setTextElideMode(Qt.ElideNone)
        view.viewport().installEventFilter(self)

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.WrapText

    def _text_width(self, index) -> int:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.view.indentation() * (depth + (1 if self.view.rootIsDecorated() else 0))
        return max(60, self.view.viewport().width() - indent - 2 * _PADDING)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._text_width(index)
        box = opt.fontMetrics.boundingRect(QRect(0, 0, width, 1_000_000), Qt.TextWordWrap, opt.text)
        return QSize(width, box.height() + _PADDING)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self.view.doItemsLayout()  # every row measured again at the new width
        return False


__all__ = ["WrappedTextDelegate"]
