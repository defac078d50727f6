"""One package, one SQLite file, never edited in place.

The file is SQLite used as an application file format. ecqwriter never opens the user's file
with SQLite: opening copies its bytes into a private working file (``workcopy``), checks that
copy's schema against the exact schema of its version (``guarded_sqlite``) and reads it with
every value's type validated (``values``). Saving commits to the working file and then
publishes it by one atomic replace, under an exclusive lock, only if the package on disk is
still the version this session read. RELIABILITY.md explains why.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import struct
from pathlib import Path

from ecqwriter.core.errors import (
    NewerSchemaError,
    NotAPackageError,
    PackageCorruptError,
    PackageExistsError,
    PackageFileError,
    PackageReadOnlyError,
    UnsafePackageError,
    read_error_message,
)
from ecqwriter import __version__
from ecqwriter.core.model import Example, Package
from ecqwriter.storage import in_place, package_rows, schema, values, workcopy
from ecqwriter.storage.exchange import Identity, SaveRecord, SeenText
from ecqwriter.storage.guarded_sqlite import GuardedConnection, QueryTimeout, connect, create_schema, schema_problems
from ecqwriter.storage.lock import PackageLock
from ecqwriter.storage.revisions import AUTO_SNAPSHOT_INTERVAL, Revision, revisions_to_drop

PACKAGE_SUFFIX = ".ecq"
FILE_MODE = workcopy.FILE_MODE


def read_header(path: Path) -> tuple[int, int]:
    """(user_version, application_id) from the SQLite header; refuses anything else."""
    with workcopy.open_package_bytes(path) as handle:
        try:
            header = handle.read(100)
        except OSError as exc:
            raise PackageFileError(read_error_message(exc), path) from None
    if len(header) == 0:
        raise NotAPackageError("the file is empty; it is not an ecqwriter package", path)
    if not header.startswith(schema.SQLITE_HEADER):
        raise NotAPackageError("not an ecqwriter package (this is not a package file)", path)
    if len(header) < 100:
        raise PackageCorruptError("the package file is truncated (its header is incomplete)", path)
    user_version = struct.unpack_from(">i", header, schema.HEADER_USER_VERSION_OFFSET)[0]
    application_id = struct.unpack_from(">i", header, schema.HEADER_APPLICATION_ID_OFFSET)[0]
    return user_version, application_id


def _check_header(path: Path, *, read_only: bool) -> int:
    """The file format version, once the header says this is a package we can read."""
    user_version, application_id = read_header(path)
    if application_id != schema.APPLICATION_ID:
        raise NotAPackageError("this is a database of some other program, not an ecqwriter package", path)
    if user_version > schema.SCHEMA_VERSION:
        raise NewerSchemaError(
            f"this package was saved by a newer version of ecqwriter (file format "
            f"{user_version}, this version reads up to {schema.SCHEMA_VERSION}); update ecqwriter to open it",
            path,
        )
    if user_version < 1:
        raise PackageCorruptError("the package has no format version; it is damaged", path)
    if not read_only and workcopy.read_only_on_disk(path):
        raise PackageFileError("the file is read-only; open it read-only or save a copy elsewhere", path)
    return user_version


def open_working_copy(working: Path) -> GuardedConnection:
    db = connect(working)
    # the working file is private and disposable: the user's file is only ever replaced
    # whole, so durability comes from publishing, not from the working file's journal
    db.execute("PRAGMA journal_mode = MEMORY")
    db.execute("PRAGMA synchronous = OFF")
    return db


def validate_working_copy(db: GuardedConnection, version: int, path: Path) -> None:
    """Refuse a copy whose schema is not exactly a package's, or whose pages are damaged."""
    try:
        problems = schema_problems(db, version)
    except sqlite3.Error as exc:
        raise PackageCorruptError(f"the package file is damaged ({exc})", path) from None
    if problems:
        listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise UnsafePackageError(
            f"this file holds things an ecqwriter package never has ({listed}), so it was not "
            "opened and was left untouched. A repaired copy with only its data can be made "
            "(File > Open, or 'ecqwriter repair')",
            path, problems,
        )
    try:
        check = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise PackageCorruptError(f"the package file is damaged ({exc})", path) from None
    if check is None or check[0] != "ok":
        raise PackageCorruptError(
            f"the package file is damaged (integrity check: {check[0] if check else 'no answer'})", path)


