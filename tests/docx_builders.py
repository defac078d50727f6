"""Word files shaped like real candidates' drafts, and hostile ones, built for the import tests."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LC_1 = ("In 2021 we reorganised the claims office of 40 staff after two years of growing backlogs "
        "that had drawn congressional inquiries.")
LC_2 = "I cut average processing time by 20 percent and saved $1.2 million a year."


def realistic_draft(path: Path) -> Path:
    """A draft in the shapes candidates use: Title, Heading 1, a custom style based on a
    heading, an outline-level paragraph, a bold line, CCAR labels as headings, a table,
    tracked changes and a Word comment."""
    document = docx.Document()
    styles = document.styles
    custom = styles.add_style("ECQ Title", 1)  # paragraph style, name unlike "Heading"
    custom.base_style = styles["Heading 1"]
    document.add_paragraph("Jane Q. Candidate", style="Title")
    document.add_paragraph("Executive Core Qualifications", style="Heading 1")
    document.add_paragraph("ECQ 1: LEADING CHANGE", style="Heading 1")
    document.add_paragraph("Example 1: Reorganising the claims office", style="Heading 2")
    document.add_paragraph("Challenge", style="Heading 3")
    first = document.add_paragraph(LC_1)
    document.add_comment(first.runs, text="Say I, not we.", author="Coach Lee", initials="CL")
    second = document.add_paragraph("I cut average processing time by ")
    _tracked_insertion(second, "20 percent")
    _tracked_deletion(second, "15 percent")
    second.add_run(" and saved $1.2 million a year.")
    document.add_paragraph("Example 2: Shared services", style="Heading 2")
    document.add_paragraph("I merged three help desks into one shared service for 9,000 users.")
    document.add_paragraph("Leading People", style="ECQ Title")
    document.add_paragraph("I built a team of 12 analysts from four offices and mentored two supervisors.")
    outline = document.add_paragraph("Results Driven")
    properties = outline._p.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    properties.append(level)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Challenge"
    table.cell(0, 1).text = "The program missed its statutory deadlines three years running."
    table.cell(1, 0).text = "Result"
    table.cell(1, 1).text = "Deadlines were met 98 percent of the time in 2023."
    bold = document.add_paragraph()
    bold.add_run("BUSINESS ACUMEN").bold = True
    document.add_paragraph("I managed a $40 million budget and closed a $3 million gap.")
    document.add_paragraph("Building Coalitions", style="Heading 1")
    document.add_paragraph("I negotiated a data-sharing agreement with four states and two agencies.")
    document.save(path)
    return path


def _tracked(paragraph, kind: str, text_tag: str, text: str, change_id: str) -> None:
    change = OxmlElement(kind)
    change.set(qn("w:id"), change_id)
    change.set(qn("w:author"), "Jane")
    change.set(qn("w:date"), "2024-01-02T10:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement(text_tag)
    t.text = text
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def _tracked_insertion(paragraph, text: str) -> None:
    _tracked(paragraph, "w:ins", "w:t", text, "101")


def _tracked_deletion(paragraph, text: str) -> None:
    _tracked(paragraph, "w:del", "w:delText", text, "102")


def simple_docx(path: Path, paragraphs=("Leading Change", LC_1)) -> Path:
    document = docx.Document()
    for index, text in enumerate(paragraphs):
        document.add_paragraph(text, style="Heading 1" if index == 0 else None)
    document.save(path)
    return path


def rewrite_part(source: Path, target: Path, part: str, data: bytes, *, compress=zipfile.ZIP_DEFLATED) -> Path:
    """A copy of ``source`` with one part's bytes replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compress) as new:
        for item in old.infolist():
            content = data if item.filename == part else old.read(item.filename)
            new.writestr(copy.copy(item), content, compress_type=compress)
    return target


def zip_bomb(source: Path, target: Path, megabytes: int = 64) -> Path:
    """document.xml that unpacks to ``megabytes`` MB of text (about 64 kB packed)."""
    filler = b" " * (megabytes * 1024 * 1024)
    body = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + filler + b"</w:t></w:r></w:p></w:body></w:document>")
    return rewrite_part(source, target, "word/document.xml", body)


def lying_sizes(source: Path, target: Path) -> Path:
    """A bomb whose zip headers claim a tiny uncompressed size."""
    zip_bomb(source, target, 48)
    data = bytearray(target.read_bytes())
    name = b"word/document.xml"
    record = data.find(b"PK\x01\x02")
    while record != -1:  # central directory records: the name starts at offset 46
        if data[record + 46:record + 46 + len(name)] == name:
            data[record + 24:record + 28] = (1000).to_bytes(4, "little")  # uncompressed size
        record = data.find(b"PK\x01\x02", record + 4)
    target.write_bytes(bytes(data))
    return target


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""

UTF16_ENTITY = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>').decode(
    "ascii").encode("utf-16")


def threaded_comments_draft(path: Path) -> Path:
    """A draft whose comment has a reply and is marked done, as Word 2013+ writes them:
    the thread lives in commentsExtended.xml, linked by the comments' paragraph ids."""
    document = docx.Document()
    document.add_paragraph("Leading People", style="Heading 1")
    paragraph = document.add_paragraph("I coached four supervisors through a reorganisation.")
    document.add_comment(paragraph.runs, text="Name one result of the coaching.", author="Coach Lee")
    document.add_comment(paragraph.runs, text="Added retention figures.", author="Pat Doe")
    document.save(path)
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    comments = parts["word/comments.xml"].decode()
    assert comments.count("<w:p>") == 2, "python-docx wrote comments differently than expected"
    comments = comments.replace("<w:p>", f'<w:p xmlns:w14="{w14}" w14:paraId="0000AAAA">', 1)
    comments = comments.replace("<w:p>", f'<w:p xmlns:w14="{w14}" w14:paraId="0000BBBB">', 1)
    parts["word/comments.xml"] = comments.encode()
    parts["word/commentsExtended.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="{w15}">'
        '<w15:commentEx w15:paraId="0000AAAA" w15:done="1"/>'
        '<w15:commentEx w15:paraId="0000BBBB" w15:paraIdParent="0000AAAA" w15:done="0"/>'
        "</w15:commentsEx>").encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdX1" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" '
        'Target="commentsExtended.xml"/></Relationships>')).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
