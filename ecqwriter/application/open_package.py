"""A package open for editing, as the window and the command line use it.

Everything a user does to an open package goes through here: edit and autosave, save and
Save As, revisions and named snapshots, who changed what, dismissing a finding, and the
checks. The storage session under it (``storage/session.py``: the working copy, the lock,
the journal, the backups) and the analysis engine stay out of sight of the layers above.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.model import Example, Package
from ecqwriter.storage.exchange import ExchangeSummary, Identity, SaveRecord
from ecqwriter.storage.revisions import Revision
from ecqwriter.storage.session import EditingSession


@dataclass(frozen=True)
class StorySnapshot:
    """What a check of one story needs, copied out of the open package: the worker analyses
    it while the person goes on typing (strings are immutable, so nothing is shared)."""

    text: str
    framework_id: str
    ecq_id: str
    as_of: object
    dismissed: frozenset = field(default_factory=frozenset)


class OpenPackage:
    """One package open in the app. ``package`` is the model being edited; call
    ``changed()`` after every edit so that the journal and the autosave follow."""

    def __init__(self, session: EditingSession):
        self._session = session

    # ------------------------------------------------------------------ what it is

    @property
    def package(self) -> Package:
        return self._session.package

    def restore(self, package: Package) -> None:
        """Put a recovered package (from the journal) in place of the one read, unsaved."""
        self._session.package = package
        self.changed()

    @property
    def path(self) -> Path:
        return self._session.path

    @property
    def read_only(self) -> bool:
        return self._session.read_only

    @property
    def read_only_reason(self) -> str:
        """Why a package opened read-only though the person asked to edit it ("" if not)."""
        return self._session.read_only_reason

    @property
    def dirty(self) -> bool:
        return self._session.dirty

    @property
    def last_saved(self) -> float | None:
        return self._session.last_saved

    @property
    def migrated_from(self) -> int | None:
        """The file format version the package was upgraded from when it was opened."""
        return self._session.file.migrated_from

    @property
    def sharing_note(self) -> str:
        """How saves reach a file in a shared folder ("" for one's own file)."""
        return self._session.file.sharing_note

    @property
    def journal_path(self) -> Path:
        """Where unsaved work is journalled until it is saved (recovery after a crash)."""
        return self._session.journal.path

    @property
    def identity(self) -> Identity | None:
        return self._session.identity

    @identity.setter
    def identity(self, identity: Identity | None) -> None:
        self._session.identity = identity

    @property
    def autosave_seconds(self) -> float:
        return self._session.autosave_seconds

    @autosave_seconds.setter
    def autosave_seconds(self, seconds: float) -> None:
        self._session.autosave_seconds = seconds

    # ------------------------------------------------------------------ editing and saving

    def changed(self) -> None:
        self._session.changed()

    def tick(self) -> str | None:
        """Called often by a timer: "saved", "journal" or None (raises the core's errors)."""
        return self._session.tick()

    def save(self) -> None:
        self._session.save()

    def save_as(self, path: str | Path, *, overwrite: bool = False) -> None:
        self._session.save_as(path, overwrite=overwrite)

    def close(self, *, keep_journal: bool = False) -> None:
        self._session.close(keep_journal=keep_journal)

    def dismiss(self, rule: str, where: str, fingerprint: str) -> None:
        """Hide a finding in this package from now on (it travels with the file)."""
        self.package.dismissed.add((rule, where, fingerprint))
        self.changed()

    # ------------------------------------------------------------------ history and people

    def revisions(self, example: Example) -> list[Revision]:
        return self._session.file.revisions(example.id)

    def snapshot(self, example: Example, name: str) -> None:
        """Keep the story as it is now under a name, in the package's history."""
        self._session.file.snapshot(example, name)

    def save_log(self) -> list[SaveRecord]:
        """Who saved the package, in which role, when (one entry per turn of a person)."""
        return self._session.file.save_log()

    def people(self) -> list[str]:
        """Everyone who has saved this package."""
        return self._session.file.people()

    def last_seen_by(self, person: str, target: str):
        """The text of ``target`` (a story or part) as ``person`` last saw it, or None."""
        return self._session.file.seen_by(person).get(target)

    def exchange(self) -> ExchangeSummary | None:
        """What changed since this person last saved (None without an identity)."""
        return self._session.exchange()

    # ------------------------------------------------------------------ checks

    def story_snapshot(self, text: str, ecq_id: str) -> StorySnapshot:
        """A story's text as the editor holds it (its offsets are the editor's), to analyse."""
        package = self.package
        return StorySnapshot(text, package.framework_id, ecq_id, package.reference_date(),
                             frozenset(fp for _, _, fp in package.dismissed))

    def package_snapshot(self) -> Package:
        """A copy of the package for a check in the background, so typing goes on while the
        worker reads. Its strings are shared (Python never copies a str), so the copy costs
        about 0.2 ms for a 5,000-word package (benchmarks: the check after an edit, 7 ms)."""
        return copy.deepcopy(self.package)


def analyse_story(snapshot: StorySnapshot):
    """The analysis of one story, as the editor shows it (its own text, one story)."""
    from ecqwriter.application.checking import get_analyzer

    return get_analyzer().analyze_text(snapshot.text, snapshot.framework_id, snapshot.ecq_id,
                                       as_of=snapshot.as_of, dismissed=snapshot.dismissed, example_starts=[0])


def check_open_package(package: Package):
    """The package report of a snapshot (``OpenPackage.package_snapshot``)."""
    from ecqwriter.application.checking import check_package

    return check_package(package)
