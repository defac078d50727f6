"""No network: a whole core session must never open a socket."""

import socket

import pytest


@pytest.fixture
def no_sockets(monkeypatch):
    opened = []

    class Guard(socket.socket):
        def __init__(self, *args, **kwargs):
            opened.append(args)
            raise AssertionError(f"a socket was opened: {args}")

    monkeypatch.setattr(socket, "socket", Guard)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError("connect")))
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError("dns")))
    yield opened
    assert opened == []


def test_analysis_session_opens_no_socket(no_sockets, tmp_path):
    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.samples import materialise_sample
    from ecqwriter.storage.packagefile import PackageFile, read_package

    analyzer = Analyzer()  # builds the pipeline inside the guard
    path = materialise_sample(tmp_path, "sample-opm-2006")
    with PackageFile.open(path) as opened:
        package = opened.package
        package.narrative("leading-change").examples[0].paragraphs.append("I also cut costs by 5 percent.")
        opened.save(package)
    report = check_package(read_package(path), analyzer=analyzer)
    assert report.ecqs
    analyzer.analyze_text(load_sample("sample-opm-2006").resume, "opm-2025")