class PackageFile:
    """An open package. Use ``create`` or ``open``; ``close`` releases the lock and the working copy."""

    def __init__(self, path: Path, working: Path, connection: GuardedConnection, read_only: bool,
                 disk: workcopy.DiskState | None):
        self.path = path
        self.working = working
        self._db = connection
        self.read_only = read_only
        self._disk = disk
        self.lock: PackageLock | None = None
        self.migrated_from: int | None = None

    # ------------------------------------------------------------------ creation / opening

    @classmethod
    def create(cls, path: str | Path, package: Package, *, lock: bool = True) -> PackageFile:
        """Write a new package file; refuses to overwrite anything that exists."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise PackageExistsError("a file with this name exists; it was left untouched", path)
        if not path.parent.is_dir():
            raise PackageFileError("the folder does not exist", path.parent)
        working = workcopy.new_working_file(beside=path.parent)
        try:
            db = open_working_copy(working)
            try:
                db.execute("BEGIN")
                create_schema(db, schema.SCHEMA_VERSION)
                db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                package_rows.write_rows(db, package)
                db.execute("COMMIT")
            finally:
                db.close()
            try:
                workcopy.publish(working, path, expected=None)
            except PackageFileError as exc:
                if "appeared meanwhile" in exc.message:
                    raise PackageExistsError(exc.message, path) from None
                raise
        except sqlite3.Error as exc:
            raise PackageFileError(f"cannot write the new package ({exc})", path) from None
        finally:
            workcopy.discard(working)
        return cls.open(path, lock=lock)

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, lock: bool = True, force_lock: bool = False,
             wait_seconds: float = 0.0) -> PackageFile:
        """Open and validate a package. A lock held elsewhere raises PackageLockedError.

        Read-only opens never take the lock and never write anything beside the file; an
        older file format is then upgraded in the private copy only."""
        path = Path(path)
        if not read_only:  # a save of ours killed while writing into a shared file (readers: at start)
            in_place.finish_interrupted_writes()
        version = _check_header(path, read_only=read_only)
        taken = None
        if lock and not read_only:
            # before reading, so that two writers take turns instead of both reading one version
            taken = PackageLock.acquire(path, force=force_lock, wait_seconds=wait_seconds)
            workcopy.sweep_orphan_temporaries(Path(os.path.realpath(path)).parent)  # left by a killed save
        working = db = None
        try:
            working, disk = workcopy.snapshot(path)
            try:
                db = open_working_copy(working)
            except sqlite3.Error as exc:
                raise PackageCorruptError(f"the package file is damaged ({exc})", path) from None
            validate_working_copy(db, version, path)
            opened = cls(path, working, db, read_only, disk)
            try:
                if version < schema.SCHEMA_VERSION:
                    opened._migrate(version)
                opened.package = opened._load()
            except QueryTimeout:
                raise PackageCorruptError("reading the package took too long and was stopped; "
                                          "the file is damaged or hostile", path) from None
            except sqlite3.Error as exc:
                raise PackageCorruptError(f"the package's contents are damaged ({exc})", path) from None
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                raise PackageCorruptError(f"the package's contents are invalid ({exc})", path) from None
        except BaseException:
            if db is not None:
                db.close()
            if working is not None:
                workcopy.discard(working)
            if taken is not None:
                taken.release()
            raise
        opened.lock = taken
        return opened

    def _migrate(self, from_version: int) -> None:
        if not self.read_only:
            # the old file stays beside the new one until the user deletes it
            backup = self.path.with_name(f"{self.path.name}.v{from_version}.bak")
            if not backup.exists():
                workcopy.copy_file(self.working, backup)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for version, sql in schema.migration_steps(from_version):
                for statement in schema.statements(sql):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version}")
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        self.migrated_from = from_version
        if not self.read_only:
            self._publish()

    # ------------------------------------------------------------------ reading

    def _load(self) -> Package:
        return package_rows.read_rows(self._db)

    def revisions(self, example_id: str) -> list[Revision]:
        found = [
            Revision(values.integer(rid), values.text(eid), values.moment(created), values.optional_text(name),
                     values.text(text))
            for rid, eid, created, name, text in self._db.execute(
                "SELECT id, example_id, created, name, text FROM revisions WHERE example_id = ?",
                (example_id,),
            )
        ]
        return sorted(found, key=lambda r: (r.created, r.id), reverse=True)

    def save_log(self) -> list[SaveRecord]:
        """Who saved this file when, oldest first (kept from file format 3 on)."""
        return [
            SaveRecord(values.integer(sid), values.text(author), values.text(role), values.text(host),
                       values.moment(saved), values.text(version))
            for sid, author, role, host, saved, version in self._db.execute(
                "SELECT id, author, role, host, saved, app_version FROM saves ORDER BY id"
            )
        ]

    def seen_by(self, author: str) -> dict[str, SeenText]:
        """The texts as ``author`` had them at their last save, by comment target key."""
        return {
            values.text(target): SeenText(values.text(target), values.text(text), values.moment(seen))
            for target, text, seen in self._db.execute(
                "SELECT target, text, seen FROM seen WHERE author = ?", (author,)
            )
        }

    def people(self) -> list[str]:
        """Everybody who has saved this file, in order of their first save."""
        return [values.text(row[0]) for row in self._db.execute(
            "SELECT author FROM saves GROUP BY author ORDER BY MIN(id)")]

    # ------------------------------------------------------------------ writing

    def save(self, package: Package, *, now: dt.datetime | None = None,
             identity: Identity | None = None) -> None:
        """Write the whole package in one transaction, with automatic revision snapshots,
        then publish it over the user's file in one atomic step.

        With an ``identity`` the save is logged under that name, and the texts saved
        become what that person has seen (the exchange between candidate and reviewer)."""
        if self.read_only:
            raise PackageReadOnlyError("this package is open read-only; save a copy instead", self.path)
        now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        package.modified = now
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                _renumber_exhausted_keys(self._db)
                package_rows.write_rows(self._db, package)
                self._auto_snapshots(package, now)
                if identity is not None:
                    _record_save(self._db, package, identity, now)
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.OperationalError as exc:
            raise PackageFileError(_explain_write_error(exc, self.working), self.path) from None
        except sqlite3.Error as exc:
            raise PackageFileError(f"the save failed and was undone ({exc})", self.path) from None
        self._publish()
        self.package = package

    def _publish(self) -> None:
        self._disk = workcopy.publish(self.working, self.path, self._disk)

    @property
    def sharing_note(self) -> str:
        """How saves reach this file when not by replacing it (another user's file, hard
        links); empty for an ordinary file. Known after the first save."""
        return self._disk.note if self._disk is not None else ""

    def snapshot(self, example: Example, name: str, *, now: dt.datetime | None = None) -> None:
        """Keep a named copy of an example's current text (never thinned)."""
        if self.read_only:
            raise PackageReadOnlyError("this package is open read-only", self.path)
        created = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
        self._db.execute(
            "INSERT INTO revisions (example_id, created, name, text) VALUES (?, ?, ?, ?)",
            (example.id, created.isoformat(), name, example.text),
        )
        self._publish()

    def _auto_snapshots(self, package: Package, now: dt.datetime) -> None:
        for narrative in package.narratives.values():
            for example in narrative.examples:
                history = self.revisions(example.id)
                if history and history[0].text == example.text:
                    continue
                latest_auto = next((r for r in history if r.automatic), None)
                if latest_auto is not None and now - latest_auto.created < AUTO_SNAPSHOT_INTERVAL:
                    self._db.execute(
                        "UPDATE revisions SET text = ?, created = ? WHERE id = ?",
                        (example.text, now.isoformat(), latest_auto.id),
                    )
                elif example.text.strip():
                    self._db.execute(
                        "INSERT INTO revisions (example_id, created, name, text) "
                        "VALUES (?, ?, NULL, ?)",
                        (example.id, now.isoformat(), example.text),
                    )
                for rid in revisions_to_drop(self.revisions(example.id), now):
                    self._db.execute("DELETE FROM revisions WHERE id = ?", (rid,))

    def _rollback(self) -> None:
        # SQLite ends the transaction itself on some errors (a full disk among them); a
        # second ROLLBACK would then fail and hide the real cause from the user
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def copy_to(self, path: Path) -> None:
        """A copy of this package, history included, at a new path (user-only, never
        overwriting). Works even when the original was deleted meanwhile."""
        workcopy.copy_file(self.working, Path(path))

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            workcopy.discard(self.working)
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def __enter__(self) -> PackageFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_COUNTED_TABLES = ("revisions", "saves")  # INTEGER PRIMARY KEY AUTOINCREMENT


