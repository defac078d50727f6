"""One package, one SQLite file.

The file is SQLite used as an application file format: rollback-journal mode (so a closed
package is a single file you can e-mail), ``synchronous=FULL``, every save one
transaction, created with user-only permissions. Opening validates the header before
SQLite touches the file, so a foreign or damaged file is refused and never modified.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import struct
from pathlib import Path

from ecqwriter.core.errors import (
    EcqError,
    NewerSchemaError,
    NotAPackageError,
    PackageCorruptError,
    PackageExistsError,
    PackageFileError,
    PackageReadOnlyError,
)
from ecqwriter import __version__
from ecqwriter.core.comments import Comment, Reply, clamp_anchors
from ecqwriter.core.model import CdpRecord, Candidate, Criterion, Example, Narrative, Package
from ecqwriter.storage import schema
from ecqwriter.storage.exchange import Identity, SaveRecord, SeenText
from ecqwriter.storage.lock import PackageLock
from ecqwriter.storage.revisions import AUTO_SNAPSHOT_INTERVAL, Revision, revisions_to_drop

PACKAGE_SUFFIX = ".ecq"
FILE_MODE = 0o600


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def read_header(path: Path) -> tuple[int, int]:
    """(user_version, application_id) from the SQLite header; refuses anything else."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise PackageFileError("no such file", path) from None
    except IsADirectoryError:
        raise PackageFileError("this is a folder, not a package file", path) from None
    except PermissionError:
        raise PackageFileError("permission denied: cannot read the file", path) from None
    except OSError as exc:
        raise PackageFileError(f"cannot read the file ({exc.strerror})", path) from None
    if len(header) == 0:
        raise NotAPackageError("the file is empty; it is not an ecqwriter package", path)
    if not header.startswith(schema.SQLITE_HEADER):
        raise NotAPackageError("not an ecqwriter package (this is not a package file)", path)
    if len(header) < 100:
        raise PackageCorruptError("the package file is truncated (its header is incomplete)", path)
    user_version = struct.unpack_from(">i", header, schema.HEADER_USER_VERSION_OFFSET)[0]
    application_id = struct.unpack_from(">i", header, schema.HEADER_APPLICATION_ID_OFFSET)[0]
    return user_version, application_id


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0)
    connection.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
    return connection


