import datetime as dt
import hashlib
import json
import os
import socket
import sqlite3
import stat

import pytest

from conftest import build_package_from_sql
from ecqwriter.core.errors import (
    NewerSchemaError,
    NotAPackageError,
    PackageCorruptError,
    PackageExistsError,
    PackageFileError,
    PackageLockedError,
    PackageReadOnlyError,
)
from ecqwriter.core.model import CdpRecord, Candidate, Criterion, Example, Package
from ecqwriter.storage import schema
from ecqwriter.storage.backup import backup_package, list_backups
from ecqwriter.storage.lock import lock_path_for, read_holder
from ecqwriter.storage.packagefile import PackageFile
from ecqwriter.storage.revisions import Revision, revisions_to_drop


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def full_package(framework) -> Package:
    package = Package.new(Criterion.C, framework, "Zoë O'Brien-Ōtsuka")
    package.candidate = Candidate("Zoë O'Brien-Ōtsuka", "Director — Ops", "Agency of “Quotes”")
    package.target_position = "Associate Administrator"
    package.announcement_number = "ANN-2026-001"
    package.resume = "Line one\n\nLine two with emoji 🚀 and RTL עברית"
    package.justification = "Uniquely qualified because…"
    package.idp = {"targets": [{"ecq": "business-acumen", "gap": "budget"}], "horizon_months": 12}
    package.as_of = dt.date(2026, 5, 4)
    package.cdp = CdpRecord(
        program_name="CDP", agency="X", opm_approval_date=dt.date(2020, 1, 1),
        completion_date=dt.date(2021, 2, 2), erb_certification_date=dt.date(2021, 3, 3),
        start_date=dt.date(2020, 1, 10), training_hours=96.5, assignment_months=4.0, mentor="M. Mentor",
    )
    package.dismissed = {("first-person-plural", "ecq:leading-change/example:1", "abc123")}
    package.narrative("leading-change").examples = [
        Example("One", ["Para 1", "Para 2\nsecond line"]),
        Example("Two", ["Only para"]),
    ]
    package.narrative("building-coalitions").examples = [Example("", ["x" * 10000])]
    return package


def test_round_trip_of_every_field(tmp_path, framework_2006):
    package = full_package(framework_2006)
    path = tmp_path / "round trip ü.ecq"
    PackageFile.create(path, package).close()
    with PackageFile.open(path) as opened:
        loaded = opened.package
    assert loaded == package


def test_new_file_is_user_only_and_single_file_when_closed(tmp_path, framework_2006):
    path = tmp_path / "a.ecq"
    opened = PackageFile.create(path, Package.new("A", framework_2006))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    opened.save(opened.package)
    opened.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ecq"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_create_refuses_to_overwrite(tmp_path, framework_2006):
    path = tmp_path / "a.ecq"
    path.write_text("precious")
    with pytest.raises(PackageExistsError):
        PackageFile.create(path, Package.new("A", framework_2006))
    assert path.read_text() == "precious"


def _make_file(path, user_version, application_id=schema.APPLICATION_ID):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.execute(f"PRAGMA user_version = {user_version}")
    db.execute(f"PRAGMA application_id = {application_id}")
    db.commit()
    db.close()


def test_newer_version_is_refused_clearly_and_untouched(tmp_path):
    path = tmp_path / "future.ecq"
    _make_file(path, schema.SCHEMA_VERSION + 1)
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of ecqwriter"):
        PackageFile.open(path)
    assert digest(path) == before


@pytest.mark.parametrize(
    "content, error, words",
    [
        (b"", NotAPackageError, "empty"),
        (b"hello, this is a text file\n", NotAPackageError, "not an ecqwriter package"),
        (os.urandom(4096), NotAPackageError, "not an ecqwriter package"),
        (b"SQLite format 3\x00" + b"\x00" * 20, PackageCorruptError, "truncated"),
    ],
)
def test_foreign_files_are_refused_and_untouched(tmp_path, content, error, words):
    path = tmp_path / "foreign.ecq"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(error, match=words):
        PackageFile.open(path)
    assert digest(path) == before
    assert not lock_path_for(path).exists()


