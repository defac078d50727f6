"""Start the desktop application: the window first, heavy work after it is shown."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ecqwriter import APP_NAME, __version__

# Set by the Xvfb smoke test and the README screenshot: save a picture of the window once
# the checks have run, then quit.
SCREENSHOT_ENV = "ECQWRITER_SMOKE_SCREENSHOT"


def no_display_problem() -> str:
    """Why the window cannot open here ("" if it can): on Linux a desktop session gives a
    display (X11 or Wayland); over SSH or in a console there is none."""
    if not sys.platform.startswith("linux"):
        return ""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return ("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): run it from a "
            "desktop session, or use the command line: ecqwriter --help")


def record_geometry(window, screenshot: str) -> None:
    """Beside the smoke screenshot: where the window stands on its screen, as a user sees it
    (the tests check that it fits a 1366x768 laptop without anyone resizing it)."""
    import json

    frame, area = window.frameGeometry(), window.screen().availableGeometry()
    Path(screenshot + ".json").write_text(json.dumps({
        "frame": [frame.left(), frame.top(), frame.width(), frame.height()],
        "screen": [area.left(), area.top(), area.width(), area.height()],
        "status_bar_visible": window.statusBar().isVisible(),
    }), encoding="utf-8")


def install_error_reporter(window) -> None:
    """An unexpected exception in a slot or timer becomes a message in the window, not a crash.

    Unsaved text stays in memory and in the recovery journal; the details go to standard error."""
    import traceback

    def report(kind, value, tb):
        traceback.print_exception(kind, value, tb, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt):
            return
        try:
            window.warn("Something went wrong",
                        f"ecqwriter hit an unexpected error ({kind.__name__}: {str(value)[:300]}).\n\n"
                        "Your text is still here and in the recovery journal. Save, and please report this.")
        except Exception:
            pass

    sys.excepthook = report


def run_app(package: Path | None = None, sample: bool = False, argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ecqwriter.core.resources import resource_path
    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.settings import AppSettings
    from ecqwriter.gui.theme import apply_theme

    from ecqwriter.application.documents import default_backups_dir, tidy_working_files

    os.umask(0o077)  # whatever Qt or a library writes for us is the user's only
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("ecqwriter")
    app.setWindowIcon(QIcon(str(resource_path("icons", "ecqwriter.svg"))))
    settings = AppSettings()
    apply_theme(app, settings.theme)
    # one backup of each package before the first save of every session
    window = MainWindow(settings, backups_dir=default_backups_dir())
    install_error_reporter(window)
    tidy_working_files()
    window.show()
    screenshot = os.environ.get(SCREENSHOT_ENV)

    def after_show():
        window.analysis.start()
        if package is None and not sample:
            window.documents.check_recovery()
        if sample:
            from ecqwriter.core.errors import EcqError
            from ecqwriter.application.documents import copy_sample

            try:
                copy = copy_sample()
                print(f"ecqwriter: opened a copy of the sample: {copy}")
                window.documents.open_path(copy)
            except EcqError as exc:
                window.warn("Cannot open the sample", str(exc))
        elif package is not None:
            window.documents.open_path(Path(package))
        if screenshot:
            def capture():
                window.checksUpdated.disconnect(capture)
                # let the highlighter and gutter paint the results before the picture
                QTimer.singleShot(300, lambda: (window.grab().save(screenshot), record_geometry(window, screenshot),
                                                window.close(), app.quit()))

            window.checksUpdated.connect(capture)
            QTimer.singleShot(90_000, lambda: app.exit(3))

    QTimer.singleShot(0, after_show)
    return app.exec()  # 0 on a normal quit; 3 when the smoke screenshot timed out
