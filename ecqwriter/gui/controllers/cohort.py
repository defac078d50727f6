"""File ▸ Open folder: a cohort view per folder, whose double-click opens a package here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ecqwriter.gui.dialogs.cohort import CohortWindow
from ecqwriter.gui.host import WindowHost


class CohortController:
    def __init__(self, window: WindowHost):
        self.window = window
        self.views: list[CohortWindow] = []

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Open a folder of packages")
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path, *, jobs: int | None = None) -> CohortWindow:
        view = CohortWindow(folder, None, jobs=jobs)
        view.openRequested.connect(self._open)
        view.destroyed.connect(lambda *_: self.views.remove(view) if view in self.views else None)
        self.views.append(view)
        view.show()
        view.start()
        return view

    def _open(self, path: Path, read_only: bool) -> None:
        w = self.window
        if w.documents.open_path(path, read_only=read_only):
            if read_only:
                w.show_status(f"{path.name} is open elsewhere: opened read-only.", 8000)
            w.raise_()
            w.activateWindow()

    def close_all(self) -> None:
        for view in list(self.views):
            view.close()
