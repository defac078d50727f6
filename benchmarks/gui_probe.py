"""One GUI measurement run (started by benchmarks/run.py in a fresh process).

Prints one JSON line: time from process start to the first painted main window, the 95th
percentile of keystroke handling with the 5,000-word benchmark package open, and peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def process_age_ms() -> float:
    """Milliseconds since this process was started (Linux /proc), else since import."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return (uptime - start_ticks / ticks) * 1000
    except (OSError, ValueError, IndexError):
        return (time.perf_counter() - _IMPORTED) * 1000


_IMPORTED = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.settings import AppSettings

    folder = Path(tempfile.mkdtemp(prefix="ecqwriter-bench-"))
    app = QApplication(sys.argv[:1])
    painted = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint and "at" not in painted:
                painted["at"] = process_age_ms()
            return False

    window = MainWindow(AppSettings(QSettings(str(folder / "s.ini"), QSettings.IniFormat)),
                        journal_dir=folder / "journal")
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    while "at" not in painted:
        app.processEvents()
    startup_ms = painted["at"]

    from benchmarks.run import benchmark_package
    from ecqwriter.storage.packagefile import PackageFile

    from ecqwriter.core.comments import example_target, new_comment

    # a reviewed package: comments along the example being typed into, one in its last paragraph
    package = benchmark_package()
    example = next(e for n in package.narratives.values() for e in n.examples)
    text = example.text
    for start in list(range(0, len(text) - 200, 200)) + [len(text) - 120]:
        package.comments.append(new_comment(example_target(example.id), text, start, start + 100, "Coach", "note"))
    path = folder / "bench.ecq"
    PackageFile.create(path, package, lock=False).close()
    window.analysis.start()
    window.documents.open_path(path)
    deadline = time.monotonic() + 60
    while window.state.report is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    editor = window.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    timings = []
    text = " I negotiated a cost-sharing agreement with four states in 2024."
    for character in text * 4:
        started = time.perf_counter()
        QTest.keyClick(editor, character)
        app.processEvents()
        timings.append((time.perf_counter() - started) * 1000)
        # let the debounced analysis fire now and then, as it would while a person types
        if len(timings) % 50 == 0:
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.002)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if window.state.session is not None:
        window.state.session.close()
        window.state.session = None
    window.analysis.wait(5000)
    print(json.dumps({"startup_window_ms": round(startup_ms, 1), "keystroke_p95_ms": round(p95, 2),
                      "rss_mb": round(rss_mb, 1), "keystrokes": len(timings)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
