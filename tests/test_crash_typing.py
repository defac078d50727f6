"""Crash harness: a process types into a package as the window does (edits, autosave ticks,
recovery journal), is killed with SIGKILL at random moments, and nothing more than the
autosave interval of typing may be lost. Long mode: ECQWRITER_LONG=1 or --long (200 trials)."""

import json
import random
import signal
import subprocess
import sys
import time

from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package
from ecqwriter.storage.packagefile import PackageFile, read_package
from ecqwriter.storage.recovery import RecoveryJournal

KEYSTROKE_S = 0.05  # simulated time per keystroke (a fast typist)
AUTOSAVE_S = 2.0  # autosave interval used in the harness
# the most typing that may be lost: one autosave interval of keystrokes (+1 in flight)
MAX_LOSS = int(AUTOSAVE_S / KEYSTROKE_S) + 1

TYPIST = r"""
import sys, time
from ecqwriter.storage.session import EditingSession
path, journal, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
now = [0.0]
session = EditingSession.open(path, journal_dir=journal, autosave_seconds=%(autosave)s, clock=lambda: now[0])
example = session.package.narrative("leading-change").examples[0]
text = example.text
typed = len(text)
while True:
    typed += 1
    text += "abcdefghij"[typed %% 10] if typed %% 61 else "\n\n"
    example.text = text
    session.changed()
    now[0] += %(keystroke)s
    if typed %% 97 == 0:
        now[0] += 1.5  # a pause: the journal catches up
    session.tick()
    print(len(text.replace("\n", "")), flush=True)
    time.sleep(0.0005)
""" % {"autosave": AUTOSAVE_S, "keystroke": KEYSTROKE_S}


def recovered_length(path, journal_dir) -> tuple[int, str]:
    """What the user gets back at the next start: the journal when it is newer, else the file."""
    saved = read_package(path).narrative("leading-change").examples[0].text
    work = RecoveryJournal(path, journal_dir).read()
    if work is not None:
        journal_text = work.package.narrative("leading-change").examples[0].text
        if len(journal_text.replace("\n", "")) >= len(saved.replace("\n", "")):
            return len(journal_text.replace("\n", "")), "journal"
    return len(saved.replace("\n", "")), "file"


def test_sigkill_while_typing_loses_at_most_the_autosave_interval(tmp_path, long_mode):
    trials = 200 if long_mode else 15
    path = tmp_path / "typing.ecq"
    journal = tmp_path / "journal"
    package = Package.new("A", load_framework("opm-2006"))
    package.narrative("leading-change").examples.append(Example("e", ["Start"]))
    PackageFile.create(path, package, lock=False).close()
    rng = random.Random(8)
    worst, failures, results = 0, [], []
    for trial in range(trials):
        child = subprocess.Popen([sys.executable, "-c", TYPIST, str(path), str(journal), str(trial)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip(), "the typist could not start"
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        lines = [line for line in child.stdout.read().splitlines() if line.strip()]
        child.wait()
        typed_chars = int(lines[-1]) if lines else 0
        with PackageFile.open(path, lock=False) as opened:
            integrity = opened.integrity_ok()
        got, source = recovered_length(path, journal)
        lost = max(0, typed_chars - got)
        worst = max(worst, lost)
        results.append({"trial": trial, "typed": typed_chars, "recovered": got, "from": source})
        if not integrity or lost > MAX_LOSS:
            failures.append(results[-1])
        # the next trial continues from what the user would have recovered
        if source == "journal":
            work = RecoveryJournal(path, journal).read()
            with PackageFile.open(path, lock=False) as opened:
                opened.save(work.package)
        RecoveryJournal(path, journal).discard()
    report = {"trials": trials, "failures": len(failures), "worst_loss_chars": worst, "max_allowed": MAX_LOSS}
    (tmp_path / "report.json").write_text(json.dumps(report))
    print("crash-typing", json.dumps(report))
    assert not failures, failures[:3]
