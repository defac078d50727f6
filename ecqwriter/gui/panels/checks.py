"""Findings for the current example, its ECQ and the whole package, and the coverage map."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.application.checking import RULES
from ecqwriter.core.location import shorten
from ecqwriter.gui.panels.navigator import severity_icon

ROLE_TARGET = Qt.UserRole + 2
NO_FINDING_CHOSEN = "Choose a finding to read it in full; double-click to go to it."


class FindingList(QTreeWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setHeaderLabels(["Finding", "Where"])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setAccessibleName(name)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)

    def show_findings(self, rows: list[dict]) -> None:
        self.clear()
        for row in rows:
            title = RULES[row["rule"]].title if row["rule"] in RULES else row["rule"]
            item = QTreeWidgetItem([f"{title}\n{row['message']}", row.get("where_label", "")])
            item.setIcon(0, severity_icon(row["severity"]))
            item.setToolTip(0, row["message"])
            item.setToolTip(1, row.get("where_full") or row.get("where_label", ""))
            item.setData(0, ROLE_TARGET, row)
            item.setData(0, Qt.AccessibleTextRole, f"{row['severity']}: {title}. {row['message']}")
            self.addTopLevelItem(item)


def _heat(score: float, competency: str, where: str) -> QTableWidgetItem:
    """A score as a heat-map cell: white to green as evidence grows, red-tinted where
    nothing is shown; black text on every tint (contrast in both themes)."""
    cell = QTableWidgetItem(f"{score:.0%}")
    cell.setTextAlignment(Qt.AlignCenter)
    if score < 0.2:
        colour = QColor(239, 154, 154)
    else:
        green = int(255 - 120 * min(score, 1.0))
        colour = QColor(green, 230, green)
    cell.setBackground(QBrush(colour))
    cell.setForeground(QBrush(QColor("#000000")))
    cell.setData(Qt.AccessibleTextRole, f"{competency}: {score:.0%} {where}")
    return cell


class CoverageView(QWidget):
    """The ECQ x competency matrix as a heat map, with the gaps named."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Coverage heat map of ECQs and competencies")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.gaps = QLabel(self)
        self.gaps.setWordWrap(True)
        self.gaps.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.gaps)

    def show_report(self, report) -> None:
        framework = report.framework
        if framework is None:
            self.table.clear()
            self.gaps.setText("Unknown framework: no coverage to show.")
            return
        groups = list(framework.ecqs) + ([framework.fundamental] if framework.fundamental else [])
        rows = [(g, c) for g in groups for c in g.competencies]
        # a résumé that must show every ECQ gets its own column: what the board reads of it
        resume = report.resume_matrix
        self.table.clear()
        self.table.setColumnCount(3 if resume else 2)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(["Competency", "Stories", "Résumé"] if resume else ["Competency", "Shown"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        gaps = []
        for row, (group, competency) in enumerate(rows):
            score = report.matrix.get(group.id, {}).get(competency.id, 0.0)
            name = QTableWidgetItem(f"{shorten(group.name, 28)} / {competency.name}")
            name.setToolTip(f"{group.name} / {competency.name}")
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, _heat(score, competency.name, "in the stories" if resume else "shown"))
            if resume:
                in_resume = resume.get(group.id, {}).get(competency.id, 0.0)
                self.table.setItem(row, 2, _heat(in_resume, competency.name, "in the résumé's first pages"))
                score = max(score, in_resume) if group.id == "fundamental" else in_resume
            if score < 0.45 and group.id != "fundamental":
                gaps.append(f"{competency.name} ({group.name})")
        if gaps:
            where = " in the résumé" if resume else ""
            self.gaps.setText(f"<b>Gaps{where}:</b> " + "; ".join(gaps))
        else:
            self.gaps.setText("Every competency shows evidence" + (" in the résumé." if resume else "."))


class ChecksPanel(QWidget):
    findingActivated = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.status = QLabel("Loading checks…", self)
        self.status.setAccessibleName("Checks status")
        layout.addWidget(self.status)
        self.tabs = QTabWidget(self)
        self.example_list = FindingList("Findings in this example")
        self.ecq_list = FindingList("Findings in this ECQ")
        self.package_list = FindingList("Findings in the whole package")
        self.coverage = CoverageView()
        self.tabs.addTab(self.example_list, "Example")
        self.tabs.addTab(self.ecq_list, "ECQ")
        self.tabs.addTab(self.package_list, "Package")
        self.tabs.addTab(self.coverage, "Coverage")
        self.checklist = QTreeWidget()
        self.checklist.setHeaderLabels(["Part", "State"])
        self.checklist.setRootIsDecorated(False)
        self.checklist.setAccessibleName("Package checklist for the QRB criterion")
        self.checklist.header().setStretchLastSection(False)
        self.checklist.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.checklist.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.checklist.itemActivated.connect(self._checklist_activated)
        self.checklist.itemClicked.connect(self._checklist_activated)
        self.tabs.addTab(self.checklist, "Checklist")
        layout.addWidget(self.tabs, 1)
        # the list shows a line of each finding; the one selected is read here in full
        self.detail = QLabel(NO_FINDING_CHOSEN, self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.detail.setAccessibleName("The chosen finding in full")
        self.detail.setMinimumHeight(self.fontMetrics().height() * 4)
        self.detail.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        layout.addWidget(self.detail)
        for findings in (self.example_list, self.ecq_list, self.package_list):
            findings.itemActivated.connect(self._activated)
            findings.itemClicked.connect(self._activated)
            findings.currentItemChanged.connect(self._show_detail)
        self.tabs.currentChanged.connect(lambda _: self._show_detail(getattr(self.tabs.currentWidget(),
                                                                             "currentItem", lambda: None)()))

    def _show_detail(self, item, _previous=None) -> None:
        row = item.data(0, ROLE_TARGET) if item is not None else None
        if not row or row.get("source") == "checklist":
            self.detail.setText(NO_FINDING_CHOSEN)
            return
        title = RULES[row["rule"]].title if row["rule"] in RULES else row["rule"]
        where = f" ({row['where_label']})" if row.get("where_label") else ""
        self.detail.setText(f"<b>{html.escape(title)}</b>{html.escape(where)}: {html.escape(row['message'])}")

    def show_checklist(self, items: list[dict]) -> None:
        self.checklist.clear()
        for entry in items:
            state = entry["state"]  # decided once, in the core (analysis.criteria)
            severity = ("error" if entry["blocking"] else None if state == "complete"
                        else "warning" if state == "ready, with suggestions" else "info")
            required = "" if entry["required"] else " (optional)"
            item = QTreeWidgetItem([entry["part"] + required, state])
            item.setIcon(1, severity_icon(severity))
            item.setData(0, ROLE_TARGET, {"where": entry["where"], "source": "checklist", "rule": "",
                                          "severity": severity or "info", "message": state})
            item.setData(0, Qt.AccessibleTextRole, f"{entry['part']}{required}: {state}")
            self.checklist.addTopLevelItem(item)

    def _checklist_activated(self, item, _column=0):
        row = item.data(0, ROLE_TARGET)
        if row:
            self.findingActivated.emit(row)

    def _activated(self, item, _column=0):
        row = item.data(0, ROLE_TARGET)
        if row:
            self.findingActivated.emit(row)
