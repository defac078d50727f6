"""What the window's parts share, in one object: the open package, its framework, the part on
screen, and the latest check results. Each is a typed property that says when it changes, so
a part that shows one of them subscribes to its signal instead of being told by whoever
changed it (novelWriter's SharedData is the model).

The controllers change the state; the window only builds the parts and wires them to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ecqwriter.application.open_package import OpenPackage
from ecqwriter.core.frameworks import Framework
from ecqwriter.gui.panels.navigator import Node


class WindowState(QObject):
    sessionChanged = Signal()  # a package was opened, closed or saved under another name
    frameworkChanged = Signal()  # its framework (with the format's page rules) changed
    currentChanged = Signal()  # another part of the package is on screen
    reportChanged = Signal()  # a new package report arrived
    storyResultChanged = Signal()  # a new analysis of the story on screen arrived

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._session: OpenPackage | None = None
        self._framework: Framework | None = None
        self._current: Node | None = None
        self._report = None
        self._example_result = None

    @property
    def session(self) -> OpenPackage | None:
        """The package open in the window (application.open_package), or None."""
        return self._session

    @session.setter
    def session(self, session: OpenPackage | None) -> None:
        self._session = session
        if session is None:
            self._report = self._example_result = None
        self.sessionChanged.emit()

    @property
    def framework(self) -> Framework | None:
        return self._framework

    @framework.setter
    def framework(self, framework: Framework | None) -> None:
        self._framework = framework
        self.frameworkChanged.emit()

    @property
    def current(self) -> Node | None:
        """The part of the package on screen (a story, the résumé, the details...)."""
        return self._current

    @current.setter
    def current(self, node: Node | None) -> None:
        if node != self._current:
            self._current = node
            self.currentChanged.emit()

    @property
    def report(self):
        """The latest package report (analysis.package_check.PackageReport), or None."""
        return self._report

    @report.setter
    def report(self, report) -> None:
        self._report = report
        self.reportChanged.emit()

    @property
    def example_result(self):
        """The latest analysis of the story on screen (analysis.results.NarrativeAnalysis)."""
        return self._example_result

    @example_result.setter
    def example_result(self, result) -> None:
        self._example_result = result
        self.storyResultChanged.emit()
