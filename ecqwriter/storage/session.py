"""An editing session on one package: the open file, unsaved changes, autosave, recovery.

This is the GUI's model of "the document", kept free of Qt so it can be tested and
driven by a crash harness: the GUI only calls ``changed()``, ``autosave_if_due()`` and
``save()`` from its timers and menus.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from ecqwriter.core.errors import EcqError, PackageExistsError, PackageFileError
from ecqwriter.core.model import Package
from ecqwriter.storage.backup import backup_package
from ecqwriter.storage.exchange import ExchangeSummary, Identity, summarise_exchange
from ecqwriter.storage import workcopy
from ecqwriter.storage.lock import PackageLock
from ecqwriter.storage.packagefile import PackageFile
from ecqwriter.storage.recovery import RecoveryJournal

DEFAULT_AUTOSAVE_SECONDS = 10.0
JOURNAL_DELAY_SECONDS = 1.0


class EditingSession:
    def __init__(self, opened: PackageFile, *, journal_dir: Path | None = None,
                 backups_dir: Path | None = None, autosave_seconds: float = DEFAULT_AUTOSAVE_SECONDS,
                 clock=time.monotonic, identity: Identity | None = None):
        self.file = opened
        self.package: Package = opened.package
        self.journal = RecoveryJournal(opened.path, journal_dir)
        self.backups_dir = backups_dir
        self.autosave_seconds = autosave_seconds
        self._clock = clock
        self._dirty_since: float | None = None
        self._journal_due: float | None = None
        self._backed_up = False
        self.last_saved: float | None = None
        # who is working: their name goes on comments and in the file's save log
        self.identity = identity
        self.read_only_reason = ""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, force_lock: bool = False, **kwargs) -> "EditingSession":
        """A session on the package; a file its owner made read-only opens read-only, and
        ``read_only_reason`` says so (the window shows it)."""
        reason = ""
        if not read_only and workcopy.read_only_on_disk(Path(path)):
            read_only, reason = True, "the file is read-only on disk"
        session = cls(PackageFile.open(path, read_only=read_only, force_lock=force_lock), **kwargs)
        session.read_only_reason = reason
        return session

    @classmethod
    def create(cls, path: str | Path, package: Package, **kwargs) -> "EditingSession":
        return cls(PackageFile.create(path, package), **kwargs)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def dirty(self) -> bool:
        return self._dirty_since is not None

    # ------------------------------------------------------------------ editing

    def changed(self) -> None:
        """The package in memory changed; schedule the journal and the autosave."""
        now = self._clock()
        if self._dirty_since is None:
            self._dirty_since = now
        self._journal_due = now + JOURNAL_DELAY_SECONDS

    def tick(self) -> str | None:
        """Called often by a timer: writes the journal and autosaves when due.
        Returns "saved", "journal" or None; raises the core's errors on failure."""
        if self.read_only or self._dirty_since is None:
            return None
        now = self._clock()
        if now - self._dirty_since >= self.autosave_seconds:
            self.save()
            return "saved"
        if self._journal_due is not None and now >= self._journal_due:
            self.journal.write(self.package)  # RecoveryJournalError, one of the core's errors
            self._journal_due = None
            return "journal"
        return None

    def save(self) -> None:
        if not self._backed_up and self.backups_dir is not None:
            # one backup of the file as it was before this session's first save
            backup_package(self.path, self.backups_dir)
            self._backed_up = True
        self.file.save(self.package, identity=self.identity)
        self._dirty_since = None
        self._journal_due = None
        self.last_saved = self._clock()
        self.journal.discard()

    def save_as(self, path: str | Path, *, overwrite: bool = False) -> None:
        """Write the package to a new file and continue the session there.

        The target's lock is taken first: a package someone has open is never overwritten.
        The old file stays open until the new one is, so a failure leaves the session as it
        was. Temporary files go beside the target, on its disk."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise PackageExistsError("a file with this name exists", path)
        if path.exists() and _same_file(path, self.path):
            self.save()
            return
        target_lock = PackageLock.acquire(path)  # PackageLockedError names who has it open
        try:
            self._write_copy(path)
            reopened = PackageFile.open(path, lock=False)
        except BaseException:
            target_lock.release()
            raise
        reopened.lock = target_lock
        old_file, old_journal = self.file, self.journal
        self.file = reopened
        self.package = reopened.package
        self.journal = RecoveryJournal(path, old_journal.folder)
        self._dirty_since = None
        self._journal_due = None
        self.read_only_reason = ""
        old_journal.discard()
        old_file.close()

    def _write_copy(self, path: Path) -> None:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.copy")  # unpredictable: no planted link
        try:
            try:
                # the copy keeps the history (revisions, save log, what each person saw)
                self.file.copy_to(tmp)
                copied = PackageFile.open(tmp, lock=False)
                try:
                    copied.save(self.package, identity=self.identity)
                finally:
                    copied.close()
            except EcqError:
                tmp.unlink(missing_ok=True)
                PackageFile.create(tmp, self.package, lock=False).close()
            if path.exists():
                # replacing a file on purpose keeps what it is: a symlink, its owner, mode and links
                workcopy.publish(tmp, path, workcopy.state_of(path))
                tmp.unlink()
            else:
                os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise PackageFileError(f"Save As failed and nothing was written ({exc.strerror or exc})", path) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def exchange(self) -> ExchangeSummary | None:
        """What changed since this session's person last saved the package (None: no identity)."""
        if self.identity is None:
            return None
        return summarise_exchange(self.package, self.identity.name, self.file.save_log(),
                                  self.file.seen_by(self.identity.name))

    def mark_seen(self) -> None:
        """Record the package as seen by this session's person now, by saving under their name."""
        if self.identity is not None and not self.read_only:
            self.save()

    def close(self, *, keep_journal: bool = False) -> None:
        if not keep_journal:
            self.journal.discard()
        self.file.close()


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False
