"""The package file's SQLite schema and its forward migrations.

``PRAGMA user_version`` holds the schema version and ``PRAGMA application_id`` marks the
file as ours. A migration step is SQL run inside the same transaction that bumps the
version, so a file is always at exactly one version. Never edit a step once released:
add a new one and keep a fixture of the old layout in tests/fixtures/.
"""

from __future__ import annotations

APPLICATION_ID = 0x45435157  # "ECQW"
SQLITE_HEADER = b"SQLite format 3\x00"
# byte offsets in the 100-byte SQLite database header (sqlite.org/fileformat.html)
HEADER_USER_VERSION_OFFSET = 60
HEADER_APPLICATION_ID_OFFSET = 68

_V1 = """
CREATE TABLE package (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    criterion TEXT NOT NULL CHECK (criterion IN ('A', 'B', 'C')),
    framework_id TEXT NOT NULL,
    candidate_name TEXT NOT NULL DEFAULT '',
    candidate_position TEXT NOT NULL DEFAULT '',
    candidate_agency TEXT NOT NULL DEFAULT '',
    target_position TEXT NOT NULL DEFAULT '',
    announcement_number TEXT NOT NULL DEFAULT '',
    resume TEXT NOT NULL DEFAULT '',
    justification TEXT NOT NULL DEFAULT '',
    idp_json TEXT NOT NULL DEFAULT '{}',
    as_of TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE cdp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    program_name TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    opm_approval_date TEXT,
    completion_date TEXT,
    erb_certification_date TEXT
);
CREATE TABLE examples (
    id TEXT PRIMARY KEY,
    ecq_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT ''
);
CREATE TABLE paragraphs (
    example_id TEXT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (example_id, position)
);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    example_id TEXT NOT NULL,
    created TEXT NOT NULL,
    name TEXT,
    text TEXT NOT NULL
);
CREATE INDEX revisions_by_example ON revisions (example_id, created);
"""

# v2: the CDP facts the Criterion B checks use, and findings the user dismissed
_V2 = """
ALTER TABLE cdp ADD COLUMN start_date TEXT;
ALTER TABLE cdp ADD COLUMN training_hours REAL;
ALTER TABLE cdp ADD COLUMN assignment_months REAL;
ALTER TABLE cdp ADD COLUMN mentor TEXT NOT NULL DEFAULT '';
CREATE TABLE dismissals (
    rule TEXT NOT NULL,
    location TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (rule, location, fingerprint)
);
"""

# v3: review comments with replies, who saved the file when (the exchange log), and the
# text each person last saw, so either side can see what changed since
_V3 = """
CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created TEXT NOT NULL,
    resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at TEXT
);
CREATE TABLE comment_replies (
    id TEXT PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE saves (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    saved TEXT NOT NULL,
    app_version TEXT NOT NULL DEFAULT ''
);
CREATE TABLE seen (
    author TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (author, target)
);
"""

# the application format (core/formats.py): files written before it held narrative
# packages; the structured résumé (core/resume.py) and the interview practice log
# (core/interview.py) as JSON documents
_V4 = """
ALTER TABLE package ADD COLUMN application_format TEXT NOT NULL DEFAULT 'narratives';
ALTER TABLE package ADD COLUMN resume_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE package ADD COLUMN practice_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE examples ADD COLUMN facts_json TEXT NOT NULL DEFAULT '{}';
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4}
SCHEMA_VERSION = max(MIGRATIONS)


def migration_steps(from_version: int) -> list[tuple[int, str]]:
    """The steps that bring a file at ``from_version`` to SCHEMA_VERSION, in order."""
    return [(v, MIGRATIONS[v]) for v in sorted(MIGRATIONS) if v > from_version]


def statements(sql: str) -> list[str]:
    """The statements of one migration step (they hold no semicolons inside strings)."""
    return [s.strip() for s in sql.split(";") if s.strip()]