def test_other_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    _make_file(path, 3, application_id=0)
    before = digest(path)
    with pytest.raises(NotAPackageError, match="some other program"):
        PackageFile.open(path)
    assert digest(path) == before


def test_truncated_package_is_refused_and_untouched(tmp_path, framework_2006):
    path = tmp_path / "t.ecq"
    PackageFile.create(path, full_package(framework_2006), lock=False).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(PackageCorruptError, match="damaged"):
        PackageFile.open(path)
    assert digest(path) == before


def test_bit_flipped_package_is_refused_or_opens_intact(tmp_path, framework_2006):
    path = tmp_path / "f.ecq"
    PackageFile.create(path, full_package(framework_2006), lock=False).close()
    data = bytearray(path.read_bytes())
    for offset in range(200, len(data), 997):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = digest(path)
    try:
        opened = PackageFile.open(path, read_only=True)
    except PackageFileError as exc:
        assert str(path) in str(exc)
    else:
        # opening means the pages passed SQLite's check and every value loaded
        with opened:
            assert opened.integrity_ok()
            assert opened.package.criterion == Criterion.C
            assert set(opened.package.narratives) >= set(framework_2006.ecq_ids)
    assert digest(path) == before


def test_lock_is_seen_by_a_second_opener_who_can_read_only(tmp_path, framework_2006):
    path = tmp_path / "l.ecq"
    PackageFile.create(path, Package.new("A", framework_2006), lock=False).close()
    # a holder on another machine
    lock_path_for(path).write_text(json.dumps(
        {"host": "coordinator-laptop", "user": "jsmith", "pid": 1, "since": "2026-11-23T09:00:00"}
    ))
    with pytest.raises(PackageLockedError) as info:
        PackageFile.open(path)
    assert "jsmith on coordinator-laptop" in str(info.value)
    assert info.value.holder["user"] == "jsmith"
    with PackageFile.open(path, read_only=True) as readonly:
        with pytest.raises(PackageReadOnlyError):
            readonly.save(readonly.package)
    # a lock left by a dead process on this machine is stale
    lock_path_for(path).write_text(json.dumps({"host": socket.gethostname(), "pid": 2**22 + 12345}))
    assert read_holder(path) is None
    PackageFile.open(path).close()
    assert not lock_path_for(path).exists()


def test_lock_held_by_a_live_process_elsewhere(tmp_path, framework_2006):
    import subprocess
    import sys

    path = tmp_path / "live.ecq"
    PackageFile.create(path, Package.new("A", framework_2006), lock=False).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time;from ecqwriter.storage.packagefile import PackageFile;"
         f"f=PackageFile.open({str(path)!r});print('open',flush=True);time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(PackageLockedError):
            PackageFile.open(path)
    finally:
        holder.kill()
        holder.wait()
    assert read_holder(path) is None  # the holder died: its lock is stale now


def build_v1_file(path):
    """A package file as ecqwriter wrote it at schema version 1, from the kept SQL dump."""
    build_package_from_sql(path, "package-schema-v1.sql", 1)


def test_migration_from_schema_v1_fixture(tmp_path):
    path = tmp_path / "old.ecq"
    build_v1_file(path)
    original = path.read_bytes()
    with PackageFile.open(path) as opened:
        package = opened.package
        assert opened.migrated_from == 1
        assert package.criterion == Criterion.B
        assert package.candidate.name == "Ana Núñez"
        assert package.cdp.program_name == "Fed CDP"
        assert package.cdp.completion_date == dt.date(2019, 12, 20)
        assert package.cdp.training_hours is None and package.cdp.mentor == ""
        examples = package.narrative("leading-change").examples
        assert [e.title for e in examples] == ["Reorganising the office", "Second story"]
        assert examples[0].paragraphs == ["In 2019 I led a reorganization.", "The result: 20 percent faster."]
        assert [r.name for r in opened.revisions("e1")] == ["first draft"]
        package.cdp.training_hours = 120
        opened.save(package)
    backup = tmp_path / "old.ecq.v1.bak"
    assert backup.read_bytes() == original
    with PackageFile.open(path) as reopened:
        assert reopened.package.cdp.training_hours == 120
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_read_only_open_of_old_version_upgrades_only_a_private_copy(tmp_path):
    path = tmp_path / "old.ecq"
    build_v1_file(path)
    before = digest(path)
    with PackageFile.open(path, read_only=True) as opened:
        assert opened.migrated_from == 1
        assert opened.package.candidate.name == "Ana Núñez"
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.ecq"]  # no .bak, journal or copy beside it


