"""The app's own folders for temporary copies of a user's work.

A package's text must never sit in the system's shared temporary folder: working copies and
the files handed to LibreOffice live in a user-only folder under the app's state folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def private_root() -> Path:
    import platformdirs

    root = Path(platformdirs.user_state_dir("ecqwriter", appauthor=False)) / "working"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(root, 0o700)
    return root


@contextlib.contextmanager
def private_temporary_folder(prefix: str = "tmp-"):
    """A user-only temporary folder inside the app's own folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=private_root()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
