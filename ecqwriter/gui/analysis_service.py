"""Runs the analysis off the UI thread and hands results back through signals.

The spaCy pipeline is built in the worker after the window is shown; requests are
numbered so a late result for text that has since changed is dropped, and one worker
thread keeps spaCy from competing with itself.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    ready = Signal()
    failed = Signal(str)
    example_done = Signal(int, object)
    package_done = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, work):
        super().__init__()
        self.work = work

    def run(self):
        self.work()


class AnalysisService(QObject):
    ready = Signal()
    failed = Signal(str)
    exampleAnalysed = Signal(int, object)  # request id, NarrativeAnalysis
    packageChecked = Signal(int, object)  # request id, PackageReport

    def __init__(self, parent=None, personal_words=None):
        super().__init__(parent)
        self.speller = None
        self._personal_words = personal_words
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.ready.connect(self._on_ready)
        self._signals.failed.connect(self.failed)
        self._signals.example_done.connect(self.exampleAnalysed)
        self._signals.package_done.connect(self.packageChecked)
        self.is_ready = False
        self._next_id = 0

    def start(self) -> None:
        def load():
            try:
                from ecqwriter.application.checking import warm_up

                warm_up()
                try:
                    from ecqwriter.core.spelling import SpellChecker, framework_words

                    self.speller = SpellChecker(self._personal_words, extra_words=set(framework_words()))
                except Exception:  # spelling is a comfort; the checks work without it
                    self.speller = None
                self._signals.ready.emit()
            except Exception:  # reported to the user, never raised in the worker
                self._signals.failed.emit(traceback.format_exc(limit=3))

        self._pool.start(_Job(load))

    def _on_ready(self) -> None:
        self.is_ready = True
        self.ready.emit()

    def _take_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _submit(self, compute, done: Signal) -> int:
        """Run ``compute`` in the worker; its result goes out on ``done`` with a request id."""
        request = self._take_id()

        def work():
            try:
                done.emit(request, compute())
            except Exception:  # reported to the user, never raised in the worker
                self._signals.failed.emit(traceback.format_exc(limit=3))

        if self.is_ready:
            self._pool.start(_Job(work))
        return request

    def analyse_story(self, snapshot) -> int:
        """``snapshot``: application.open_package.StorySnapshot of the story on screen."""
        from ecqwriter.application.open_package import analyse_story

        return self._submit(lambda: analyse_story(snapshot), self._signals.example_done)

    def check_package(self, package) -> int:
        """``package``: a snapshot the worker may read while the person types
        (OpenPackage.package_snapshot)."""
        from ecqwriter.application.open_package import check_open_package

        return self._submit(lambda: check_open_package(package), self._signals.package_done)

    def wait(self, msecs: int = 10000) -> bool:
        return self._pool.waitForDone(msecs)
