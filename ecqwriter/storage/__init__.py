"""Package files on disk: SQLite as an application file format, locks, revisions, backups."""
