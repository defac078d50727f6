"""A Word draft as a flat list of text blocks and comments, read with our own bounded reader.

What a candidate sees in Word is what we take: tracked changes as if accepted (insertions
kept, deletions dropped), field results without their codes, each table row as one
paragraph. Headings are recognised by style name (any language's "Heading 1" carries an
outline level), by outline level, or as a short line that is all bold.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.textimport import normalise_text
from ecqwriter.importing.safe_zip import ImportFileError, SafeZip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift|encabezado|título)\s*(\d)$", re.IGNORECASE)
PSEUDO_HEADING_LEVEL = 9  # a short all-bold line
MAX_PSEUDO_HEADING_WORDS = 15
# a 10-page package is about 60,000 characters; this is some 60 times that
MAX_DRAFT_CHARACTERS = 4_000_000


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class WordComment:
    id: str
    author: str
    body: str
    created: dt.datetime | None
    start: tuple[int, int] | None = None  # (block index, offset in the block's text)
    end: tuple[int, int] | None = None
    parent_id: str | None = None  # a reply (Word 2013+ threads)
    done: bool = False


@dataclass
class Block:
    text: str
    style: str = ""
    heading_level: int = 0  # 0: body text
    from_table: bool = False


@dataclass
class WordDraft:
    path: Path
    blocks: list[Block] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)
    insertions_accepted: int = 0
    deletions_dropped: int = 0
    tables: int = 0
    table_rows: int = 0
    skipped_text_boxes: int = 0


def read_docx(path: str | Path) -> WordDraft:
    """Read a .docx; ImportFileError (naming the file) for anything that is not a usable one."""
    with SafeZip(path) as archive:
        main = _main_part(archive)
        folder = main.rpartition("/")[0]
        relations = _relations(archive, f"{folder}/_rels/{main.rpartition('/')[2]}.rels" if folder else
                               f"_rels/{main}.rels")
        document = archive.xml(main)
        if document.tag != w("document"):
            raise ImportFileError("this is not a Word text document (its main part is something else)", archive.path)
        styles = _styles(archive, _part(folder, relations.get("styles")))
        draft = WordDraft(archive.path)
        reader = _BodyReader(draft, styles)
        body = document.find(w("body"))
        if body is not None:
            reader.read_container(body)
        comments_part = _part(folder, relations.get("comments"))
        if comments_part and archive.has(comments_part):
            extended_part = _part(folder, relations.get("commentsExtended"))
            extended = archive.xml(extended_part) if extended_part and archive.has(extended_part) else None
            draft.comments = _comments(archive.xml(comments_part), extended, reader.comment_marks)
    return draft


def _main_part(archive: SafeZip) -> str:
    if archive.has("_rels/.rels"):
        for relation in archive.xml("_rels/.rels").iter(f"{{{R_NS}}}Relationship"):
            if relation.get("Type", "").endswith(OFFICE_DOCUMENT):
                target = relation.get("Target", "").lstrip("/")
                if archive.has(target):
                    return target
    if archive.has("word/document.xml"):
        return "word/document.xml"
    if archive.has("mimetype") and b"opendocument" in archive.read("mimetype"):
        raise ImportFileError("this is an OpenDocument file (.odt), not a .docx; save it as a Word document "
                              "(.docx) in LibreOffice first", archive.path)
    if archive.has("xl/workbook.xml") or archive.has("ppt/presentation.xml"):
        raise ImportFileError("this is an Excel or PowerPoint file, not a Word document", archive.path)
    raise ImportFileError("this zip file is not a Word document (it has no document part)", archive.path)


def _relations(archive: SafeZip, rels_name: str) -> dict[str, str]:
    """Relationship type's last word (styles, comments, ...) -> target, for one part."""
    found: dict[str, str] = {}
    if archive.has(rels_name):
        for relation in archive.xml(rels_name).iter(f"{{{R_NS}}}Relationship"):
            kind = relation.get("Type", "").rpartition("/")[2]
            if relation.get("TargetMode") != "External":
                found.setdefault(kind, relation.get("Target", ""))
    return found