def _renumber_exhausted_keys(db) -> None:
    """A damaged file can hold an id at the top of the integer range; AUTOINCREMENT then has
    no next id and SQLite reports the database as full. Renumber such a table in order."""
    for table in _COUNTED_TABLES:
        top = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        if isinstance(top, int) and top > 2**62:
            db.execute(f"UPDATE {table} SET id = -id")  # out of the way of the new numbers
            db.execute(f"UPDATE {table} SET id = (SELECT count(*) FROM {table} AS t WHERE t.id >= {table}.id)")
            db.execute("UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM " + table + ") WHERE name = ?",
                       (table,))


def _explain_write_error(exc: sqlite3.OperationalError, working: Path) -> str:
    text = str(exc).lower()
    if "full" in text:
        # the save is prepared in the working copy, which may live on another disk than the package
        return (f"the disk is full; nothing was changed. It holds ecqwriter's working copy ({working.parent}): "
                "free some space there, or use Save As to save to a folder on a disk with room (ecqwriter "
                "then works beside that file)")
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only; nothing was changed. Save elsewhere"
    if "locked" in text or "busy" in text:
        return "another program is writing to the package; nothing was changed. Try again"
    if "disk i/o" in text:
        return "a disk error stopped the save; nothing was changed. Save elsewhere"
    return f"the save failed and was undone ({exc})"