def test_save_refuses_when_file_replaced_or_deleted(tmp_path, framework_2006):
    path = tmp_path / "r.ecq"
    opened = PackageFile.create(path, Package.new("A", framework_2006))
    path.unlink()
    with pytest.raises(PackageFileError, match="deleted or moved"):
        opened.save(opened.package)
    opened.close()


def test_save_refuses_when_another_program_wrote(tmp_path, framework_2006):
    path = tmp_path / "w.ecq"
    opened = PackageFile.create(path, Package.new("A", framework_2006))
    other = sqlite3.connect(path)
    other.execute("UPDATE package SET resume = 'changed elsewhere'")
    other.commit()
    other.close()
    with pytest.raises(PackageFileError, match="changed by another program"):
        opened.save(opened.package)
    opened.close()


def test_automatic_and_named_revisions(tmp_path, framework_2006):
    path = tmp_path / "rev.ecq"
    package = Package.new("A", framework_2006)
    example = Example("e", ["first"])
    package.narrative("leading-change").examples.append(example)
    t0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
    with PackageFile.create(path, package) as opened:
        opened.save(package, now=t0)
        example.paragraphs = ["second"]
        opened.save(package, now=t0 + dt.timedelta(minutes=2))  # folded into the last auto one
        assert [r.text for r in opened.revisions(example.id)] == ["second"]
        opened.snapshot(example, "sent to coach", now=t0 + dt.timedelta(minutes=3))
        example.paragraphs = ["third"]
        opened.save(package, now=t0 + dt.timedelta(minutes=30))
        history = opened.revisions(example.id)
        assert [(r.name, r.text) for r in history] == [
            (None, "third"), ("sent to coach", "second"), (None, "second")
        ]


def test_thinning_keeps_named_and_newest_and_spreads_old():
    now = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    revisions = [
        Revision(i, "e", now - dt.timedelta(minutes=10 * i), None, str(i)) for i in range(1, 2000)
    ] + [Revision(9999, "e", now - dt.timedelta(days=300), "named", "n")]
    dropped = set(revisions_to_drop(revisions, now))
    kept = [r for r in revisions if r.id not in dropped]
    assert 9999 in {r.id for r in kept}
    assert 1 in {r.id for r in kept}
    last_hour = [r for r in kept if now - r.created <= dt.timedelta(hours=1)]
    assert len(last_hour) == 6  # all of them
    assert len(kept) < 120
    old = sorted((r for r in kept if now - r.created > dt.timedelta(days=1) and r.automatic),
                 key=lambda r: r.created)
    gaps = [b.created - a.created for a, b in zip(old, old[1:])]
    assert all(g >= dt.timedelta(hours=12) for g in gaps)


def test_backups_rotate_and_are_user_only(tmp_path, framework_2006):
    path = tmp_path / "b.ecq"
    PackageFile.create(path, full_package(framework_2006), lock=False).close()
    backups = tmp_path / "backups"
    base = dt.datetime(2026, 1, 1, 12, 0, 0)
    for i in range(5):
        made = backup_package(path, backups, keep=3, now=base + dt.timedelta(seconds=i))
        os.utime(made, (1_700_000_000 + i, 1_700_000_000 + i))
    kept = list_backups(backups / "b")
    assert len(kept) == 3
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in kept)
    with PackageFile.open(kept[0], read_only=True) as copy:
        assert copy.package.candidate.name == "Zoë O'Brien-Ōtsuka"
