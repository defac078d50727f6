"""The window's answer to a package refused as unsafe: offer a repaired copy with only its data.

Kept out of the main window: it only needs the window's small interface (ask, warn,
open_path and the status bar)."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.core.errors import EcqError, UnsafePackageError


def offer_repaired_copy(window, path: Path, error: UnsafePackageError) -> bool:
    """Ask, write ``NAME (repaired).ecq`` beside the original (never changed), open it."""
    from ecqwriter.application.documents import repair, repaired_name

    target = repaired_name(path)
    question = (f"{error}\n\nThe original stays as it is. Open a repaired copy that keeps only the "
                f"package's data, saved as\n{target}?")
    if not window.ask("Package refused as unsafe", question):
        return False
    try:
        report = repair(path, target)
    except EcqError as exc:
        window.warn("Cannot repair the package", str(exc))
        return False
    if not window.documents.open_path(target):
        return False
    left = "; ".join(report.left_behind) or "nothing"
    window.statusBar().showMessage(f"Opened a repaired copy; left behind: {left}", 15000)
    return True