class PackageFile:
    """An open package file. Use ``create`` or ``open``; ``close`` releases the lock."""

    def __init__(self, path: Path, connection: sqlite3.Connection, read_only: bool):
        self.path = path
        self._db = connection
        self.read_only = read_only
        self.lock: PackageLock | None = None
        self._identity = self._file_identity()
        self._data_version = self._current_data_version()
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
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except PermissionError:
            raise PackageFileError("permission denied: cannot create a file here", path) from None
        except OSError as exc:
            raise PackageFileError(f"cannot create the file ({exc.strerror})", path) from None
        os.close(fd)
        try:
            db = _connect(tmp, read_only=False)
            try:
                db.execute("BEGIN")
                for _version, sql in schema.migration_steps(0):
                    for statement in _statements(sql):
                        db.execute(statement)
                db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                _write_package(db, package)
                db.execute("COMMIT")
            finally:
                db.close()
            # link() never replaces an existing file, so a race cannot clobber one
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise PackageExistsError(
                    "a file with this name appeared meanwhile; it was left untouched", path
                ) from None
            except OSError:
                if path.exists():
                    raise PackageExistsError("a file with this name exists", path) from None
                os.replace(tmp, path)  # file systems without hard links
        except sqlite3.Error as exc:
            raise PackageFileError(f"cannot write the new package ({exc})", path) from None
        finally:
            if tmp.exists():
                tmp.unlink()
        opened = cls.open(path, lock=lock)
        return opened

    @classmethod
    def open(
        cls, path: str | Path, *, read_only: bool = False, lock: bool = True, force_lock: bool = False
    ) -> PackageFile:
        """Open and validate a package. A lock held elsewhere raises PackageLockedError."""
        path = Path(path)
        user_version, application_id = read_header(path)
        if application_id != schema.APPLICATION_ID:
            raise NotAPackageError(
                "this is a database of some other program, not an ecqwriter package", path
            )
        if user_version > schema.SCHEMA_VERSION:
            raise NewerSchemaError(
                f"this package was saved by a newer version of ecqwriter (file format "
                f"{user_version}, this version reads up to {schema.SCHEMA_VERSION}); "
                "update ecqwriter to open it",
                path,
            )
        if user_version < 1:
            raise PackageCorruptError("the package has no format version; it is damaged", path)
        if user_version < schema.SCHEMA_VERSION and read_only:
            raise PackageFileError(
                f"this package is in an older file format ({user_version}); open it for "
                "editing once so ecqwriter can upgrade it (a backup of the old file is kept)",
                path,
            )
        if not read_only and not os.access(path, os.W_OK):
            raise PackageFileError(
                "the file is read-only; open it read-only or save a copy elsewhere", path
            )
        try:
            db = _connect(path, read_only=read_only)
            check = db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error as exc:
            raise PackageCorruptError(f"the package file is damaged ({exc})", path) from None
        if check is None or check[0] != "ok":
            db.close()
            raise PackageCorruptError(
                f"the package file is damaged (integrity check: {check[0] if check else 'no answer'})",
                path,
            )
        opened = cls(path, db, read_only)
        try:
            if user_version < schema.SCHEMA_VERSION and not read_only:
                opened._migrate(user_version)
            opened.package = opened._load()
        except sqlite3.Error as exc:
            db.close()
            raise PackageCorruptError(f"the package's contents are damaged ({exc})", path) from None
        except (ValueError, KeyError, TypeError) as exc:
            db.close()
            raise PackageCorruptError(f"the package's contents are invalid ({exc})", path) from None
        if lock and not read_only:
            try:
                opened.lock = PackageLock.acquire(path, force=force_lock)
            except EcqError:
                db.close()
                raise
        return opened

    def _migrate(self, from_version: int) -> None:
        # keep the old file untouched beside the new one until the user deletes it
        backup = self.path.with_name(f"{self.path.name}.v{from_version}.bak")
        if not backup.exists():
            shutil.copy2(self.path, backup)
            os.chmod(backup, FILE_MODE)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for version, sql in schema.migration_steps(from_version):
                for statement in _statements(sql):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version}")
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        self.migrated_from = from_version
        self._identity = self._file_identity()
        self._data_version = self._current_data_version()

    # ------------------------------------------------------------------ reading

    def _load(self) -> Package:
        db = self._db
        row = db.execute(
            "SELECT criterion, framework_id, candidate_name, candidate_position, "
            "candidate_agency, target_position, announcement_number, resume, justification, "
            "idp_json, as_of, created, modified FROM package WHERE id = 1"
        ).fetchone()
        if row is None:
            raise ValueError("the package record is missing")
        idp = json.loads(row[9] or "{}")
        if not isinstance(idp, dict):
            raise ValueError("the development plan is not a JSON object")
        package = Package(
            criterion=Criterion(row[0]),
            framework_id=row[1],
            candidate=Candidate(name=row[2], current_position=row[3], agency=row[4]),
            target_position=row[5],
            announcement_number=row[6],
            resume=row[7],
            justification=row[8],
            idp=idp,
            as_of=_date(row[10]),
            created=_datetime(row[11]),
            modified=_datetime(row[12]),
        )
        cdp = db.execute(
            "SELECT program_name, agency, opm_approval_date, completion_date, "
            "erb_certification_date, start_date, training_hours, assignment_months, mentor "
            "FROM cdp WHERE id = 1"
        ).fetchone()
        if cdp is not None:
            package.cdp = CdpRecord(
                program_name=cdp[0],
                agency=cdp[1],
                opm_approval_date=_date(cdp[2]),
                completion_date=_date(cdp[3]),
                erb_certification_date=_date(cdp[4]),
                start_date=_date(cdp[5]),
                training_hours=cdp[6],
                assignment_months=cdp[7],
                mentor=cdp[8],
            )
        paragraphs: dict[str, list[str]] = {}
        for example_id, text in db.execute(
            "SELECT example_id, text FROM paragraphs ORDER BY example_id, position"
        ):
            paragraphs.setdefault(example_id, []).append(text)
        for example_id, ecq_id, title in db.execute(
            "SELECT id, ecq_id, title FROM examples ORDER BY ecq_id, position"
        ):
            narrative = package.narratives.setdefault(ecq_id, Narrative(ecq_id))
            narrative.examples.append(
                Example(title=title, paragraphs=paragraphs.get(example_id, []), id=example_id)
            )
        package.comments = _load_comments(db)
        clamp_anchors(package.comments, package.texts())
        package.dismissed = {
            (rule, location, fingerprint)
            for rule, location, fingerprint in db.execute(
                "SELECT rule, location, fingerprint FROM dismissals"
            )
        }
        try:
            from ecqwriter.core.frameworks import load_framework

            package.ensure_narratives(load_framework(package.framework_id))
        except EcqError:
            pass  # an unknown framework is reported by the checks, not a reason to refuse
        return package

    def revisions(self, example_id: str) -> list[Revision]:
        return [
            Revision(rid, eid, _datetime(created), name, text)
            for rid, eid, created, name, text in self._db.execute(
                "SELECT id, example_id, created, name, text FROM revisions "
                "WHERE example_id = ? ORDER BY created DESC, id DESC",
                (example_id,),
            )
        ]

    def save_log(self) -> list[SaveRecord]:
        """Who saved this file when, oldest first (kept from file format 3 on)."""
        return [
            SaveRecord(sid, author, role, host, _datetime(saved), version)
            for sid, author, role, host, saved, version in self._db.execute(
                "SELECT id, author, role, host, saved, app_version FROM saves ORDER BY id"
            )
        ]

    def seen_by(self, author: str) -> dict[str, SeenText]:
        """The texts as ``author`` had them at their last save, by comment target key."""
        return {
            target: SeenText(target, text, _datetime(seen))
            for target, text, seen in self._db.execute(
                "SELECT target, text, seen FROM seen WHERE author = ?", (author,)
            )
        }

    def people(self) -> list[str]:
        """Everybody who has saved this file, in order of their first save."""
        return [row[0] for row in self._db.execute(
            "SELECT author FROM saves GROUP BY author ORDER BY MIN(id)")]

    # ------------------------------------------------------------------ writing

    def save(self, package: Package, *, now: dt.datetime | None = None,
             identity: Identity | None = None) -> None:
        """Write the whole package in one transaction, with automatic revision snapshots.

        With an ``identity`` the save is logged under that name, and the texts saved
        become what that person has seen (the exchange between candidate and reviewer)."""
        if self.read_only:
            raise PackageReadOnlyError("this package is open read-only; save a copy instead", self.path)
        self._check_not_changed_elsewhere()
        now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        package.modified = now
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                _write_package(self._db, package)
                self._auto_snapshots(package, now)
                if identity is not None:
                    _record_save(self._db, package, identity, now)
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.OperationalError as exc:
            raise PackageFileError(_explain_write_error(exc), self.path) from None
        except sqlite3.Error as exc:
            raise PackageFileError(f"the save failed and was undone ({exc})", self.path) from None
        self.package = package
        self._data_version = self._current_data_version()

    def snapshot(self, example: Example, name: str, *, now: dt.datetime | None = None) -> None:
        """Keep a named copy of an example's current text (never thinned)."""
        if self.read_only:
            raise PackageReadOnlyError("this package is open read-only", self.path)
        created = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
        self._db.execute(
            "INSERT INTO revisions (example_id, created, name, text) VALUES (?, ?, ?, ?)",
            (example.id, created.isoformat(), name, example.text),
        )
        self._data_version = self._current_data_version()

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

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _current_data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _check_not_changed_elsewhere(self) -> None:
        identity = self._file_identity()
        if identity is None:
            raise PackageFileError(
                "the file was deleted or moved by another program; use Save As to keep your work",
                self.path,
            )
        if identity != self._identity:
            raise PackageFileError(
                "the file was replaced by another program; use Save As to keep your work",
                self.path,
            )
        if self._current_data_version() != self._data_version:
            raise PackageFileError(
                "the file was changed by another program since it was opened; "
                "use Save As to keep your work",
                self.path,
            )

    def copy_to(self, path: Path) -> None:
        """A consistent copy of this file, history included, at a new path (user-only).
        Works even when the original was deleted meanwhile: the open connection still reads it."""
        path = Path(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError as exc:
            raise PackageFileError(f"cannot create the file ({exc.strerror})", path) from None
        os.close(fd)
        try:
            destination = sqlite3.connect(path)
            try:
                self._db.backup(destination)
            finally:
                destination.close()
        except sqlite3.Error as exc:
            path.unlink(missing_ok=True)
            raise PackageFileError(f"cannot copy the package ({exc})", path) from None

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def __enter__(self) -> PackageFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def _explain_write_error(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full; nothing was changed. Free some space or save elsewhere"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only; nothing was changed. Save elsewhere"
    if "locked" in text or "busy" in text:
        return "another program is writing to the package; nothing was changed. Try again"
    if "disk i/o" in text:
        return "a disk error stopped the save; nothing was changed. Save elsewhere"
    return f"the save failed and was undone ({exc})"


def _write_package(db: sqlite3.Connection, package: Package) -> None:
    db.execute(
        "INSERT OR REPLACE INTO package (id, criterion, framework_id, candidate_name, "
        "candidate_position, candidate_agency, target_position, announcement_number, resume, "
        "justification, idp_json, as_of, created, modified) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            package.criterion.value,
            package.framework_id,
            package.candidate.name,
            package.candidate.current_position,
            package.candidate.agency,
            package.target_position,
            package.announcement_number,
            package.resume,
            package.justification,
            json.dumps(package.idp, ensure_ascii=False, sort_keys=True),
            _iso(package.as_of),
            package.created.isoformat(),
            package.modified.isoformat(),
        ),
    )
    cdp = package.cdp
    db.execute(
        "INSERT OR REPLACE INTO cdp (id, program_name, agency, opm_approval_date, "
        "completion_date, erb_certification_date, start_date, training_hours, "
        "assignment_months, mentor) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            cdp.program_name,
            cdp.agency,
            _iso(cdp.opm_approval_date),
            _iso(cdp.completion_date),
            _iso(cdp.erb_certification_date),
            _iso(cdp.start_date),
            cdp.training_hours,
            cdp.assignment_months,
            cdp.mentor,
        ),
    )
    db.execute("DELETE FROM paragraphs")
    db.execute("DELETE FROM examples")
    for narrative in package.narratives.values():
        for position, example in enumerate(narrative.examples):
            db.execute(
                "INSERT INTO examples (id, ecq_id, position, title) VALUES (?, ?, ?, ?)",
                (example.id, narrative.ecq_id, position, example.title),
            )
            db.executemany(
                "INSERT INTO paragraphs (example_id, position, text) VALUES (?, ?, ?)",
                [(example.id, i, text) for i, text in enumerate(example.paragraphs)],
            )
    _write_comments(db, package.comments)
    db.execute("DELETE FROM dismissals")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    db.executemany(
        "INSERT INTO dismissals (rule, location, fingerprint, created) VALUES (?, ?, ?, ?)",
        [(rule, location, fp, stamp) for rule, location, fp in sorted(package.dismissed)],
    )


