"""A repaired copy of a package that holds things a package never has.

A file with triggers, views, extra tables or a changed table layout is never opened as it is
(``UnsafePackageError``). Its data can still be rescued: a new package is created with the
exact schema of the file's version, and only the rows of the real tables are copied into it,
column by column, with the hostile file's schema never executed. Views, triggers and tables
that packages do not have are left behind. The original file is never changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.errors import PackageExistsError, PackageFileError
from ecqwriter.storage import schema, workcopy
from ecqwriter.storage.guarded_sqlite import QueryTimeout, connect, create_schema, expected_signature, schema_signature


@dataclass
class RepairReport:
    source: Path
    destination: Path
    rows_copied: dict[str, int] = field(default_factory=dict)
    left_behind: list[str] = field(default_factory=list)


def _columns(db, table: str) -> list[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    return [str(row[1]) for row in db.execute(f"PRAGMA table_xinfo({quoted})") if int(row[6]) == 0]


def repair_package(source: str | Path, destination: str | Path) -> RepairReport:
    """Copy the data of ``source`` into a new package at ``destination`` (which must not exist)."""
    from ecqwriter.storage.packagefile import PackageFile, _check_header

    source, destination = Path(source), Path(destination)
    if destination.exists() or destination.is_symlink():
        raise PackageExistsError("a file with this name exists; it was left untouched", destination)
    version = _check_header(source, read_only=True)
    hostile_copy, _ = workcopy.snapshot(source)
    clean = workcopy.new_working_file()
    report = RepairReport(source, destination)
    try:
        hostile = connect(hostile_copy)
        try:
            found = schema_signature(hostile)
            db = connect(clean)
            try:
                db.execute("BEGIN")
                create_schema(db, version)
                db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {version}")
                db.execute("ATTACH DATABASE ? AS hostile", (str(hostile_copy),))
                expected_tables = [name for kind, name in schema_signature(db) if kind == "table"]
                for table in expected_tables:
                    if ("table", table) not in found:
                        continue  # missing, or a view in its place: nothing to take
                    theirs = set(_columns(hostile, table))
                    shared = [c for c in _columns(db, table) if c in theirs]
                    if not shared:
                        continue
                    names = ", ".join('"' + c.replace('"', '""') + '"' for c in shared)
                    quoted = '"' + table.replace('"', '""') + '"'
                    # later rows win: a table that lost its key kept every save as a new row
                    before = db.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
                    db.execute(f"INSERT OR REPLACE INTO main.{quoted} ({names}) "
                               f"SELECT {names} FROM hostile.{quoted} ORDER BY rowid")
                    after = db.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
                    report.rows_copied[table] = after - before
                db.execute("COMMIT")
                db.execute("DETACH DATABASE hostile")
            finally:
                db.close()
            expected = expected_signature(version)
            report.left_behind = [f"{kind} '{name}'" for kind, name in sorted(found) if (kind, name) not in expected]
        finally:
            hostile.close()
        workcopy.publish(clean, destination, expected=None)
    except QueryTimeout:
        raise PackageFileError("reading the damaged file took too long; nothing could be rescued", source) from None
    except sqlite3.Error as exc:
        raise PackageFileError(f"the data could not be rescued ({exc})", source) from None
    finally:
        workcopy.discard(hostile_copy)
        workcopy.discard(clean)
    # the repaired copy must itself open as a package (values are validated there)
    try:
        PackageFile.open(destination, read_only=True, lock=False).close()
    except PackageFileError:
        destination.unlink(missing_ok=True)
        raise
    return report


def repaired_name(source: Path) -> Path:
    """``name (repaired).ecq`` beside the source, numbered if that exists."""
    candidate = source.with_name(f"{source.stem} (repaired){source.suffix or '.ecq'}")
    counter = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = source.with_name(f"{source.stem} (repaired {counter}){source.suffix or '.ecq'}")
        counter += 1
    return candidate
