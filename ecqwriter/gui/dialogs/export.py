"""Export dialog: options, a progress bar, the page report, and "open the file"."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
import copy
import html

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from ecqwriter.application.exporting import ExportOptions, export, libreoffice, target_is_read_only
from ecqwriter.core.errors import EcqError


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class _ExportJob(QRunnable):
    def __init__(self, package, path, options, signals):
        super().__init__()
        self.package, self.path, self.options, self.signals = package, path, options, signals

    def run(self):
        try:
            report = export(self.package, self.path, self.options,
                                    progress=lambda step, steps, what: self.signals.progress.emit(step, steps, what))
            self.signals.finished.emit(report)
        except EcqError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never a traceback in the user's face; the file is untouched
            self.signals.failed.emit(f"The export failed ({type(exc).__name__}: {exc}); no file was changed.")


class ExportDialog(QDialog):
    exported = Signal(object)

    def __init__(self, parent, package, framework, default_path: Path):
        super().__init__(parent)
        self.setWindowTitle("Export package")
        self.package = package
        self.report = None
        self._pool = QThreadPool(self)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = QLineEdit(str(default_path))
        self.path.setAccessibleName("Export file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File (.pdf or .docx)", row)
        self.scope = QComboBox()
        self.scope.setAccessibleName("What to export")
        self.scope.addItem(f"The whole package ({package.criterion.title})", "package")
        self.scope.addItem("The ECQ narratives only", "narratives")
        for ecq in framework.ecqs:
            self.scope.addItem(f"One ECQ: {ecq.name}", ecq.id)
        form.addRow("Export", self.scope)
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(10, 12)
        self.font_size.setSingleStep(0.5)
        self.font_size.setValue(12)
        self.font_size.setDecimals(1)
        self.font_size.setSuffix(" pt")
        self.font_size.setAccessibleName("Font size")
        form.addRow("Font size", self.font_size)
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0.5, 1.5)
        self.margin.setSingleStep(0.25)
        self.margin.setValue(1.0)
        self.margin.setSuffix(" in")
        self.margin.setAccessibleName("Margins")
        form.addRow("Margins", self.margin)
        self.accessible = QCheckBox("Accessible (tagged) PDF, made with LibreOffice")
        self.accessible.setAccessibleName("Accessible tagged PDF")
        if libreoffice() is None:
            self.accessible.setEnabled(False)
            self.accessible.setText("Accessible (tagged) PDF: needs LibreOffice, which is not installed")
        form.addRow(self.accessible)
        self.comments = QComboBox()
        self.comments.setAccessibleName("Review comments")
        self.comments.addItem("No comments (the copy for the QRB)", "none")
        self.comments.addItem("Open comments (a reviewer's copy)", "open")
        self.comments.addItem("All comments, resolved ones too", "all")
        if not package.comments:
            self.comments.setEnabled(False)
        form.addRow("Comments", self.comments)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setRange(0, 3)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Export result")
        layout.addWidget(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ActionRole)
        self.open_button = buttons.addButton("Open the file", QDialogButtonBox.ActionRole)
        self.open_button.setEnabled(False)
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.signals = _Signals()
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)

    def _browse(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                                "PDF (*.pdf);;Word document (*.docx)")
        if chosen:
            self.path.setText(chosen)

    def options(self) -> ExportOptions:
        return ExportOptions(font_size=self.font_size.value(), margin_inches=self.margin.value(),
                             scope=self.scope.currentData(), accessible_pdf=self.accessible.isChecked(),
                             comments=self.comments.currentData())

    def confirm_replace_read_only(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self, "Replace a read-only file?",
            f"{path}\n\nThis file is read-only: you or a colleague may have locked it on purpose. "
            "Replace it with the new export?", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def start(self):
        target = Path(self.path.text()).expanduser()
        options = self.options()
        if target_is_read_only(target):
            if not self.confirm_replace_read_only(target):
                self.result.setText("Not exported: the file is read-only and was left as it is.")
                return
            options = replace(options, replace_read_only=True)
        self.export_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.result.setText("Exporting…")
        self.progress.setValue(0)
        job = _ExportJob(copy.deepcopy(self.package), target, options, self.signals)
        self._pool.start(job)

    def _progress(self, step, steps, what):
        self.progress.setRange(0, steps)
        self.progress.setValue(step)
        self.result.setText(what + "…")

    def _finished(self, report):
        self.report = report
        self.export_button.setEnabled(True)
        self.open_button.setEnabled(True)
        lines = [f"<b>Wrote {html.escape(str(report.path))}</b>: {report.total_pages} pages."]
        for section in report.sections:
            limit = f" of {section.limit:g}" if section.limit is not None else ""
            colour = "#d32f2f" if section.over else "inherit"
            lines.append(f"<span style='color:{colour}'>{html.escape(section.title)}: {section.pages}{limit} pages"
                         f"{' (over the limit)' if section.over else ''}</span>")
        if report.narrative_limit is not None:
            lines.append(f"ECQ narratives: {report.narrative_pages} of {report.narrative_limit:g} pages.")
        if report.within_limits:
            lines.append("Everything is within the page limits.")
        else:
            lines.append("<b style='color:#d32f2f'>Over the page limits: the QRB would return this package.</b>")
        lines += [f"<b style='color:#d32f2f'>USAJOBS asks for it: {html.escape(gap)}</b>" for gap in report.missing_fields]
        lines += [html.escape(note) for note in report.notes]
        self.result.setText("<br>".join(lines))
        self.exported.emit(report)

    def _failed(self, message):
        self.export_button.setEnabled(True)
        self.progress.setValue(0)
        self.result.setText(f"<b style='color:#d32f2f'>{html.escape(message)}</b>")

    def open_file(self):
        if self.report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.path)))

    def wait(self, msecs=30000) -> bool:
        return self._pool.waitForDone(msecs)
