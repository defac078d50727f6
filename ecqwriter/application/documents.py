"""Packages as documents: create, read, open for editing, recover, repair; the samples."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.core.formats import load_format
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Package
from ecqwriter.storage.backup import default_backups_dir
from ecqwriter.storage.exchange import Identity
from ecqwriter.storage.lock import describe_holder, read_holder
from ecqwriter.storage.packagefile import PackageFile, read_package
from ecqwriter.storage.recovery import pending_recoveries
from ecqwriter.storage.repair import RepairReport, repair_package, repaired_name
from ecqwriter.storage.samples import materialise_sample
from ecqwriter.application.open_package import OpenPackage
from ecqwriter.storage.session import DEFAULT_AUTOSAVE_SECONDS, EditingSession
from ecqwriter.storage.workcopy import remove_orphans

# how long a command-line writer waits for another writer of the same package
WRITER_WAIT_SECONDS = 15.0

__all__ = [
    "DEFAULT_AUTOSAVE_SECONDS", "EditingSession", "Identity", "OpenPackage", "RepairReport", "WRITER_WAIT_SECONDS",
    "create_package", "create_session", "default_backups_dir", "materialise_sample", "open_for_writing",
    "copy_sample", "sample_menu", "sample_names", "samples_folder", "write_sample",
    "open_session", "pending_recoveries", "read_package", "repair", "repaired_name", "tidy_working_files",
    "held_by_someone_else", "how_saves_reach",
]


def held_by_someone_else(path: str | Path) -> str | None:
    """Who has the package open now ("Pat on LAPTOP-7 since ..."), or None; reads the lock,
    never takes it."""
    holder = read_holder(Path(path))
    return describe_holder(holder) if holder is not None else None


def new_package(criterion: str, framework_id: str, candidate: str = "",
                application_format: str | None = None) -> Package:
    """A new package; without an application format, the framework's default (resume-only
    for the 2025 ECQs, narratives for the 2006 ECQs)."""
    framework = load_framework(framework_id)
    if application_format is not None:
        load_format(application_format)  # one clear message for an unknown format
    return Package.new(criterion, framework, candidate, application_format)


def create_package(path: str | Path, criterion: str, framework_id: str, candidate: str = "",
                   application_format: str | None = None) -> Package:
    """A new package file (not kept open): the command line's ``new``."""
    package = new_package(criterion, framework_id, candidate, application_format)
    PackageFile.create(path, package, lock=False).close()
    return package


def create_session(path: str | Path, criterion: str, framework_id: str, candidate: str = "",
                   application_format: str | None = None, **options) -> OpenPackage:
    """A new package, open for editing (the window's New)."""
    return OpenPackage(EditingSession.create(
        path, new_package(criterion, framework_id, candidate, application_format), **options))


def open_session(path: str | Path, *, read_only: bool = False, force_lock: bool = False,
                 **options) -> OpenPackage:
    """A package open for editing, with autosave, recovery journal and backups."""
    return OpenPackage(EditingSession.open(path, read_only=read_only, force_lock=force_lock, **options))


def adopt_recovered(path: str | Path, package: Package, **options) -> OpenPackage:
    """A recovered package written to ``path``, open for editing."""
    return OpenPackage(EditingSession.create(path, package, **options))


def open_for_writing(path: str | Path) -> PackageFile:
    """A package opened by a command that changes it; waits a while for another writer."""
    return PackageFile.open(path, wait_seconds=WRITER_WAIT_SECONDS)


def how_saves_reach(path: str | Path) -> str:
    """Why saves are written into this file rather than replacing it (another user's file, a
    hard link), or "" for an ordinary file: what a writer tells the user after saving."""
    import os

    from ecqwriter.storage.file_identity import capture, how_to_publish

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    try:
        return how_to_publish(capture(fd)).reason
    finally:
        os.close(fd)


def repair(path: str | Path, output: str | Path | None = None) -> RepairReport:
    """A clean copy of a package refused as unsafe; the original is never touched."""
    return repair_package(path, output or repaired_name(path))


def samples_folder() -> Path:
    """Where the copies of bundled samples the app opens are kept (the user's data folder)."""
    import platformdirs

    from ecqwriter import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "samples"


def copy_sample(name: str | None = None) -> Path:
    """A fresh copy of a bundled sample (the default one without ``name``) in the samples
    folder, to open; the bundled original is never touched."""
    from ecqwriter.core.samples import DEFAULT_SAMPLE

    return materialise_sample(samples_folder(), name or DEFAULT_SAMPLE)


def sample_menu() -> list[tuple[str, str]]:
    """(name, label in words) of every bundled sample, for the window's menu."""
    from ecqwriter.core.samples import sample_ids, sample_menu_label

    return [(name, sample_menu_label(name)) for name in sample_ids()]


def sample_names() -> list[tuple[str, str]]:
    """(name, description) of every bundled sample."""
    from ecqwriter.core.samples import sample_description, sample_ids

    return [(name, sample_description(name)) for name in sample_ids()]


def write_sample(name: str, path: str | Path) -> Path:
    """A copy of a bundled sample as a new package file at ``path`` (never overwritten)."""
    from ecqwriter.core.errors import EcqError
    from ecqwriter.core.samples import load_sample, sample_ids

    if name not in sample_ids():
        raise EcqError(f"no bundled sample named '{name}' (choose one of: {', '.join(sample_ids())})")
    PackageFile.create(path, load_sample(name), lock=False).close()
    return Path(path)


def tidy_working_files() -> None:
    """Remove working copies no running ecqwriter owns (left by a crash)."""
    remove_orphans()