def _load_comments(db: sqlite3.Connection) -> list[Comment]:
    """Comments as stored; a damaged field is repaired rather than costing the whole package."""
    replies: dict[str, list[Reply]] = {}
    for comment_id, reply_id, author, body, created in db.execute(
        "SELECT comment_id, id, author, body, created FROM comment_replies ORDER BY comment_id, position"
    ):
        replies.setdefault(comment_id, []).append(Reply(str(author), str(body), _lenient_time(created), str(reply_id)))
    return [
        Comment(str(target), _lenient_int(start), _lenient_int(end), str(author), str(body), str(quote),
                _lenient_time(created), replies.get(cid, []), str(resolved_by or ""),
                _lenient_time(resolved_at) if resolved_at else None, str(cid))
        for cid, target, start, end, quote, author, body, created, resolved_by, resolved_at in db.execute(
            'SELECT id, target, start, "end", quote, author, body, created, resolved_by, resolved_at '
            "FROM comments ORDER BY created, id"
        )
    ]


def _lenient_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def _lenient_time(value) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # unknown: sorts first, says so plainly
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _write_comments(db: sqlite3.Connection, comments: list[Comment]) -> None:
    db.execute("DELETE FROM comment_replies")
    db.execute("DELETE FROM comments")
    for comment in comments:
        db.execute(
            'INSERT INTO comments (id, target, start, "end", quote, author, body, created, resolved_by, '
            "resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (comment.id, comment.target, comment.start, comment.end, comment.quote, comment.author,
             comment.body, comment.created.isoformat(), comment.resolved_by, _iso(comment.resolved_at)),
        )
        db.executemany(
            "INSERT INTO comment_replies (id, comment_id, position, author, body, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(r.id, comment.id, i, r.author, r.body, r.created.isoformat()) for i, r in enumerate(comment.replies)],
        )


def _record_save(db: sqlite3.Connection, package: Package, identity: Identity, now: dt.datetime) -> None:
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

    An older file format is upgraded in a temporary copy, so checking a colleague's
    package never rewrites it.
    """
    import tempfile

    path = Path(path)
    user_version, application_id = read_header(path)
    if application_id == schema.APPLICATION_ID and 1 <= user_version < schema.SCHEMA_VERSION:
        with tempfile.TemporaryDirectory(prefix="ecqwriter-") as folder:
            copy = Path(folder) / "upgrade.ecq"
            shutil.copyfile(path, copy)
            try:
                with PackageFile.open(copy, lock=False) as opened:
                    return opened.package
            except PackageFileError as exc:
                raise type(exc)(exc.message, path) from None
    with PackageFile.open(path, read_only=True, lock=False) as opened:
        return opened.package
