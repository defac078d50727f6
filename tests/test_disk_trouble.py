"""Disk trouble: full disk, read-only, deleted or replaced files, odd paths. The user's text
stays in memory, can be saved elsewhere, and nothing on disk is corrupted."""

import errno
import os

import pytest

from ecqwriter.core.errors import PackageFileError, PackageReadOnlyError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.packagefile import PackageFile, read_package
from ecqwriter.storage.session import EditingSession


def session_with_text(tmp_path, name="p.ecq"):
    package = Package.new("A", load_framework("opm-2006"))
    package.narrative("leading-change").examples.append(Example("e", ["First draft."]))
    return EditingSession.create(tmp_path / name, package, journal_dir=tmp_path / "journal")


def test_full_disk_keeps_text_in_memory_and_file_intact(tmp_path):
    session = session_with_text(tmp_path)
    # SQLite's own "database or disk is full" path: no page may be added
    pages = session.file._db.execute("PRAGMA page_count").fetchone()[0]
    session.file._db.execute(f"PRAGMA max_page_count = {pages}")
    example = session.package.narrative("leading-change").examples[0]
    example.paragraphs = ["A long new text. " * 5000]
    session.changed()
    with pytest.raises(PackageFileError, match="disk is full; nothing was changed"):
        session.save()
    assert session.dirty and example.paragraphs[0].startswith("A long new text.")
    session.journal.write(session.package)  # the journal lives on another disk
    assert read_package(session.path).narrative("leading-change").examples[0].text == "First draft."
    with PackageFile.open(session.path, read_only=True, lock=False) as check:
        assert check.integrity_ok()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    session.save_as(elsewhere / "rescued.ecq")
    assert read_package(elsewhere / "rescued.ecq").narrative("leading-change").examples[0].text.startswith("A long new text.")
    session.close()


def test_read_only_session_refuses_to_save_but_save_as_works(tmp_path):
    first = session_with_text(tmp_path)
    first.close()
    session = EditingSession.open(tmp_path / "p.ecq", read_only=True, journal_dir=tmp_path / "journal")
    session.package.resume = "Changed while read-only"
    with pytest.raises(PackageReadOnlyError):
        session.save()
    session.save_as(tmp_path / "copy.ecq")
    assert read_package(tmp_path / "copy.ecq").resume == "Changed while read-only"
    assert read_package(tmp_path / "p.ecq").resume == ""
    session.close()


def test_read_only_file_on_disk_is_reported(tmp_path, monkeypatch):
    session = session_with_text(tmp_path)
    session.close()
    os.chmod(tmp_path / "p.ecq", 0o400)
    real_access = os.access
    # root may write anyway; report it as the user (not root) would see it
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK else real_access(path, mode))
    with pytest.raises(PackageFileError, match="read-only; open it read-only or save a copy"):
        PackageFile.open(tmp_path / "p.ecq")
    with PackageFile.open(tmp_path / "p.ecq", read_only=True) as opened:
        assert opened.package.narrative("leading-change").examples[0].text == "First draft."


def test_file_deleted_or_replaced_while_open(tmp_path):
    session = session_with_text(tmp_path)
    session.package.resume = "unsaved words"
    os.replace(tmp_path / "p.ecq", tmp_path / "moved.ecq")
    with pytest.raises(PackageFileError, match="deleted or moved"):
        session.save()
    assert session.package.resume == "unsaved words"
    session.save_as(tmp_path / "saved-again.ecq")
    assert read_package(tmp_path / "saved-again.ecq").resume == "unsaved words"
    other = session_with_text(tmp_path, "other.ecq")
    other.close()
    second = EditingSession.open(tmp_path / "saved-again.ecq", journal_dir=tmp_path / "journal")
    os.replace(tmp_path / "other.ecq", tmp_path / "saved-again.ecq")
    with pytest.raises(PackageFileError, match="replaced by another program"):
        second.save()
    second.close()
    session.close()


def test_path_with_spaces_and_non_ascii(tmp_path):
    from ecqwriter.export import export_package
    from ecqwriter.storage.backup import backup_package

    folder = tmp_path / "Dossier été 2026" / "candidature ü — 候选"
    folder.mkdir(parents=True)
    path = folder / "ma candidature ü.ecq"
    session = EditingSession.create(path, load_sample("sample-opm-2006"), journal_dir=tmp_path / "journal",
                                    backups_dir=tmp_path / "backups é")
    session.package.resume += "\n\nÉdition"
    session.changed()
    session.save()
    session.close()
    assert read_package(path).resume.endswith("Édition")
    assert backup_package(path, tmp_path / "backups é").exists()
    export_package(read_package(path), folder / "export ü.pdf")
    assert (folder / "export ü.pdf").read_bytes().startswith(b"%PDF")


def test_export_on_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    from ecqwriter.export import export_package
    from ecqwriter.export.service import ExportError

    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF old but good")

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError, match="No space left on device"):
        export_package(load_sample("sample-opm-2006"), out)
    assert out.read_bytes() == b"%PDF old but good"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]
