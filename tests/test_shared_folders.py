"""Shared folders and the files around a package (issue 24: N1, N3 to N8, N10).

Coordinators and candidates share group folders (setgid 2770, files 0660). A save must keep
the file's identity (mode, group, owner, ACLs, attributes, hard links); a read-only file
stays read-only; Save As never overwrites a package someone has open; working copies of open
sessions are never swept; a full state folder leaves a way out; only regular files of a sane
size are read; and a killed save leaves nothing behind for long.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from ecqwriter.core.errors import PackageFileError, PackageLockedError, PackageReadOnlyError
from ecqwriter.core.samples import load_sample
from ecqwriter.storage import file_identity, in_place, workcopy
from ecqwriter.storage.packagefile import PackageFile, read_package
from ecqwriter.storage.session import EditingSession

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners, modes and links")


def make_package(path: Path, mode: int = 0o600) -> Path:
    PackageFile.create(path, load_sample("sample-opm-2006"), lock=False).close()
    os.chmod(path, mode)
    return path


def first_text(path: Path) -> str:
    return read_package(path).narrative("leading-change").examples[0].paragraphs[0]


def edit_and_save(path: Path, words: str) -> PackageFile:
    opened = PackageFile.open(path)
    package = opened.package
    package.narrative("leading-change").examples[0].paragraphs[0] = words
    opened.save(package)
    return opened


def working_files() -> list[Path]:
    return sorted(p for p in workcopy.private_root().iterdir() if p.name.endswith(".ecq"))


# ---------------------------------------------------------------------- N1: another user's save


@posix_only
def test_a_save_into_another_users_file_keeps_her_owner_mode_and_inode(tmp_path, monkeypatch):
    """The simulated variant (any user): the file belongs to someone else."""
    package = make_package(tmp_path / "hers.ecq", 0o660)
    before = os.stat(package)
    monkeypatch.setattr(file_identity, "_effective_uid", lambda: before.st_uid + 4242)
    opened = edit_and_save(package, "The reviewer's edit.")
    after = os.stat(package)
    assert (after.st_ino, after.st_uid, after.st_gid) == (before.st_ino, before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o660
    assert "belongs to another user" in opened.sharing_note
    opened.close()
    assert first_text(package) == "The reviewer's edit."
    assert not list(in_place.journal_folder().iterdir())  # the journal is gone once the save is whole


_AS_USER = """
import json, os, sys
# everything is imported before the user changes: the interpreter lives under root's home
from ecqwriter.application import documents, text_import
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.packagefile import PackageFile
import platformdirs, sqlite3, fcntl, socket, getpass, secrets, hashlib, json.decoder, encodings.idna, encodings.utf_8_sig
load_framework("opm-2006")
sample = load_sample("sample-opm-2006")
uid, gid, action, package, *rest = sys.argv[1:]
os.setgroups([int(gid)]); os.setgid(int(gid)); os.setuid(int(uid)); os.umask(0o007)
try:
    if action == "create":
        PackageFile.create(package, sample, lock=False).close()
        out = {}
    elif action == "import-text":
        out = {"example": text_import.import_text_file(package, rest[0], "leading-change"),
               "note": documents.how_saves_reach(package)}
    else:
        out = {"examples": len(documents.read_package(package).narrative("leading-change").examples)}
except Exception as exc:
    out = {"error": str(exc)}