def _record_save(db, package: Package, identity: Identity, now: dt.datetime) -> None:
    import socket

    host = socket.gethostname()
    last = db.execute("SELECT id, author, host FROM saves ORDER BY id DESC LIMIT 1").fetchone()
    if last is not None and (last[1], last[2]) == (identity.name, host):
        # autosave runs every few seconds: one row per turn of a person, not per save
        db.execute("UPDATE saves SET role = ?, saved = ?, app_version = ? WHERE id = ?",
                   (identity.role, now.isoformat(), __version__, last[0]))
    else:
        db.execute("INSERT INTO saves (author, role, host, saved, app_version) VALUES (?, ?, ?, ?, ?)",
                   (identity.name, identity.role, host, now.isoformat(), __version__))
    db.execute("DELETE FROM seen WHERE author = ?", (identity.name,))
    db.executemany("INSERT INTO seen (author, target, text, seen) VALUES (?, ?, ?, ?)",
                   [(identity.name, target, text, now.isoformat()) for target, text in package.texts().items()])


def read_package(path: str | Path) -> Package:
    """The package stored in a file, without changing the file or taking its lock.

    The file is read through a private copy, so checking a colleague's package never writes
    beside it, and an older file format is upgraded in that copy only."""
    with PackageFile.open(path, read_only=True, lock=False) as opened:
        return opened.package


def read_package_and_last_save(path: str | Path):
    """The package and who saved it last (a SaveRecord, or None for a file never saved with
    a save log), read as ``read_package`` reads: no lock, nothing written beside it."""
    with PackageFile.open(path, read_only=True, lock=False) as opened:
        log = opened.save_log()
        return opened.package, (log[-1] if log else None)
