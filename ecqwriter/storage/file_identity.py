"""What makes a package file *that* file for the people who share it, kept across a save.

Publishing a save by rename creates a new file, owned by whoever saved, with the mode the
process chose. In a group folder (setgid 2770, files 0660) a reviewer's save then left the
candidate's own package at 0600 owned by the reviewer: she could no longer read it. ACLs and
extended attributes were dropped the same way, and a hard link was split in two.

``capture`` records the file's mode, owner, group, link count and extended attributes (POSIX
ACLs are the ``system.posix_acl_*`` attributes); ``carry_over`` gives them to the new file
before it replaces the old one, and says what it could not give. ``how_to_publish`` decides,
from that, whether the save may replace the file or must write into it (RELIABILITY.md,
"Shared folders", has the evidence for the choice).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from dataclasses import dataclass, field

REPLACE = "replace"
WRITE_IN_PLACE = "in-place"


@dataclass(frozen=True)
class FileIdentity:
    mode: int  # permission bits, group and setgid included
    uid: int
    gid: int
    links: int
    attributes: dict[str, bytes] = field(default_factory=dict)


def capture(fd: int) -> FileIdentity:
    info = os.fstat(fd)
    return FileIdentity(stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid, info.st_nlink,
                        _attributes(fd))


def _attributes(fd: int) -> dict[str, bytes]:
    if not hasattr(os, "listxattr"):
        return {}
    found: dict[str, bytes] = {}
    try:
        names = os.listxattr(fd)
    except OSError:  # a file system without extended attributes
        return {}
    for name in names:
        with contextlib.suppress(OSError):
            found[name] = os.getxattr(fd, name)
    return found


def _effective_uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


@dataclass(frozen=True)
class PublishPlan:
    how: str  # REPLACE or WRITE_IN_PLACE
    reason: str  # "" for an ordinary replace; else what the user is told, in one clause


def how_to_publish(identity: FileIdentity | None) -> PublishPlan:
    """Replace the file (atomic) unless that would change who it belongs to or split it."""
    if identity is None or sys.platform == "win32":
        return PublishPlan(REPLACE, "")
    if identity.links > 1:
        return PublishPlan(WRITE_IN_PLACE, f"the file has {identity.links} names (hard links); saves are "
                           "written into it so that every name keeps seeing the same package")
    me = _effective_uid()
    if me is not None and me != 0 and identity.uid != me:
        return PublishPlan(WRITE_IN_PLACE, "the file belongs to another user; saves are written into it "
                           "so that it stays theirs, with its permissions")
    return PublishPlan(REPLACE, "")


def carry_over(identity: FileIdentity, fd: int) -> list[str]:
    """Give the new file (open at ``fd``, ours) the old file's identity; returns what failed."""
    failed: list[str] = []
    if hasattr(os, "fchown"):
        me = _effective_uid()
        uid = identity.uid if me == 0 else -1
        try:
            os.fchown(fd, uid, identity.gid)
        except OSError:
            failed.append("its group")
    # after chown: changing the owner or group clears set-id bits, so the mode goes last
    try:
        os.fchmod(fd, identity.mode)
    except OSError:
        failed.append("its permissions")
    for name, value in identity.attributes.items():
        try:
            os.setxattr(fd, name, value)
        except OSError:
            failed.append(f"the attribute {name}")
    # the new file may have inherited what the old one did not have (a folder's default ACL)
    for name in set(_attributes(fd)) - set(identity.attributes):
        try:
            os.removexattr(fd, name)
        except OSError:
            failed.append(f"no attribute {name}")
    return failed


def restore_mode(identity: FileIdentity, fd: int) -> None:
    """Writing into a file clears its set-group-ID bit; its owner (or root) puts it back."""
    if stat.S_IMODE(os.fstat(fd).st_mode) != identity.mode:
        with contextlib.suppress(OSError):
            os.fchmod(fd, identity.mode)


def matches(identity: FileIdentity, fd: int) -> bool:
    """Whether the file at ``fd`` now has the identity (what a test and a careful save check)."""
    now = capture(fd)
    return (now.mode, now.uid, now.gid, now.attributes) == (identity.mode, identity.uid, identity.gid,
                                                            identity.attributes)
