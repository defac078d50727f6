"""Bundled samples written out as package files (the core only reads them as text).

The application writes a fresh package file from a sample into the user's data folder, so
the bundled original can never be modified.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecqwriter.core.samples import DEFAULT_SAMPLE, load_sample
from ecqwriter.storage.packagefile import PackageFile


def materialise_sample(folder: Path, sample_id: str = DEFAULT_SAMPLE) -> Path:
    """Write a fresh copy of a sample as a package file in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # no spaces in the name: people type this path into a shell, and the app prints it
    target = folder / f"{sample_id}-{stamp}.ecq"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{sample_id}-{stamp}-{counter}.ecq"
    PackageFile.create(target, load_sample(sample_id), lock=False).close()
    return target