def _part(folder: str, target: str | None) -> str | None:
    if not target:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return f"{folder}/{target}" if folder else target


@dataclass
class _Style:
    name: str
    outline: int | None
    based_on: str | None


def _styles(archive: SafeZip, part: str | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if not part or not archive.has(part):
        return styles
    for style in archive.xml(part).iter(w("style")):
        if style.get(w("type")) not in (None, "paragraph"):
            continue
        name = style.find(w("name"))
        outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        based = style.find(w("basedOn"))
        styles[style.get(w("styleId"), "")] = _Style(
            name.get(w("val"), "") if name is not None else "",
            _int(outline.get(w("val"))) if outline is not None else None,
            based.get(w("val")) if based is not None else None,
        )
    return styles


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(element) -> bool:
    """A Word on/off property such as <w:b/> or <w:b w:val="false"/>."""
    return element is not None and element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


class _BodyReader:
    def __init__(self, draft: WordDraft, styles: dict[str, _Style]):
        self.draft = draft
        self.styles = styles
        self.comment_marks: dict[str, dict[str, tuple[int, int]]] = {}
        self.characters = 0

    def read_container(self, container) -> None:
        for child in container:
            if child.tag == w("p"):
                self.read_paragraph(child)
            elif child.tag == w("tbl"):
                self.read_table(child)
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.read_container(content)
            elif child.tag in (w("ins"), w("moveTo"), w("customXml")):
                self.read_container(child)

    def read_table(self, table) -> None:
        self.draft.tables += 1
        for row in table.findall(w("tr")):  # a nested table's rows are read as its cell's text
            cells = []
            for cell in row.findall(w("tc")):
                parts = []
                for paragraph in cell.iter(w("p")):
                    text, _bold = self._paragraph_text(paragraph, None)
                    if text.strip():
                        parts.append(text.strip())
                if parts:
                    cells.append(" ".join(parts))
            if not cells:
                continue
            self.draft.table_rows += 1
            if len(cells) == 2 and len(cells[0].split()) <= 4:
                text = f"{cells[0].rstrip(':')}: {cells[1]}"
            else:
                text = " | ".join(cells)
            self.draft.blocks.append(Block(text, "Table", 0, from_table=True))

    def read_paragraph(self, paragraph) -> None:
        index = len(self.draft.blocks)
        marks: dict[str, dict[str, int]] = {}
        text, all_bold = self._paragraph_text(paragraph, marks)
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        for kind, by_id in marks.items():
            for comment_id, offset in by_id.items():
                position = max(0, min(offset - lead, len(stripped)))
                self.comment_marks.setdefault(comment_id, {})[kind] = (index, position)
        if not stripped:
            return
        style_id = ""
        properties = paragraph.find(w("pPr"))
        outline = None
        if properties is not None:
            style = properties.find(w("pStyle"))
            style_id = style.get(w("val"), "") if style is not None else ""
            level = properties.find(w("outlineLvl"))
            outline = _int(level.get(w("val"))) if level is not None else None
        name, style_outline = self._style(style_id)
        heading = 0
        match = HEADING_STYLE.match(name.strip()) or HEADING_STYLE.match(style_id)
        if match:
            heading = int(match.group(1))
        elif name.strip().lower() == "title":
            heading = 1
        elif outline is not None and outline < 9:
            heading = outline + 1
        elif style_outline is not None and style_outline < 9:
            heading = style_outline + 1
        elif all_bold and len(stripped.split()) <= MAX_PSEUDO_HEADING_WORDS and not stripped.endswith("."):
            heading = PSEUDO_HEADING_LEVEL
        self.draft.blocks.append(Block(stripped, name or style_id, heading))

    def _style(self, style_id: str) -> tuple[str, int | None]:
        seen = set()
        name, outline = "", None
        current = style_id
        while current and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            name = name or style.name
            if outline is None:
                outline = style.outline
            current = style.based_on
        return name, outline

    def _paragraph_text(self, paragraph, marks) -> tuple[str, bool]:
        pieces: list[str] = []
        length = 0  # kept as we go: a paragraph of 100,000 runs must not cost a quadratic sum
        bold_runs = plain_runs = 0

        def add(text: str) -> None:
            nonlocal length
            pieces.append(text)
            length += len(text)

        def walk(element) -> None:
            nonlocal bold_runs, plain_runs
            for child in element:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag in (w("del"), w("moveFrom")):
                    self.draft.deletions_dropped += 1
                    continue
                if tag in (w("ins"), w("moveTo")):
                    self.draft.insertions_accepted += 1
                    walk(child)
                elif tag == w("t"):
                    add(child.text or "")
                elif tag == w("tab"):
                    add("\t")
                elif tag in (w("br"), w("cr")):
                    if child.get(w("type")) not in ("page", "column"):
                        add(" ")
                elif tag == w("noBreakHyphen"):
                    add("-")
                elif tag in (w("delText"), w("instrText"), w("rPr"), w("pPr"), w("footnoteReference"),
                             w("endnoteReference"), f"{{{MC}}}Fallback"):
                    continue
                elif tag == w("txbxContent"):
                    self.draft.skipped_text_boxes += 1
                    continue
                elif tag in (w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")):
                    if marks is not None:
                        kind = {w("commentRangeStart"): "start", w("commentRangeEnd"): "end",
                                w("commentReference"): "reference"}[tag]
                        marks.setdefault(kind, {})[child.get(w("id"), "")] = length
                elif tag == w("r"):
                    first = len(pieces)
                    walk(child)
                    if any(piece.strip() for piece in pieces[first:]):
                        properties = child.find(w("rPr"))
                        if properties is not None and _on(properties.find(w("b"))):
                            bold_runs += 1
                        else:
                            plain_runs += 1
                else:
                    walk(child)

        walk(paragraph)
        self.characters += length
        if self.characters > MAX_DRAFT_CHARACTERS:
            raise ImportFileError(
                f"the document holds more than {MAX_DRAFT_CHARACTERS // 1_000_000} million characters of text, "
                "far more than any SES package; import the part with the narratives", self.draft.path)
        return normalise_text("".join(pieces)).replace("\n", " "), bold_runs > 0 and plain_runs == 0


def _comments(root, extended, marks: dict[str, dict[str, tuple[int, int]]]) -> list[WordComment]:
    by_para: dict[str, str] = {}
    comments: list[WordComment] = []
    for element in root.iter(w("comment")):
        comment_id = element.get(w("id"), "")
        paragraphs = element.findall(f".//{w('p')}")
        body = "\n".join(t for t in ("".join(x.text or "" for x in p.iter(w("t"))).strip() for p in paragraphs) if t)
        created = None
        try:
            stamp = element.get(w("date"))
            created = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
            if created is not None and created.tzinfo is None:
                created = created.replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
        place = marks.get(comment_id, {})
        start = place.get("start") or place.get("reference")
        end = place.get("end") or place.get("reference") or start
        comment = WordComment(comment_id, normalise_text(element.get(w("author"), "")).strip() or "Word reviewer",
                              normalise_text(body), created, start, end)
        comments.append(comment)
        if paragraphs:
            para_id = paragraphs[-1].get(f"{{{W14}}}paraId")
            if para_id:
                by_para[para_id] = comment_id
    if extended is not None:
        by_id = {c.id: c for c in comments}
        for entry in extended.iter(f"{{{W15}}}commentEx"):
            comment = by_id.get(by_para.get(entry.get(f"{{{W15}}}paraId", ""), ""))
            if comment is None:
                continue
            comment.done = entry.get(f"{{{W15}}}done") == "1"
            parent = by_para.get(entry.get(f"{{{W15}}}paraIdParent", ""))
            if parent and parent != comment.id:
                comment.parent_id = parent
    return comments
