"""SQLite connections that treat a package file as data, never as code.

A package file can come from anywhere (an e-mail, a shared drive), and SQLite stores code in
its schema: triggers run on writes, views run arbitrary queries when read. So every
connection to a package is made here:

- ``trusted_schema`` is off, so functions with side effects never run from the schema;
- defensive mode is on where the Python version offers it (3.12+);
- a progress handler aborts any statement that runs past a deadline, so a hostile recursive
  query cannot hang a batch check or fill the temporary folder;
- temporary storage is kept in memory, never in the system's temporary folder.

``schema_problems`` then compares the file's schema with the exact schema of its version,
object by object, before anything reads the user's tables.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from pathlib import Path

from ecqwriter.storage import schema

# No legitimate statement on a package takes more than a fraction of a second; 20 s leaves
# room for a slow network drive while still ending a hostile query.
STATEMENT_DEADLINE_SECONDS = 20.0
_PROGRESS_EVERY_N_OPS = 20_000


class QueryTimeout(sqlite3.OperationalError):
    """Raised in place of SQLite's 'interrupted' when our deadline stopped a statement."""


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def restart(self) -> None:
        self.until = time.monotonic() + self.seconds

    def expired(self) -> int:
        return 1 if time.monotonic() > self.until else 0


class GuardedConnection:
    """A thin wrapper: every execute restarts the deadline that the progress handler checks."""

    def __init__(self, raw: sqlite3.Connection, deadline: _Deadline):
        self.raw = raw
        self._deadline = deadline

    def execute(self, sql: str, parameters=()):
        self._deadline.restart()
        try:
            return self.raw.execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _translate(exc) from None

    def executemany(self, sql: str, rows):
        self._deadline.restart()
        try:
            return self.raw.executemany(sql, rows)
        except sqlite3.OperationalError as exc:
            raise _translate(exc) from None

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    def close(self) -> None:
        self.raw.close()


def _translate(exc: sqlite3.OperationalError) -> sqlite3.OperationalError:
    if "interrupted" in str(exc).lower():
        return QueryTimeout("a query on the package ran too long and was stopped")
    return exc


def connect(path: Path, *, deadline_seconds: float = STATEMENT_DEADLINE_SECONDS) -> GuardedConnection:
    """A defensive connection to a private working file (never to the user's own file)."""
    raw = sqlite3.connect(str(path), isolation_level=None, timeout=5.0, check_same_thread=False)
    deadline = _Deadline(deadline_seconds)
    raw.set_progress_handler(deadline.expired, _PROGRESS_EVERY_N_OPS)
    if hasattr(raw, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        raw.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
    for pragma in ("trusted_schema = OFF", "temp_store = MEMORY", "cell_size_check = ON",
                   "mmap_size = 0", "foreign_keys = OFF"):
        raw.execute(f"PRAGMA {pragma}")
    return GuardedConnection(raw, deadline)


# ---------------------------------------------------------------------- the exact schema

# SQLite's own bookkeeping objects, which appear without anyone creating them
_INTERNAL_PREFIX = "sqlite_"


def schema_signature(db: sqlite3.Connection | GuardedConnection) -> dict[tuple[str, str], tuple]:
    """Every schema object as (type, name) -> its structure: columns, keys, indexes."""
    signature: dict[tuple[str, str], tuple] = {}
    rows = db.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    for kind, name, table in rows:
        kind, name, table = str(kind), str(name), str(table)
        if name.startswith(_INTERNAL_PREFIX):
            continue  # sqlite_sequence, sqlite_autoindex_*, sqlite_stat*: checked through their tables
        if kind == "table":
            signature[(kind, name)] = _table_structure(db, name)
        elif kind == "index":
            signature[(kind, name)] = (table, _index_structure(db, name))
        else:  # views and triggers are never part of a package
            signature[(kind, name)] = (table,)
    return signature


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_structure(db, table: str) -> tuple:
    columns = tuple(
        (str(name), str(kind).upper(), int(notnull), None if default is None else str(default), int(pk), int(hidden))
        for _cid, name, kind, notnull, default, pk, hidden in db.execute(f"PRAGMA table_xinfo({_quoted(table)})")
    )
    foreign_keys = tuple(sorted(
        (str(ref), str(src), str(dst), str(on_delete))
        for _id, _seq, ref, src, dst, _on_update, on_delete, _match in db.execute(
            f"PRAGMA foreign_key_list({_quoted(table)})")
    ))
    indexes = tuple(sorted(
        (int(unique), str(origin), int(partial), _index_structure(db, str(name)))
        for _seq, name, unique, origin, partial in db.execute(f"PRAGMA index_list({_quoted(table)})")
    ))
    return columns, foreign_keys, indexes


def _index_structure(db, index: str) -> tuple:
    return tuple(
        (None if name is None else str(name), int(desc), str(coll), int(key))
        for _seqno, _cid, name, desc, coll, key in db.execute(f"PRAGMA index_xinfo({_quoted(index)})")
    )


@functools.lru_cache(maxsize=None)
def expected_signature(version: int) -> dict[tuple[str, str], tuple]:
    """The schema a package of file format ``version`` has when ecqwriter wrote it."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        create_schema(db, version)
        return schema_signature(db)
    finally:
        db.close()


def create_schema(db, version: int) -> None:
    """Run the migration steps from nothing up to ``version`` (inclusive)."""
    for step_version, sql in schema.migration_steps(0):
        if step_version > version:
            break
        for statement in schema.statements(sql):
            db.execute(statement)


_KIND_WORDS = {"trigger": "a trigger", "view": "a view", "table": "a table", "index": "an index"}


def schema_problems(db, version: int) -> list[str]:
    """What in the file differs from the exact schema of ``version``, in words; [] if nothing."""
    found = schema_signature(db)
    expected = expected_signature(version)
    problems = []
    for kind, name in sorted(set(found) - set(expected)):
        problems.append(f"{_KIND_WORDS.get(kind, 'an object')} '{name}' that packages never contain")
    for kind, name in sorted(set(expected) - set(found)):
        problems.append(f"the {kind} '{name}' is missing")
    for key in sorted(set(found) & set(expected)):
        if found[key] != expected[key]:
            problems.append(f"the {key[0]} '{key[1]}' has different columns or keys than a package's")
    return problems
