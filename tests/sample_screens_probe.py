"""Run in a real X server at 1366x768 by tests/test_smoke_xvfb.py: open each bundled sample
as a user does (a copy, opened as a file), wait for the checks, and photograph the first
screen. Prints one JSON line: each sample's node on screen and the margin's marks."""

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def main(out_dir: str) -> int:
    app = QApplication([])
    from ecqwriter.application.documents import materialise_sample
    from ecqwriter.core.samples import sample_ids
    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.settings import AppSettings

    work = Path(tempfile.mkdtemp())
    measured = {}
    for sample in sample_ids():
        settings = AppSettings(QSettings(str(work / f"{sample}.ini"), QSettings.IniFormat))
        window = MainWindow(settings, journal_dir=work / "journal", backups_dir=work / "backups")
        window.ask = lambda *args: True
        window.show()
        window.analysis.start()
        window.documents.open_path(materialise_sample(work / sample, sample))
        waited = time.monotonic()
        # the checks of the story on screen, as a user waits for them
        while (window.state.report is None or window.state.example_result is None) and time.monotonic() - waited < 60:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
        text = window.editor.toPlainText()
        marks = [(text[:position].count("\n\n"), label) for position, label in window.editor.gutter_marks()]
        measured[sample] = {"node": str(window.state.current), "marks": marks,
                            "openings": [p[:60] for p in text.split("\n\n")]}
        window.grab().save(str(Path(out_dir) / f"first-screen-{sample}.png"))
        if window.state.session is not None:
            window.state.session.close()
            window.state.session = None
        window.analysis.wait(5000)
        window.close()
    print(json.dumps(measured))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
