"""Checking a folder of packages in the background for the cohort view.

The checks run in worker processes (application/checking.py, ``isolated``), so the window's
own analysis keeps its models to itself and a damaged package cannot take the window down.
Each package's row arrives as a signal as soon as it is checked; reading a package never
takes its lock and never writes to it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from ecqwriter.application.checking import check_paths, default_jobs
from ecqwriter.core.errors import EcqError


class _Worker(QObject):
    row = Signal(object)  # core.cohort.CohortRow
    finished = Signal(str)  # "" when done, else the message that stopped the scan

    def __init__(self, paths: list[Path], jobs: int):
        super().__init__()
        self.paths, self.jobs = paths, jobs
        self.stopping = False

    def run(self) -> None:
        try:
            check_paths(self.paths, lambda outcome: self.row.emit(outcome.row), jobs=self.jobs, isolated=True,
                        stop=lambda: self.stopping)
        except EcqError as exc:
            self.finished.emit(str(exc))
            return
        except Exception as exc:  # a worker died: say so, keep the window
            self.finished.emit(f"the check stopped unexpectedly ({type(exc).__name__})")
            return
        self.finished.emit("")


class CohortScan(QObject):
    """One background check of some packages; ``rowReady`` for each, then ``done``."""

    rowReady = Signal(object)
    done = Signal(str)

    def __init__(self, paths: list[Path], parent=None, jobs: int | None = None):
        super().__init__(parent)
        self.total = len(paths)
        self._thread = QThread(self)
        self._worker = _Worker(paths, jobs or default_jobs())
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.row.connect(self.rowReady)
        self._worker.finished.connect(self._finished)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._worker.stopping = True

    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = 30000) -> bool:
        return self._thread.wait(milliseconds)

    def _finished(self, message: str) -> None:
        self._thread.quit()
        self.done.emit(message)


__all__ = ["CohortScan"]
