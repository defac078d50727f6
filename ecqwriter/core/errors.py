"""Exceptions the core raises; the CLI and the GUI decide how to tell the user.

Every error that concerns a file carries that file's path, so the message a user sees
always names the file and the problem in one line.
"""

from __future__ import annotations

from pathlib import Path


class EcqError(Exception):
    """Base class: a problem the user can understand and act on (never a bug)."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class PackageFileError(EcqError):
    """The file cannot be used as a package (not one, damaged, or too new)."""


class NotAPackageError(PackageFileError):
    """The file is not an ecqwriter package at all."""


class PackageCorruptError(PackageFileError):
    """The file is an ecqwriter package but it is damaged."""


class NewerSchemaError(PackageFileError):
    """The package was written by a newer version of ecqwriter."""


class PackageExistsError(EcqError):
    """Refusing to overwrite an existing file."""


class PackageReadOnlyError(EcqError):
    """A save was attempted on a package opened read-only."""


class PackageLockedError(EcqError):
    """Somebody else has the package open; the holder describes who."""

    def __init__(self, message: str, path: str | Path, holder: dict):
        super().__init__(message, path)
        self.holder = holder


class FrameworkError(EcqError):
    """A framework pack is missing, unknown or malformed."""


class InputTextError(EcqError):
    """A text file given as input cannot be read as UTF-8 narrative text."""


class UnsafePackageError(PackageCorruptError):
    """The file holds things a package never has (triggers, views, a changed schema).

    Such a file is never opened as it is: code in it could run on every save. A repaired
    copy that takes only the data can be made (``storage.repair``)."""

    def __init__(self, message: str, path: str | Path, problems: list[str]):
        super().__init__(message, path)
        self.problems = problems


def read_error_message(exc: OSError) -> str:
    """Why a file could not be read, in the words every message uses."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read the file"
    return f"cannot read the file ({exc.strerror or exc})"
