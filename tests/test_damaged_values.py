"""Every column of a package holding a value of the wrong kind: never a traceback.

SQLite keeps whatever was written, whatever the column's declared type, so a damaged or
hand-edited package can hold a BLOB résumé, a float example id or junk dates. Each such file
either opens (the value repaired) or is refused with one clear message, in the CLI and in the
window alike.
"""

import sqlite3

import pytest
from PySide6.QtCore import QSettings

from conftest import run_cli
from ecqwriter.core.comments import example_target, new_comment
from ecqwriter.core.errors import PackageFileError
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.exchange import Identity
from ecqwriter.storage.packagefile import PackageFile, read_package

BAD_VALUES = [b"\xff\xfe binary \x00", 2**63 - 1, -1.5e308, "not-a-date 99:99", "no-such-ecq"]


def rich_package(path):
    """A package with a row in every table: comments, replies, revisions, saves, seen texts."""
    package = load_sample("sample-opm-2006")
    example = package.narrative("leading-change").examples[0]
    comment = new_comment(example_target(example.id), example.text, 3, 20, "Coach", "Say what you did.")
    comment.reply("Candidate", "Done.")
    package.comments.append(comment)
    package.dismissed = {("first-person-plural", "ecq:leading-change/example:1", "abc")}
    PackageFile.create(path, package, lock=False).close()
    with PackageFile.open(path) as opened:
        opened.save(opened.package, identity=Identity("Candidate"))
        opened.snapshot(example, "first draft")
    return path


def all_columns(path):
    db = sqlite3.connect(path)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%'")]
    columns = [(table, row[1]) for table in tables for row in db.execute(f"PRAGMA table_info({table})")]
    db.close()
    return columns


def damaged_copies(tmp_path, base):
    """One file per (column, bad value): yields (label, path)."""
    for table, column in all_columns(base):
        for number, value in enumerate(BAD_VALUES):
            path = tmp_path / f"{table}-{column}-{number}.ecq"
            path.write_bytes(base.read_bytes())
            db = sqlite3.connect(path)
            try:
                db.execute(f'UPDATE {table} SET "{column}" = ?', (value,))
                db.commit()
            except sqlite3.Error:
                db.close()
                path.unlink()
                continue  # the schema itself refuses this value (a key or a CHECK)
            db.close()
            yield f"{table}.{column}={value!r:.20}", path


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    base = rich_package(folder / "base.ecq")
    return list(damaged_copies(folder, base))


def test_every_damaged_value_opens_or_is_refused_clearly(damaged):
    from ecqwriter.analysis.engine import get_analyzer
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.export import export_package

    assert len(damaged) > 250
    opened = refused = 0
    analyzer = get_analyzer()
    for label, path in damaged:
        try:
            package = read_package(path)
        except PackageFileError as exc:
            assert str(path) in str(exc), label
            refused += 1
            continue
        opened += 1
        check_package(package, label=label, analyzer=analyzer)
        with PackageFile.open(path) as writable:
            writable.revisions(package.narratives["leading-change"].examples[0].id
                               if package.narratives.get("leading-change") and
                               package.narratives["leading-change"].examples else "x")
            writable.save_log()
            writable.save(writable.package, identity=Identity("Coach", "reviewer"))
        try:
            export_package(package, path.with_suffix(".pdf"))
        except PackageFileError:
            pass
        except Exception as exc:  # an unknown framework is a clear export error, anything else a bug
            from ecqwriter.core.errors import EcqError

            assert isinstance(exc, EcqError), f"{label}: {exc!r}"
    assert opened > refused  # most damage is repaired, not refused


def test_cli_on_damaged_values_never_shows_a_traceback(damaged):
    # one CLI run over all the files at once: check reads each, and reports each
    paths = [path for _, path in damaged]
    result = run_cli("check", *paths, "--json", timeout=600)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    story = paths[0].with_name("story.txt")
    story.write_text("In 2024 I cut the backlog by 30 percent.")
    for label, path in damaged[::7]:
        result = run_cli("import-text", path, "--ecq", "leading-change", story)
        assert result.returncode in (0, 2), f"{label}: {result.stderr}"
        assert "Traceback" not in result.stderr and result.stderr.count("\n") <= 1, label


@pytest.mark.gui
def test_window_opens_every_damaged_value_without_an_exception(qtbot, tmp_path, damaged):
    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.panels.navigator import Node
    from ecqwriter.gui.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    window = MainWindow(settings, journal_dir=tmp_path / "journal", backups_dir=tmp_path / "backups")
    window.ask = lambda title, question: False
    warnings = []
    window.warn = lambda title, message: warnings.append(message)
    qtbot.addWidget(window)
    window.show()
    opened = 0
    for label, path in damaged:
        if not window.documents.open_path(path):
            assert warnings and str(path) in warnings[-1], label
            continue
        opened += 1
        for ecq_id, narrative in list(window.state.session.package.narratives.items())[:3]:
            window.navigator.setCurrentItem(window.navigator.item_for(Node("ecq", ecq_id)))
            for example in narrative.examples[:1]:
                item = window.navigator.item_for(Node("example", ecq_id, example.id))
                if item is not None:
                    window.navigator.setCurrentItem(item)
        window.state.session.changed()
        window.documents.save()
        assert window.documents.close_package(), label
    assert opened > len(damaged) // 2


@pytest.mark.gui
def test_window_offers_a_repaired_copy_of_an_unsafe_package(qtbot, tmp_path):
    import hashlib

    from ecqwriter.gui.main_window import MainWindow
    from ecqwriter.gui.settings import AppSettings

    path = rich_package(tmp_path / "mine.ecq")
    db = sqlite3.connect(path)
    db.execute("CREATE TRIGGER vanish AFTER INSERT ON paragraphs BEGIN DELETE FROM paragraphs "
               "WHERE rowid = new.rowid; END")
    db.commit()
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    window = MainWindow(settings, journal_dir=tmp_path / "journal", backups_dir=tmp_path / "backups")
    questions = []
    window.ask = lambda title, question: questions.append(question) or len(questions) > 1
    window.warn = lambda title, message: pytest.fail(message)
    qtbot.addWidget(window)
    window.show()
    assert not window.documents.open_path(path)  # declined: nothing opened, nothing written
    assert "trigger 'vanish'" in questions[0] and window.state.session is None
    assert window.documents.open_path(path)  # accepted: the repaired copy is open
    repaired = tmp_path / "mine (repaired).ecq"
    assert window.state.session.path == repaired
    example = window.state.session.package.narrative("leading-change").examples[0]
    example.paragraphs = example.paragraphs + ["Typed after the repair."]
    window.state.session.changed()
    assert window.documents.save()
    window.documents.close_package()
    assert read_package(repaired).narrative("leading-change").examples[0].paragraphs[-1] == "Typed after the repair."
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
