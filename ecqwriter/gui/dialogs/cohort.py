"""The cohort view: every package of a folder in one table, for a CDP coordinator or an
executive-resources office. Sortable, filterable, checked in the background with a progress
bar, checked again when a file changes; a double-click opens the package (read-only when
someone else has it open). The report is written from the same rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.application.checking import expand_paths
from ecqwriter.application.documents import held_by_someone_else
from ecqwriter.application.reports import write_report
from ecqwriter.core.cohort import CohortRow, summary
from ecqwriter.core.display_text import shown
from ecqwriter.core.errors import EcqError
from ecqwriter.core.wording import plural
from ecqwriter.gui.cohort_scan import CohortScan

# (heading, what the cell shows, what it sorts by)
COLUMNS = (
    ("Candidate", lambda r: shown(r.candidate) or "—", lambda r: r.candidate.casefold()),
    ("Ready", lambda r: "could not be read" if r.problem else "ready" if r.ready else "not ready",
     lambda r: 2 if r.problem else 0 if r.ready else 1),
    ("Errors", lambda r: "" if r.problem else str(r.errors), lambda r: r.errors),
    ("Warnings", lambda r: "" if r.problem else str(r.warnings), lambda r: r.warnings),
    ("Pages", lambda r: f"{r.pages_used}/{r.pages_limit:g}" if r.pages_limit and not r.problem else "",
     lambda r: r.pages_used),
    ("Résumé", lambda r: "" if r.problem else f"{r.resume_pages:.1f}/{r.resume_limit:g}" if r.resume_limit else
     f"{r.resume_pages:.1f}", lambda r: r.resume_pages),
    ("Comments", lambda r: "" if r.problem else str(r.open_comments), lambda r: r.open_comments),
    ("Criterion", lambda r: r.criterion, lambda r: r.criterion),
    ("Framework", lambda r: r.framework, lambda r: r.framework),
    ("Format", lambda r: r.format, lambda r: r.format),
    ("Last saved", lambda r: f"{r.last_saved_at.replace('T', ' ')[:16]} {r.last_saved_by}".strip(),
     lambda r: r.last_saved_at),
    ("File", lambda r: shown(Path(r.file).name), lambda r: Path(r.file).name.casefold()),
)
SORT_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2
STATES = (("Every package", None), ("Not ready", "not ready"), ("Ready", "ready"),
          ("Could not be read", "could not be read"))


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.words = ""
        self.state: str | None = None
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, parent) -> bool:
        row: CohortRow = self.sourceModel().item(source_row, 0).data(ROW_ROLE)
        if self.state is not None and COLUMNS[1][1](row) != self.state:
            return False
        if not self.words:
            return True
        haystack = " ".join((row.candidate, Path(row.file).name, row.framework, row.format, row.problem)).casefold()
        return all(word in haystack for word in self.words.casefold().split())


class CohortWindow(QWidget):
    openRequested = Signal(Path, bool)  # the package, and whether to open it read-only
    scanFinished = Signal()

    def __init__(self, folder: Path, parent=None, *, jobs: int | None = None):
        super().__init__(parent, Qt.Window)
        self.folder, self.jobs = Path(folder), jobs
        self.setWindowTitle(f"Cohort: {self.folder.name} — ecqwriter")
        self.setAccessibleName("Cohort view")
        self.resize(1280, 640)
        self.rows: dict[str, CohortRow] = {}
        self.scan: CohortScan | None = None
        self._queued: list[Path] = []
        layout = QVBoxLayout(self)
        where = QLabel(f"<b>{self.folder}</b>: one row per package. Double-click to open one.")
        where.setWordWrap(True)
        layout.addWidget(where)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by candidate, file, framework or format")
        self.filter.setAccessibleName("Filter packages")
        self.filter.textChanged.connect(self._refilter)
        self.state = QComboBox()
        self.state.setAccessibleName("Show packages")
        for label, value in STATES:
            self.state.addItem(label, value)
        self.state.currentIndexChanged.connect(self._refilter)
        self.refresh_button = QPushButton("Check again")
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton("Report…")
        self.report_button.setToolTip("Write these rows as CSV, a web page (HTML) or a PDF")
        self.report_button.clicked.connect(self.report_dialog)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.state)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.report_button)
        layout.addLayout(bar)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Checking progress")
        self.status = QLabel()
        self.status.setAccessibleName("Cohort summary")
        line = QHBoxLayout()
        line.addWidget(self.progress, 1)
        line.addWidget(self.status, 2)
        layout.addLayout(line)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([heading for heading, _, _ in COLUMNS])
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Packages")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        # a file saved or added while the view is open is checked again, once it settles
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _: self._changed.start())
        self.watcher.fileChanged.connect(lambda _: self._changed.start())
        self._changed = QTimer(self, singleShot=True, interval=1500)
        self._changed.timeout.connect(self.refresh_changed)
        self._seen: dict[str, float] = {}

    # ------------------------------------------------------------------ scanning

    def start(self) -> bool:
        """Check every package of the folder; False (with the reason shown) when there are none."""
        try:
            paths = expand_paths([self.folder])
        except EcqError as exc:
            self.status.setText(str(exc))
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            return False
        self.watcher.addPath(str(self.folder))
        self._check(paths)
        return True

    def refresh(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self.rows.clear()
        self.start()

    def refresh_changed(self) -> None:
        """Only the files that changed (by time and size) or appeared; gone ones leave."""
        try:
            paths = expand_paths([self.folder])
        except EcqError:
            paths = []
        present = {str(p) for p in paths}
        for gone in [f for f in self.rows if f not in present]:
            self._remove(gone)
        changed = [p for p in paths if self._stamp(p) != self._seen.get(str(p))]
        if changed:
            self._check(changed)

    def _check(self, paths: list[Path]) -> None:
        if self.scan is not None and self.scan.running():
            self._queued.extend(paths)  # after the current scan
            return
        for path in paths:
            self._seen[str(path)] = self._stamp(path)
            if str(path) not in self.watcher.files():
                self.watcher.addPath(str(path))
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.status.setText(f"Checking {plural(len(paths), 'package')}…")
        self.refresh_button.setEnabled(False)
        self.scan = CohortScan(paths, self, jobs=self.jobs)
        self.scan.rowReady.connect(self._add)
        self.scan.done.connect(self._done)
        self.scan.start()

    @staticmethod
    def _stamp(path: Path):
        try:
            info = path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _add(self, row: CohortRow) -> None:
        self._remove(row.file)
        self.rows[row.file] = row
        items = []
        for heading, shown, sort_key in COLUMNS:
            item = QStandardItem(shown(row))
            item.setData(sort_key(row), SORT_ROLE)
            items.append(item)
        # the verdict tinted as in the HTML and PDF reports, in black text on both themes
        tint = "#eeeeee" if row.problem else "#e3f4e1" if row.ready else "#fde0dc"
        items[1].setBackground(QBrush(QColor(tint)))
        items[1].setForeground(QBrush(QColor("#000000")))
        items[0].setData(row, ROW_ROLE)
        items[0].setToolTip(row.file)
        if row.problem:
            items[1].setToolTip(row.problem)
        self.model.appendRow(items)
        self.progress.setValue(self.progress.value() + 1)

    def _remove(self, file: str) -> None:
        self.rows.pop(file, None)
        for number in range(self.model.rowCount()):
            if self.model.item(number, 0).data(ROW_ROLE).file == file:
                self.model.removeRow(number)
                return

    def _done(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        figures = summary(list(self.rows.values()))
        unusable = f", {figures['unusable']} could not be read" if figures["unusable"] else ""
        text = (f"{plural(figures['packages'], 'package')}: {figures['ready']} ready, "
                f"{figures['not_ready']} not ready{unusable}")
        self.status.setText(f"{text}. {message}" if message else text)
        if self._queued:
            queued, self._queued = self._queued, []
            self._check(list(dict.fromkeys(queued)))
            return
        self.scanFinished.emit()

    # ------------------------------------------------------------------ acting on rows

    def _refilter(self, *_) -> None:
        self.proxy.words = self.filter.text()
        self.proxy.state = self.state.currentData()
        self.proxy.invalidate()

    def visible_rows(self) -> list[CohortRow]:
        """The rows as shown: filtered and in the table's order."""
        return [self.proxy.index(n, 0).data(ROW_ROLE) for n in range(self.proxy.rowCount())]

    def _open(self, index) -> None:
        row: CohortRow = self.proxy.index(index.row(), 0).data(ROW_ROLE)
        holder = held_by_someone_else(row.file)
        self.openRequested.emit(Path(row.file), holder is not None)

    def report_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Write a report", str(self.folder / "cohort-report.html"),
                                              "Web page (*.html);;Spreadsheet (*.csv);;PDF (*.pdf)")
        if path:
            self.write_report(Path(path))

    def write_report(self, path: Path) -> Path | None:
        """The rows on screen (as filtered and sorted) in the format the file name asks for."""
        try:
            written = write_report(self.visible_rows(), path)
        except EcqError as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(f"Wrote {written.name}.")
        return written

    def closeEvent(self, event) -> None:
        if self.scan is not None and self.scan.running():
            self.scan.stop()
            self.scan.wait(30000)
        super().closeEvent(event)


__all__ = ["COLUMNS", "CohortWindow"]
