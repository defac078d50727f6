"""The attacks of issue 18 on package files: each lost or corrupted work before the fix.

A package file can come from anywhere, and the files beside it (a journal, a WAL, a lock)
may not be ours. Every test here failed on the code that edited packages in place.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import run_cli
from ecqwriter.core.errors import PackageLockedError, UnsafePackageError
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.lock import PackageLock, lock_path_for
from ecqwriter.storage.packagefile import PackageFile, read_package
from ecqwriter.storage.repair import repair_package


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_package(path, resume="Original résumé"):
    package = load_sample("sample-opm-2006")
    package.resume = resume
    PackageFile.create(path, package, lock=False).close()
    return path


def hot_journal_of(tmp_path, name="b.ecq"):
    """A rollback journal left by a crash in the middle of a save of *another* package."""
    other = make_package(tmp_path / name, resume="Other package")
    child = subprocess.run([sys.executable, "-c", f"""
import os, sqlite3
db = sqlite3.connect({str(other)!r}, isolation_level=None)
db.execute("PRAGMA journal_mode = DELETE")
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE paragraphs SET text = 'half-written ' || text")
db.execute("DELETE FROM examples")
db.execute("PRAGMA cache_size = 1")
db.execute("CREATE TABLE spill (x)")
db.execute("INSERT INTO spill SELECT zeroblob(100000) FROM paragraphs")
os.kill(os.getpid(), 9)
"""], capture_output=True)
    journal = other.with_name(other.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0, child.stderr
    return journal


def test_a_foreign_rollback_journal_leaves_the_package_intact(tmp_path):
    package = make_package(tmp_path / "a.ecq")
    journal = hot_journal_of(tmp_path)
    shutil.copyfile(journal, tmp_path / "a.ecq-journal")
    before = read_package(package)
    assert read_package(package) == before
    text = tmp_path / "story.txt"
    text.write_text("In 2024 I led a merger of two offices and cut costs by 12 percent.")
    result = run_cli("import-text", package, "--ecq", "leading-change", text)
    assert result.returncode == 0, result.stderr
    after = read_package(package)
    assert after.resume == "Original résumé"
    assert len(after.narrative("leading-change").examples) == len(before.narrative("leading-change").examples) + 1
    db = sqlite3.connect(f"file:{package}?mode=ro&immutable=1", uri=True)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    result = run_cli("check", package)
    assert result.returncode in (0, 1), result.stderr


def test_a_foreign_wal_file_leaves_the_package_intact(tmp_path):
    package = make_package(tmp_path / "a.ecq")
    size = package.stat().st_size
    other = make_package(tmp_path / "b.ecq", resume="Other")
    db = sqlite3.connect(other, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE package SET resume = 'from the other package'")
    db.execute("DELETE FROM paragraphs")
    shutil.copyfile(f"{other}-wal", f"{package}-wal")
    db.close()
    before = digest(package)
    assert read_package(package).resume == "Original résumé"
    result = run_cli("check", package)
    assert result.returncode in (0, 1), result.stderr
    assert digest(package) == before and package.stat().st_size == size
    assert not os.path.exists(f"{package}-shm")
    with PackageFile.open(package) as opened:
        opened.package.resume = "Edited"
        opened.save(opened.package)
    assert read_package(package).resume == "Edited"


def test_reading_writes_nothing_beside_the_package(tmp_path):
    package = make_package(tmp_path / "a.ecq")
    run_cli("check", package)
    run_cli("export", package, "-o", tmp_path / "out.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ecq", "out.pdf"]


WRITER = """
import sys
from ecqwriter.cli import main
sys.exit(main(["import-text", sys.argv[1], "--ecq", "leading-change", sys.argv[2]]))
"""


def test_two_concurrent_writers_never_lose_an_update(tmp_path, long_mode):
    rounds = 50
    package = make_package(tmp_path / "race.ecq")
    texts = []
    for name in ("one", "two"):
        text = tmp_path / f"{name}.txt"
        text.write_text(f"In 2023 I, writer {name}, cut the backlog by 40 percent.")
        texts.append(text)
    expected = len(read_package(package).narrative("leading-change").examples)
    lost = []
    for round_number in range(rounds):
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(package), str(t)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for t in texts]
        outcomes = [w.communicate(timeout=120) + (w.returncode,) for w in writers]
        succeeded = sum(1 for *_, code in outcomes if code == 0)
        for out, err, code in outcomes:
            assert code in (0, 2), err  # refused is allowed, a crash or a silent loss is not
        expected += succeeded
        stored = len(read_package(package).narrative("leading-change").examples)
        if stored != expected:
            lost.append((round_number, stored, expected))
            expected = stored
    assert lost == []
    assert expected >= rounds  # the second writer waits its turn rather than being refused


def _tamper(path, *statements):
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()


def test_a_package_with_triggers_is_refused_and_can_be_repaired(tmp_path):
    package = make_package(tmp_path / "t.ecq")
    original = read_package(package)
    _tamper(package,
            "CREATE TABLE IF NOT EXISTS stash (t TEXT)",
            "CREATE TRIGGER steal AFTER DELETE ON paragraphs BEGIN INSERT INTO stash VALUES (old.text); END",
            "CREATE TRIGGER vanish AFTER INSERT ON paragraphs BEGIN DELETE FROM paragraphs "
            "WHERE rowid = new.rowid; END")
    before = digest(package)
    with pytest.raises(UnsafePackageError, match="trigger 'steal'") as refused:
        PackageFile.open(package)
    assert str(package) in str(refused.value)
    result = run_cli("import-text", package, "--ecq", "leading-change", __file__)
    assert result.returncode == 2 and "never has" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("check", package)
    assert result.returncode == 2
    assert digest(package) == before
    repaired = tmp_path / "t (repaired).ecq"
    report = repair_package(package, repaired)
    assert digest(package) == before
    assert "table 'stash'" in report.left_behind and "trigger 'vanish'" in report.left_behind
    with PackageFile.open(repaired) as opened:
        assert opened.package.texts() == original.texts()
        assert opened.package.candidate == original.candidate
        example = opened.package.narrative("leading-change").examples[0]
        example.paragraphs = example.paragraphs + ["A new paragraph typed today."]
        opened.save(opened.package)
    assert read_package(repaired).narrative("leading-change").examples[0].paragraphs[-1] == "A new paragraph typed today."
    names = {row[0] for row in sqlite3.connect(repaired).execute("SELECT name FROM sqlite_master")}
    assert "stash" not in names and "vanish" not in names


def test_a_package_table_without_its_key_is_refused_and_repaired_without_loss(tmp_path):
    package = make_package(tmp_path / "k.ecq")
    db = sqlite3.connect(package, isolation_level=None)
    columns = [row[1] for row in db.execute("PRAGMA table_info(package)")]
    db.execute("CREATE TABLE package_nokey AS SELECT * FROM package")
    db.execute("DROP TABLE package")
    db.execute("ALTER TABLE package_nokey RENAME TO package")
    # the old code then appended a row per save; the newest is the candidate's latest work
    db.execute(f"INSERT INTO package ({', '.join(columns)}) SELECT {', '.join(columns)} FROM package")
    db.execute("UPDATE package SET candidate_name = 'Newest Name', resume = 'Newest résumé' WHERE rowid = 2")
    db.close()
    with pytest.raises(UnsafePackageError, match="'package' has different columns or keys"):
        PackageFile.open(package)
    repaired = tmp_path / "k2.ecq"
    repair_package(package, repaired)
    loaded = read_package(repaired)
    assert (loaded.candidate.name, loaded.resume) == ("Newest Name", "Newest résumé")


def test_a_recursive_view_is_refused_within_five_seconds(tmp_path):
    package = make_package(tmp_path / "v.ecq")
    _tamper(package,
            "ALTER TABLE paragraphs RENAME TO paragraphs_real",
            "CREATE VIEW paragraphs AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT 'e' AS example_id, i AS position, 'x' AS text FROM n")
    started = time.monotonic()
    result = run_cli("check", package, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 2 and "view 'paragraphs'" in result.stderr
    assert elapsed < 5 + 3  # the interpreter's own start-up is not the check's time
    started = time.monotonic()
    with pytest.raises(UnsafePackageError):
        read_package(package)
    assert time.monotonic() - started < 5


def test_a_runaway_query_is_stopped_by_the_deadline(tmp_path):
    from ecqwriter.storage.guarded_sqlite import QueryTimeout, connect

    db = connect(tmp_path / "scratch.db", deadline_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n").fetchone()
    assert time.monotonic() - started < 3


def test_a_planted_symlink_at_a_lock_temp_name_is_never_followed(tmp_path):
    package = make_package(tmp_path / "s.ecq")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    # the old code wrote to a predictable name; plant links at it and at likely others
    for pid in range(os.getpid() - 5, os.getpid() + 50):
        link = tmp_path / f"s.ecq.lock.{pid}.tmp"
        if not link.exists():
            link.symlink_to(victim)
    lock = PackageLock.acquire(package)
    lock.release()
    with PackageFile.open(package) as opened:
        opened.save(opened.package)
    assert victim.read_text() == "precious"
    lock_path_for(package).symlink_to(victim)
    with pytest.raises(PackageLockedError, match="cannot read"):
        PackageFile.open(package)  # a lock we cannot read is reported, never overwritten through
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("holder", [
    {"host": "h", "user": "u", "pid": 10**20, "since": "now"},
    {"host": 5, "user": ["x"], "pid": "12"},
    [1, 2, 3],
    "not json at all",
])
def test_a_lock_with_bad_fields_gives_a_clear_message(tmp_path, holder):
    package = make_package(tmp_path / "l.ecq")
    lock_path_for(package).write_text(holder if isinstance(holder, str) else json.dumps(holder))
    result = run_cli("import-text", package, "--ecq", "leading-change", __file__)
    assert result.returncode == 2 and "open elsewhere" in result.stderr and "Traceback" not in result.stderr
    with PackageFile.open(package, force_lock=True) as opened:
        assert opened.lock is not None


def test_a_writable_package_in_a_read_only_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    package = make_package(folder / "p.ecq")
    folder.chmod(0o500)
    try:
        result = run_cli("import-text", package, "--ecq", "leading-change", __file__)
        assert result.returncode == 2 and "read-only" in result.stderr and "Traceback" not in result.stderr
        assert read_package(package).resume == "Original résumé"
    finally:
        folder.chmod(0o700)


def test_a_save_killed_before_its_rename_leaves_no_litter_for_long(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    old = tmp_path / ".0123456789abcdef.saving"
    fresh = tmp_path / ".fedcba9876543210.saving"  # another save may be running right now
    other = tmp_path / "notes.saving"  # not ours
    for path in (old, fresh, other):
        path.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    with PackageFile.open(package) as opened:
        opened.save(opened.package)
    assert not old.exists() and fresh.exists() and other.exists()