print(json.dumps(out))
"""


def _as_user(uid: int, gid: int, home: Path, action: str, package: Path, *rest: str) -> dict:
    """One action of the application layer, in a process that has become ``uid``."""
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    done = subprocess.run([sys.executable, "-c", _AS_USER, str(uid), str(gid), action, str(package), *rest],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _checkout_reachable_by_other_users() -> bool:
    """The child becomes another user after its imports; modules it imports later come from the
    checkout, so every folder above it must let others through."""
    return all(os.stat(folder).st_mode & stat.S_IXOTH for folder in (ROOT, *ROOT.parents))


@posix_only
@pytest.mark.skipif(not IS_ROOT, reason="two real users need root to set up")
@pytest.mark.skipif(not _checkout_reachable_by_other_users(), reason="the checkout is private to root")
def test_two_users_and_a_group_folder_the_owner_keeps_her_package():
    """The real case: candidate and reviewer, a setgid 2770 group folder, a 0660 package."""
    candidate, reviewer, group = 42001, 42002, 42000
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"ecq-shared-{os.getpid()}"
    base.mkdir(mode=0o755)
    try:
        folder = base / "group"
        folder.mkdir()
        os.chown(folder, candidate, group)
        os.chmod(folder, 0o2770)
        homes = {}
        for uid in (candidate, reviewer):
            homes[uid] = base / f"home-{uid}"
            homes[uid].mkdir(mode=0o700)
            os.chown(homes[uid], uid, group)
        package = folder / "candidate.ecq"
        draft = base / "review-note.txt"
        assert _as_user(candidate, group, homes[candidate], "create", package) == {}
        os.chmod(package, 0o660)
        draft.write_text("I reorganised the regional offices and cut the backlog by 40 percent.\n")
        os.chmod(draft, 0o644)
        owner_before = os.stat(package)
        assert (owner_before.st_uid, owner_before.st_gid) == (candidate, group)  # setgid folder

        imported = _as_user(reviewer, group, homes[reviewer], "import-text", package, str(draft))
        assert "error" not in imported, imported
        assert "belongs to another user" in imported["note"]  # what happened is said
        after = os.stat(package)
        assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (candidate, group, 0o660)
        assert after.st_ino == owner_before.st_ino

        read = _as_user(candidate, group, homes[candidate], "read", package)
        assert read == {"examples": imported["example"]}  # she reads it, the reviewer's story in it
        # and she saves it herself: her own save replaces it atomically, still 0660 and the group's
        again = _as_user(candidate, group, homes[candidate], "import-text", package, str(draft))
        assert "error" not in again and again["note"] == ""
        final = os.stat(package)
        assert (final.st_uid, final.st_gid, stat.S_IMODE(final.st_mode)) == (candidate, group, 0o660)
        assert final.st_ino != owner_before.st_ino
    finally:
        shutil.rmtree(base, ignore_errors=True)


@posix_only
def test_the_owners_save_keeps_mode_group_attributes_and_acl(tmp_path):
    package = make_package(tmp_path / "mine.ecq", 0o640)
    os.setxattr(package, "user.project", b"SES 2027")
    acl = shutil.which("setfacl")
    if acl:
        subprocess.run([acl, "-m", "u:42003:rw", str(package)], check=True)
        acl_before = os.getxattr(package, "system.posix_acl_access")
    before = os.stat(package)
    edit_and_save(package, "The owner's edit.").close()
    after = os.stat(package)
    assert after.st_ino != before.st_ino  # the owner's save is still an atomic replace
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert os.getxattr(package, "user.project") == b"SES 2027"
    if acl:
        assert os.getxattr(package, "system.posix_acl_access") == acl_before
    assert first_text(package) == "The owner's edit."


@posix_only
def test_a_hard_linked_package_stays_one_file_and_the_user_is_told(tmp_path):
    package = make_package(tmp_path / "linked.ecq")
    other_name = tmp_path / "also-linked.ecq"
    os.link(package, other_name)
    opened = edit_and_save(package, "Seen under both names.")
    assert "hard links" in opened.sharing_note
    opened.close()
    assert os.stat(package).st_ino == os.stat(other_name).st_ino and os.stat(package).st_nlink == 2
    assert first_text(other_name) == "Seen under both names."


@posix_only
def test_an_in_place_save_killed_half_way_is_finished_by_the_next_start(tmp_path, monkeypatch):
    package = make_package(tmp_path / "shared.ecq", 0o660)
    os.link(package, tmp_path / "second-name.ecq")  # forces the in-place path
    opened = PackageFile.open(package)
    edited = opened.package
    edited.narrative("leading-change").examples[0].paragraphs[0] = "Finished after the crash. " * 4000

    real_overwrite = in_place._overwrite

    def killed_half_way(fd, data):
        os.pwrite(fd, data[: len(data) // 2], 0)  # a power cut after half the bytes
        raise KeyboardInterrupt

    monkeypatch.setattr(in_place, "_overwrite", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        opened.save(edited)
    monkeypatch.setattr(in_place, "_overwrite", real_overwrite)
    opened.close()
    assert list(in_place.journal_folder().glob("*.json"))  # the journal survived the "crash"
    finished = in_place.finish_interrupted_writes()
    assert finished == [package.resolve()]
    assert first_text(package).startswith("Finished after the crash.")
    with PackageFile.open(package, read_only=True, lock=False) as check:
        assert check.integrity_ok()


@posix_only
def test_a_file_saved_by_someone_else_after_the_crash_is_left_alone(tmp_path, monkeypatch):
    package = make_package(tmp_path / "shared.ecq", 0o660)
    os.link(package, tmp_path / "second-name.ecq")
    opened = PackageFile.open(package)
    edited = opened.package
    edited.narrative("leading-change").examples[0].paragraphs[0] = "Ours, never finished."

    def killed(fd, data):
        raise KeyboardInterrupt

    real_overwrite = in_place._overwrite
    monkeypatch.setattr(in_place, "_overwrite", killed)
    with pytest.raises(KeyboardInterrupt):
        opened.save(edited)
    opened.close()
    monkeypatch.setattr(in_place, "_overwrite", real_overwrite)
    # the file is still whole (old), so no journal is needed
    assert not list(in_place.journal_folder().glob("*.json"))
    assert first_text(package) != "Ours, never finished."


# ---------------------------------------------------------------------- N3: read-only stays read-only


@posix_only
def test_a_package_made_read_only_while_open_is_not_replaced_by_autosave(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    session = EditingSession.open(package, journal_dir=tmp_path / "journal", autosave_seconds=0)
    session.package.narrative("leading-change").examples[0].paragraphs[0] = "Typed after chmod."
    session.changed()
    os.chmod(package, 0o444)
    before = package.read_bytes()
    with pytest.raises(PackageReadOnlyError, match="made read-only since it was opened"):
        session.tick()
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o444 and package.read_bytes() == before
    session.close(keep_journal=True)


@posix_only
def test_a_read_only_package_opens_read_only_and_says_why(tmp_path):
    package = make_package(tmp_path / "p.ecq", 0o444)
    session = EditingSession.open(package, journal_dir=tmp_path / "journal")
    assert session.read_only and session.read_only_reason == "the file is read-only on disk"
    assert not Path(f"{package}.lock").exists()
    session.close()


# ---------------------------------------------------------------------- N4: Save As


def test_save_as_over_a_package_open_elsewhere_is_refused_and_the_session_goes_on(tmp_path):
    mine = make_package(tmp_path / "mine.ecq")
    theirs = make_package(tmp_path / "theirs.ecq")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from ecqwriter.storage.packagefile import PackageFile; "
        f"f = PackageFile.open({str(theirs)!r}); print('open', flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        theirs_before = theirs.read_bytes()
        session = EditingSession.open(mine, journal_dir=tmp_path / "journal")
        session.package.narrative("leading-change").examples[0].paragraphs[0] = "Mine, kept."
        session.changed()
        with pytest.raises(PackageLockedError, match="open elsewhere"):
            session.save_as(theirs, overwrite=True)
        assert theirs.read_bytes() == theirs_before
        session.save()  # the old file is still open and saves as before
        assert session.path == mine and first_text(mine) == "Mine, kept."
        session.close()
    finally:
        holder.kill()
        holder.wait()


def test_save_as_takes_the_new_files_lock_and_releases_the_old(tmp_path):
    mine = make_package(tmp_path / "mine.ecq")
    session = EditingSession.open(mine, journal_dir=tmp_path / "journal")
    session.save_as(tmp_path / "copy.ecq")
    assert Path(f"{tmp_path / 'copy.ecq'}.lock").exists() and not Path(f"{mine}.lock").exists()
    session.close()


# ---------------------------------------------------------------------- N5, N10: working copies


def _sweep_in_another_process() -> None:
    subprocess.run([sys.executable, "-c", "from ecqwriter.application.documents import tidy_working_files; "
                    "tidy_working_files()"], check=True, cwd=ROOT, timeout=60)


def test_the_start_of_another_ecqwriter_never_deletes_an_open_sessions_working_copy(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    idle = EditingSession.open(package, journal_dir=tmp_path / "journal")
    reader = PackageFile.open(package, read_only=True, lock=False)
    week_ago = time.time() - 8 * 24 * 3600
    for working in (idle.file.working, reader.working):
        os.utime(working, (week_ago, week_ago))
    _sweep_in_another_process()
    assert idle.file.working.exists() and reader.working.exists()
    idle.package.narrative("leading-change").examples[0].paragraphs[0] = "Saved after a week idle."
    idle.save()
    assert first_text(package) == "Saved after a week idle."
    idle.close()
    reader.close()


def test_a_killed_save_leaves_nothing_behind_after_the_next_start(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    child = subprocess.Popen([sys.executable, "-c", (
        "from ecqwriter.storage.packagefile import PackageFile\n"
        f"f = PackageFile.open({str(package)!r}, lock=False)\n"
        "print('open', flush=True)\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1\n"
        "    p = f.package\n"
        "    p.narrative('leading-change').examples[0].paragraphs[0] = 'Save %d. ' % i * 3000\n"
        "    f.save(p)\n")], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ))
    assert child.stdout.readline().strip() == "open"
    time.sleep(1.5)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert working_files(), "the killed process's working copy is there before the next start"
    time.sleep(workcopy._FRESH_TEMPORARY_SECONDS + 0.5)
    _sweep_in_another_process()
    assert working_files() == []
    PackageFile.open(package).close()  # opening for writing sweeps the package's folder
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".saving")]
    with PackageFile.open(package, read_only=True, lock=False) as check:
        assert check.integrity_ok()


def test_orphan_saving_files_are_swept_but_a_save_in_progress_is_not(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    orphan = tmp_path / ".0123456789abcdef.saving"
    busy = tmp_path / ".fedcba9876543210.saving"
    for path in (orphan, busy):
        path.write_bytes(b"half a package")
        old = time.time() - 120
        os.utime(path, (old, old))
    import fcntl

    holder = os.open(busy, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        edit_and_save(package, "Sweeps the folder.").close()
        assert not orphan.exists() and busy.exists()
    finally:
        os.close(holder)


# ---------------------------------------------------------------------- N6: the state folder is full


@pytest.fixture
def full_state_folder(tmp_path, monkeypatch):
    """The app's state folder on a small disk that is then filled (a tmpfs when root may mount
    one; otherwise every write into it fails with ENOSPC, as a full disk answers)."""
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    mounted = IS_ROOT and sys.platform.startswith("linux") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(state)], capture_output=True).returncode == 0

    def fill():
        if mounted:
            with open(state / "filler", "wb") as filler:
                try:
                    while True:
                        filler.write(b"\0" * 65536)
                        filler.flush()
                except OSError:
                    pass
        else:
            import errno

            real_open = os.open

            def full_disk_open(path, flags, *args, **kwargs):
                if os.fspath(path).startswith(str(state)) and flags & os.O_CREAT:
                    raise OSError(errno.ENOSPC, "No space left on device", os.fspath(path))
                return real_open(path, flags, *args, **kwargs)

            monkeypatch.setattr(os, "open", full_disk_open)

    real_open = os.open
    yield state, fill
    monkeypatch.setattr(os, "open", real_open)  # only what fill() changed; the folders stay isolated
    if mounted:
        subprocess.run(["umount", "-l", str(state)], check=False)


def test_a_full_state_folder_says_what_works_and_save_as_works(tmp_path, full_state_folder):
    state, fill = full_state_folder
    package = make_package(tmp_path / "p.ecq")
    session = EditingSession.open(package, journal_dir=state / "recovery")
    fill()
    session.package.narrative("leading-change").examples[0].paragraphs[0] = "Written on a full day. " * 3000
    session.changed()
    session._journal_due = 0  # the journal is due now
    from ecqwriter.core.errors import EcqError

    with pytest.raises(EcqError, match="recovery journal") as journal_error:
        session.journal.write(session.package)
    assert "Save As" in str(journal_error.value)
    with pytest.raises(PackageFileError) as save_error:
        session.save()
    assert "Save As" in str(save_error.value)
    rescue = tmp_path / "rescue"
    rescue.mkdir()
    session.save_as(rescue / "p.ecq")
    assert first_text(rescue / "p.ecq").startswith("Written on a full day.")
    session.package.narrative("leading-change").examples[0].paragraphs[0] = "And saved again there."
    session.save()
    assert first_text(rescue / "p.ecq") == "And saved again there."
    session.close()
    assert not [p for p in rescue.iterdir() if p.name.startswith(".")]  # its working copy went with it


# ---------------------------------------------------------------------- N7, N8: what is read


def test_a_huge_sparse_package_is_refused_before_any_copy(tmp_path):
    sparse = tmp_path / "huge.ecq"
    with open(sparse, "wb") as handle:
        handle.write(make_package(tmp_path / "real.ecq").read_bytes()[:100])
        handle.truncate(3 * 1024 ** 3)
    started = time.monotonic()
    done = run_cli("check", sparse, timeout=60)
    assert time.monotonic() - started < 20
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "too large" in done.stderr and "huge.ecq" in done.stderr
    state = Path(os.environ["XDG_STATE_HOME"])
    assert sum(p.stat().st_size for p in state.rglob("*") if p.is_file()) < 10 * 1024 * 1024


def test_the_package_size_cap_is_configurable(tmp_path):
    package = make_package(tmp_path / "p.ecq")
    done = run_cli("check", package, env={"ECQWRITER_MAX_PACKAGE_MB": "0.01"})
    assert done.returncode == 2 and "too large" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command", ["check", "import-text", "analyze", "import-docx"])
def test_a_fifo_given_as_a_file_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "pipe.ecq"
    os.mkfifo(fifo)
    package = make_package(tmp_path / "p.ecq")
    before = package.read_bytes()
    args = {
        "check": ["check", fifo],
        "import-text": ["import-text", package, fifo, "--ecq", "leading-change"],
        "analyze": ["analyze", fifo],
        "import-docx": ["import-docx", package, fifo],
    }[command]
    done = run_cli(*args, timeout=30)  # the old code waited here for good
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "named pipe" in done.stderr and "pipe.ecq" in done.stderr
    assert package.read_bytes() == before


# ---------------------------------------------------------------------- found by attacking the change


def _cut_short_in_place_save(package: Path, monkeypatch, words: str) -> None:
    opened = PackageFile.open(package)
    edited = opened.package
    edited.narrative("leading-change").examples[0].paragraphs[0] = words

    def killed_half_way(fd, data):
        os.pwrite(fd, data[: len(data) // 2], 0)
        raise KeyboardInterrupt

    real_overwrite = in_place._overwrite
    monkeypatch.setattr(in_place, "_overwrite", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        opened.save(edited)
    monkeypatch.setattr(in_place, "_overwrite", real_overwrite)
    opened.close()


@posix_only
def test_a_journal_whose_file_cannot_be_reached_is_kept_for_a_later_start(tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    package = make_package(share / "c.ecq")
    os.link(package, share / "c-link.ecq")
    _cut_short_in_place_save(package, monkeypatch, "Kept across an unmounted share. " * 3000)
    share.rename(tmp_path / "share-not-mounted")
    assert in_place.finish_interrupted_writes() == []
    assert list(in_place.journal_folder().glob("*.json"))  # not thrown away
    (tmp_path / "share-not-mounted").rename(share)
    assert in_place.finish_interrupted_writes() == [package.resolve()]
    assert first_text(package).startswith("Kept across an unmounted share.")


def test_journal_bytes_without_a_record_are_swept(tmp_path):
    folder = in_place.journal_folder()
    stray = [folder / "0123456789abcdef.new", folder / "0123456789abcdef.old"]
    old = time.time() - 120
    for path in stray:
        path.write_bytes(b"a whole package")
        os.utime(path, (old, old))
    in_place.finish_interrupted_writes()
    assert not any(path.exists() for path in stray)


@posix_only
@pytest.mark.skipif(not shutil.which("setfacl"), reason="setfacl (Debian package acl)")
def test_a_folders_default_acl_does_not_come_back_on_a_saved_file(tmp_path):
    folder = tmp_path / "with-default-acl"
    folder.mkdir()
    subprocess.run(["setfacl", "-d", "-m", "u:42003:rw", str(folder)], check=True)
    package = make_package(folder / "x.ecq")
    subprocess.run(["setfacl", "-b", str(package)], check=True)
    os.chmod(package, 0o640)
    edit_and_save(package, "No one else may read this.").close()
    assert "system.posix_acl_access" not in os.listxattr(package)
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o640


@posix_only
def test_save_as_over_an_existing_file_keeps_its_link_and_permissions(tmp_path):
    source = make_package(tmp_path / "mine.ecq")
    (tmp_path / "elsewhere").mkdir()
    real = make_package(tmp_path / "elsewhere" / "real.ecq", 0o660)
    link = tmp_path / "link.ecq"
    link.symlink_to(real)
    session = EditingSession.open(source, journal_dir=tmp_path / "journal")
    session.package.narrative("leading-change").examples[0].paragraphs[0] = "Saved through the link."
    session.save_as(link, overwrite=True)
    session.close()
    assert link.is_symlink() and stat.S_IMODE(os.stat(real).st_mode) == 0o660
    assert first_text(real) == "Saved through the link."


@posix_only
def test_an_in_place_save_keeps_the_set_group_id_bit(tmp_path, monkeypatch):
    package = make_package(tmp_path / "setgid.ecq", 0o2660)
    if stat.S_IMODE(os.stat(package).st_mode) != 0o2660:
        pytest.skip("this file system does not keep set-group-ID on files")
    os.link(package, tmp_path / "second.ecq")
    edit_and_save(package, "Still setgid.").close()
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o2660


def test_a_full_state_folder_during_a_shared_save_names_the_state_folder(tmp_path, full_state_folder):
    state, fill = full_state_folder
    package = make_package(tmp_path / "shared.ecq")
    os.link(package, tmp_path / "second.ecq")  # saved in place, journalled in the state folder
    opened = PackageFile.open(package)
    before = package.read_bytes()
    edited = opened.package
    edited.narrative("leading-change").examples[0].paragraphs[0] = "Not journalled."
    journal = in_place.journal_folder()
    fill()
    try:
        opened.save(edited)
        opened.close()
    except PackageFileError as exc:
        # the working copy or the journal: either way the message names ecqwriter's folder
        assert "state folder" in exc.message or "working copy" in exc.message
        assert "Save As" in exc.message
    else:
        pytest.fail("the save into a shared file went on without its journal")
    finally:
        opened.close()
    assert package.read_bytes() == before
    assert not list(journal.glob("*"))
