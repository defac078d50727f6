import os
import sys
from pathlib import Path

# Qt must never need a real display in the suite (the Xvfb smoke test sets its own)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keep the app's settings, recent files and backups out of the user's real folders
os.environ.setdefault("ECQWRITER_TEST_MODE", "1")

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", help="run the long crash/fuzz trials")


@pytest.fixture
def long_mode(request) -> bool:
    return bool(request.config.getoption("--long") or os.environ.get("ECQWRITER_LONG"))


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    yield home


@pytest.fixture
def framework_2006():
    from ecqwriter.core.frameworks import load_framework

    return load_framework("opm-2006")


@pytest.fixture
def sample_package():
    from ecqwriter.core.samples import load_sample

    return load_sample("sample-opm-2006")


def run_cli(*args, cwd=None, env=None, timeout=120):
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "ecqwriter", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=timeout,
    )


def libreoffice_or_skip() -> str:
    """The LibreOffice binary; CI installs it, so there its absence fails the test."""
    import shutil

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed; .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed on this development machine")
    return office


def build_package_from_sql(path, fixture: str, version: int):
    """A package file as an older ecqwriter wrote it, from a kept SQL dump."""
    import sqlite3

    from ecqwriter.storage import schema

    db = sqlite3.connect(path)
    db.executescript((FIXTURES / fixture).read_text())
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.commit()
    db.close()
    return path
