"""Reading the parts of an untrusted Office file: bounded unzipping and entity-free XML.

A .docx is a zip of XML parts and it comes from outside (e-mail, a coach's laptop), so
every read is bounded: a zip bomb stops at the limit whatever its headers claim, a DTD
or entity declaration is refused before the parser sees it (Office never writes one),
and the parser neither loads DTDs nor touches the network.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ecqwriter.core.errors import EcqError
from ecqwriter.core.regular_files import open_regular

MAX_FILE_BYTES = 200 * 1024 * 1024  # drafts with photos can be large; we read only the XML
MAX_PART_BYTES = 40 * 1024 * 1024  # a 10-page narrative's document.xml is about 0.2 MB
MAX_ENTRIES = 5000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


class ImportFileError(EcqError):
    """The file cannot be imported; nothing was changed."""


def _describe_foreign(head: bytes) -> str:
    if head.startswith(OLE_MAGIC):
        return ("this is an old Word 97-2003 document (.doc) or a password-protected file, not a .docx; "
                "open it in Word or LibreOffice and save it as a Word document (.docx) without a password")
    if head.startswith(b"{\\rtf"):
        return "this is a Rich Text (.rtf) file, not a .docx; save it as a Word document (.docx) first"
    if head.lstrip().lower().startswith((b"<html", b"<!doctype html")):
        return "this is a web page (HTML), not a .docx; save it as a Word document (.docx) first"
    if head.startswith(b"%PDF"):
        return "this is a PDF, not a .docx; import the Word file it was made from"
    if not head:
        return "the file is empty"
    return "this is not a Word document (.docx)"


class SafeZip:
    """An Office zip opened for bounded reads of its parts."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # the zip reads from this very handle: the path cannot be swapped for a FIFO meanwhile
        handle = open_regular(self.path, max_bytes=MAX_FILE_BYTES, what="imported", error=ImportFileError)
        try:
            head = handle.read(8)
            if not head.startswith(ZIP_MAGIC):
                raise ImportFileError(_describe_foreign(head), self.path)
            handle.seek(0)
            self._zip = zipfile.ZipFile(handle)
            self._names = set(self._zip.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            handle.close()
            raise ImportFileError(f"the file is damaged (not a readable zip archive: {exc})", self.path) from None
        except BaseException:
            handle.close()
            raise
        self._handle = handle
        if len(self._names) > MAX_ENTRIES:
            self.close()
            raise ImportFileError(f"the file has {len(self._names)} parts; a Word document has far fewer", self.path)

    def has(self, name: str) -> bool:
        return name in self._names

    def read(self, name: str) -> bytes:
        """The part's bytes, stopping at MAX_PART_BYTES whatever the zip headers claim."""
        try:
            with self._zip.open(name) as member:
                data = member.read(MAX_PART_BYTES + 1)
        except KeyError:
            raise ImportFileError(f"the part {name} is missing; the file is damaged", self.path) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
            raise ImportFileError(f"the part {name} cannot be unpacked ({exc})", self.path) from None
        except Exception as exc:  # zlib.error and friends: damaged compressed data
            raise ImportFileError(f"the part {name} is damaged ({type(exc).__name__})", self.path) from None
        if len(data) > MAX_PART_BYTES:
            raise ImportFileError(
                f"the part {name} unpacks to more than {MAX_PART_BYTES // (1024 * 1024)} MB; "
                "this is not a normal Word document (possibly a zip bomb), so it was not imported",
                self.path,
            )
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), f"{self.path.name}:{name}", self.path)

    def close(self) -> None:
        self._zip.close()
        self._handle.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, label: str, path: Path | None = None) -> etree._Element:
    # Office never writes a DTD; refusing any stops entity expansion and external entities
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<\x00!\x00" in data:
        raise ImportFileError(f"{label} declares a DTD or entities, which Word never writes; "
                              "the file was not imported", path)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(f"{label} is not well-formed XML ({exc.msg})", path) from None
    except ValueError as exc:
        raise ImportFileError(f"{label} cannot be read ({exc})", path) from None
    if root is None:
        raise ImportFileError(f"{label} is empty", path)
    if root.getroottree().docinfo.doctype:
        raise ImportFileError(f"{label} declares a DTD, which Word never writes; the file was not imported", path)
    return root
