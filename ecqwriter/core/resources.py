"""Find the files the application ships (framework packs, samples, lexicons).

In a checkout they sit in ``resources/`` at the repository root; in an installed copy the
same folder is the ``ecqwriter.resources`` package (see pyproject.toml's package-dir).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path


@functools.cache
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller build unpacks beside the executable
    if frozen and (Path(frozen) / "ecqwriter" / "resources" / "frameworks").is_dir():
        return Path(frozen) / "ecqwriter" / "resources"
    try:
        import ecqwriter.resources as installed
    except ImportError:
        installed = None
    if installed is not None and installed.__file__ is not None:
        candidate = Path(installed.__file__).parent
        if (candidate / "frameworks").is_dir():
            return candidate
    if installed is not None and getattr(installed, "__path__", None):
        for entry in installed.__path__:
            if (Path(entry) / "frameworks").is_dir():
                return Path(entry)
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if (checkout / "frameworks").is_dir():
        return checkout
    raise FileNotFoundError(
        "ecqwriter's resources folder is missing; reinstall the application"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
