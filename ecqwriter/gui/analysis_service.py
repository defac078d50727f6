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

    def __init__(self, parent=None, analyzer_factory=None, personal_words=None):
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
        self._analyzer = None
        self._factory = analyzer_factory
        self.is_ready = False
        self._next_id = 0

    def start(self) -> None:
        def load():
            try:
                if self._factory is not None:
                    analyzer = self._factory()
                else:
                    from ecqwriter.application.checking import get_analyzer

                    analyzer = get_analyzer()
                analyzer.warm_up()
                self._analyzer = analyzer
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

    def analyse_example(self, text: str, framework_id: str, ecq_id: str, as_of, dismissed) -> int:
        return self._submit(lambda: self._analyzer.analyze_text(text, framework_id, ecq_id, as_of=as_of,
                                                                dismissed=dismissed, example_starts=[0]),
                            self._signals.example_done)

    def check_package(self, package) -> int:
        def check():
            from ecqwriter.application.checking import check_package

            return check_package(package, analyzer=self._analyzer)

        return self._submit(check, self._signals.package_done)

    def wait(self, msecs: int = 10000) -> bool:
        return self._pool.waitForDone(msecs)
