"""Opening a path the user named, as a regular file of a sane size, without ever blocking.

A FIFO named as a package or a text file made reading hang for good, and a 3 GB sparse
file (57 kB on disk) was copied whole before anything looked at it. Every path that comes
from a user goes through ``open_regular``: it opens with ``O_NONBLOCK`` (so a FIFO cannot
stall the open), refuses anything that is not a regular file, and refuses a file over the
caller's size cap or one that is mostly holes, before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from ecqwriter.core.errors import EcqError, read_error_message

# a sparse file claims far more bytes than the disk holds; a real package or document never
# does (files this small are left alone: some file systems report no blocks for them)
_SPARSE_CHECK_FROM_BYTES = 4 * 1024 * 1024
_SPARSE_ALLOCATED_SHARE = 0.25

_KINDS = (
    (stat.S_ISDIR, "this is a folder, not a file"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not a file; nothing was read from it"),
    (stat.S_ISSOCK, "this is a socket, not a file"),
    (stat.S_ISCHR, "this is a device, not a file"),
    (stat.S_ISBLK, "this is a device, not a file"),
)


def _describe_kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "this is not a regular file"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 1e9 else f"{size / 1e9:,.1f} GB"


def check_regular(info: os.stat_result, path: Path, max_bytes: int | None, what: str,
                  error: type[EcqError] = EcqError) -> None:
    """Raise ``error`` naming the file unless ``info`` is a regular file within the cap."""
    if not stat.S_ISREG(info.st_mode):
        raise error(_describe_kind(info.st_mode), path)
    if max_bytes is not None and info.st_size > max_bytes:
        raise error(f"the file is too large to be {what} ({_megabytes(info.st_size)}; the limit is "
                    f"{_megabytes(max_bytes)})", path)
    allocated = getattr(info, "st_blocks", None)
    if (allocated is not None and info.st_size > _SPARSE_CHECK_FROM_BYTES
            and allocated * 512 < info.st_size * _SPARSE_ALLOCATED_SHARE):
        raise error(f"the file claims {_megabytes(info.st_size)} but holds only "
                    f"{_megabytes(allocated * 512)} on disk (a sparse file); it is not {what}", path)


def open_regular(path: str | Path, *, max_bytes: int | None, what: str,
                 error: type[EcqError] = EcqError) -> BinaryIO:
    """The file at ``path`` opened for binary reading, once it proved to be a regular file.

    ``what`` completes "it is not ..." and "too large to be ..." ("an ecqwriter package").
    Symbolic links are followed (a package may be reached through one); what they point to
    must pass the same checks."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise error(_describe_kind(stat.S_IFDIR), path) from None
    except OSError as exc:
        if exc.errno == getattr(os, "ENXIO", None):  # a FIFO with no writer, opened for reading
            raise error(_describe_kind(stat.S_IFIFO), path) from None
        raise error(read_error_message(exc), path) from None
    try:
        check_regular(os.fstat(fd), path, max_bytes, what, error)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: ordinary reads from here on
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, *, max_bytes: int | None, what: str,
                 error: type[EcqError] = EcqError) -> bytes:
    """The bytes of a regular file, read with a hard cap whatever its size claimed."""
    with open_regular(path, max_bytes=max_bytes, what=what, error=error) as handle:
        try:
            data = handle.read(max_bytes + 1) if max_bytes is not None else handle.read()
        except OSError as exc:
            raise error(read_error_message(exc), path) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise error(f"the file grew past the limit of {_megabytes(max_bytes)} while it was read", path)
    return data
