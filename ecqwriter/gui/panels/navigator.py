"""The package as a tree: details, résumé, each ECQ with its examples, criterion parts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from ecqwriter.core.frameworks import Framework
from ecqwriter.core.model import Criterion, Package
from ecqwriter.gui.theme import SEVERITY_COLOURS

ROLE_NODE = Qt.UserRole + 1


@dataclass(frozen=True)
class Node:
    kind: str  # details, resume, ecq, example, cdp, justification, idp
    ecq_id: str = ""
    example_id: str = ""

    @property
    def where(self) -> str:
        return {"resume": "resume", "cdp": "cdp", "justification": "justification", "idp": "idp",
                "details": "package"}.get(self.kind, f"ecq:{self.ecq_id}")


def severity_icon(severity: str | None) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.transparent)
    if severity:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(QColor(SEVERITY_COLOURS[severity]))
        painter.setPen(Qt.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
    return QIcon(pixmap)


class NavigatorTree(QTreeWidget):
    nodeActivated = Signal(object)  # Node
    moveRequested = Signal(str, int)  # example id, delta

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Package", "Status"])
        self.setAccessibleName("Package navigator")
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.currentItemChanged.connect(self._on_current)
        self._items: dict[Node, QTreeWidgetItem] = {}

    def node_of(self, item: QTreeWidgetItem | None) -> Node | None:
        return item.data(0, ROLE_NODE) if item is not None else None

    def current_node(self) -> Node | None:
        return self.node_of(self.currentItem())

    def _on_current(self, current, _previous):
        node = self.node_of(current)
        if node is not None:
            self.nodeActivated.emit(node)

    def _add(self, parent, label: str, node: Node) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, ""])
        item.setData(0, ROLE_NODE, node)
        flags = Qt.ItemIsSelectable | Qt.ItemIsEnabled
        if node.kind == "example":
            flags |= Qt.ItemIsDragEnabled
        if node.kind == "ecq":
            flags |= Qt.ItemIsDropEnabled
        item.setFlags(flags)
        self._items[node] = item
        return item

    def rebuild(self, package: Package, framework: Framework, select: Node | None = None) -> None:
        select = select or self.current_node()
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        self._add(self, "Candidate and position", Node("details"))
        self._add(self, "Résumé", Node("resume"))
        for ecq in framework.ecqs:
            narrative = package.narratives.get(ecq.id)
            parent = self._add(self, ecq.name, Node("ecq", ecq.id))
            for index, example in enumerate(narrative.examples if narrative else [], 1):
                title = example.title.strip() or f"Example {index}"
                self._add(parent, title, Node("example", ecq.id, example.id))
            parent.setExpanded(True)
        if package.criterion == Criterion.B:
            self._add(self, "CDP record", Node("cdp"))
        if package.criterion == Criterion.C:
            self._add(self, "Agency justification", Node("justification"))
            self._add(self, "Development plan (IDP)", Node("idp"))
        self.blockSignals(False)
        if select is not None and select in self._items:
            self.setCurrentItem(self._items[select])
        elif self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def item_for(self, node: Node) -> QTreeWidgetItem | None:
        return self._items.get(node)

    def set_status(self, node: Node, text: str, severity: str | None, tooltip: str = "") -> None:
        item = self._items.get(node)
        if item is None:
            return
        item.setText(1, text)
        item.setIcon(1, severity_icon(severity))
        item.setToolTip(1, tooltip or text)
        item.setData(1, Qt.AccessibleTextRole, f"{text}; {severity or 'no'} findings")

    def dropEvent(self, event):
        # reordering is done by the window (undoable); the tree is then rebuilt from the model
        source = self.node_of(self.currentItem())
        target_item = self.itemAt(event.position().toPoint())
        target = self.node_of(target_item)
        event.ignore()
        if source is None or source.kind != "example" or target is None:
            return
        if target.ecq_id != source.ecq_id:
            return
        parent = self._items[Node("ecq", source.ecq_id)]
        rows = [self.node_of(parent.child(i)) for i in range(parent.childCount())]
        old = rows.index(source)
        new = rows.index(target) if target.kind == "example" else len(rows) - 1
        if new != old:
            self.moveRequested.emit(source.example_id, new - old)

    def keyPressEvent(self, event):
        node = self.current_node()
        if node is not None and node.kind == "example" and event.modifiers() & Qt.AltModifier:
            if event.key() == Qt.Key_Up:
                self.moveRequested.emit(node.example_id, -1)
                return
            if event.key() == Qt.Key_Down:
                self.moveRequested.emit(node.example_id, 1)
                return
        super().keyPressEvent(event)
