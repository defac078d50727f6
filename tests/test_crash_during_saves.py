"""SIGKILL a process in the middle of a stream of saves; the file must always survive."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package
from ecqwriter.storage.packagefile import PackageFile

WRITER = r"""
import sys
from ecqwriter.storage.packagefile import PackageFile
path = sys.argv[1]
opened = PackageFile.open(path)
package = opened.package
example = package.narrative("leading-change").examples[0]
counter = int(package.resume or 0)
while True:
    counter += 1
    package.resume = str(counter)
    # a realistically sized edit: the whole example text changes with every save
    example.paragraphs = [f"Save {counter}: " + "I led the change. " * 200] * 4
    opened.save(package)
    print(counter, flush=True)
"""


def test_sigkill_during_saves_never_loses_a_committed_save(tmp_path, long_mode):
    trials = 200 if long_mode else 25
    path = tmp_path / "crash.ecq"
    package = Package.new("A", load_framework("opm-2006"))
    package.narrative("leading-change").examples.append(Example("e", ["start"]))
    PackageFile.create(path, package, lock=False).close()
    rng = random.Random(20261123)
    last_committed = 0
    for trial in range(trials):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                 stdout=subprocess.PIPE, text=True)
        # wait for at least one save, then kill at a random moment
        first = child.stdout.readline()
        assert first.strip(), f"trial {trial}: writer could not open the package"
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        printed = [first] + child.stdout.readlines()
        child.wait()
        confirmed = int(printed[-1]) if printed[-1].strip() else int(first)
        with PackageFile.open(path, lock=False) as reopened:
            assert reopened.integrity_ok(), f"trial {trial}: integrity check failed"
            saved = int(reopened.package.resume)
        # the last save the writer reported is there; at most the one in flight beyond it
        assert confirmed <= saved <= confirmed + 1, (trial, confirmed, saved)
        assert saved >= last_committed
        last_committed = saved
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
