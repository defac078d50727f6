"""Run in a real X server at 1366x768 by tests/test_smoke_xvfb.py: open a package of each
criterion (and the 2025 sample's structured résumé), show its widest page, check that the window and its docks fit the screen and
save a screenshot of each. Prints one JSON line of what it measured."""

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

SCREEN = (1366, 768)


def main(out_dir: str) -> int:
    app = QApplication([])
    from ecqwriter.application.documents import materialise_sample
    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.panels.navigator import Node
    from ecqwriter.gui.settings import AppSettings

    work = Path(tempfile.mkdtemp())
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.IniFormat))
    window = MainWindow(settings, journal_dir=work / "journal", backups_dir=work / "backups")
    window.ask = lambda *args: True
    window.show()  # at the size it chooses for this screen: nobody resizes it first
    window.analysis.start()
    measured = {}
    cases = [("A", materialise_sample(work / "sample", "sample-opm-2006"), "details"),
             ("B", work / "b.ecq", "cdp"), ("C", work / "c.ecq", "idp"),
             ("resume", materialise_sample(work / "sample", "sample-opm-2025"), "resume")]
    for criterion, path, widest in cases:
        if criterion in ("A", "resume"):
            window.documents.open_path(path)
        else:
            window.documents.create_package(path, criterion, "opm-2006", "Pat Doe")
            if criterion == "C":
                from ecqwriter.core.idp import Activity, DevelopmentPlan, Target

                window.state.session.package.idp = DevelopmentPlan(targets=[Target(
                    "business-acumen", "financial-management", "Little evidence of budget formulation.",
                    [Activity("Detail to the budget office", "developmental-assignment", None, None,
                              "J. Rivera (SES)", "Leads one budget submission", "planned"),
                     Activity("Federal budget formulation course", "formal-training", None, None, "",
                              "Completes the course", "planned")])]).to_dict()
        window.navigator.setCurrentItem(window.navigator.item_for(Node(widest)))
        if criterion == "resume":  # the structured résumé editor, on its jobs and bullets
            window.resume_editor.tabs.setCurrentIndex(1)
            window.resume_editor.experience.bullets.setCurrentRow(1)
        waited = time.monotonic()
        while window.state.report is None and time.monotonic() - waited < 60:  # the checks, as a user sees them
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
        # the docks on screen (a dock tabbed behind another has no visible region)
        docks = [d.geometry() for d in window.findChildren(type(window.comments_dock))
                 if d.isVisible() and not d.visibleRegion().isEmpty()]
        measured[criterion] = {
            "minimum_width": window.minimumSizeHint().width(),
            "width": window.frameGeometry().width(),
            "height": window.frameGeometry().height(),
            "docks_inside": all(g.right() < SCREEN[0] and g.left() >= 0 for g in docks),
            "docks": len(docks),
            "geometry": [(g.left(), g.right()) for g in docks],
        }
        page = window.pages.currentWidget()
        measured[criterion]["page_fits"] = page.widget().minimumSizeHint().width() <= page.viewport().width() \
            if hasattr(page, "widget") else True
        window.grab().save(str(Path(out_dir) / f"window-1366x768-{criterion}.png"))
        if criterion == "resume":  # and scrolled down to the bullet: its ECQs and its story
            page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(Path(out_dir) / "window-1366x768-resume-bullets.png"))
    window.state.session.close()
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(measured))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
