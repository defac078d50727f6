"""Active content out of a PDF that came from outside: scripts, program launches, web links,
form submissions, links into other files, media players, embedded files and XFA forms.

A submission goes to reviewers who open it in whatever viewer they use; an attachment must
not be able to run anything there, call a web address or carry a file. What stays: the pages,
their text and pictures, form fields as drawn, and jumps to a page of the same document
(``/GoTo``), which are harmless and make an attachment's own table of contents work.

Every dictionary reachable from the document's catalog is visited, wherever an action may
hide (pages, annotations, form fields, outlines, name trees, ``/Next`` chains), and what was
removed is tallied in words a user can read.
"""

from __future__ import annotations

from collections import Counter

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

SAFE_ACTION = "/GoTo"
ACTION_TYPES = {"/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie", "/Hide",
                "/Named", "/SubmitForm", "/ResetForm", "/ImportData", "/JavaScript", "/SetOCGState", "/Rendition",
                "/Trans", "/GoTo3DView", "/RichMediaExecute"}
ACTION_KEYS = ("/A", "/PA", "/OpenAction")  # each holds one action (its /Next may hold more)
MEDIA_ANNOTATIONS = {"/RichMedia", "/3D", "/Sound", "/Movie", "/Screen", "/FileAttachment"}
# keys that only ever carry active content or a hidden file; wherever one is left, it goes
LEFTOVER_KEYS = ("/JS", "/XFA", "/EF", "/URI", "/RichMediaContent", "/RichMediaSettings", "/3DD", "/JavaScript",
                 "/EmbeddedFiles")

# a tally's keys and how they read: (one, many)
_WORDING = {
    "/JavaScript": ("{n} JavaScript action", "{n} JavaScript actions"),
    "/Launch": ("{n} Launch action (runs a program)", "{n} Launch actions (run programs)"),
    "/URI": ("{n} web link (URI)", "{n} web links (URI)"),
    "/SubmitForm": ("{n} form submission (SubmitForm)", "{n} form submissions (SubmitForm)"),
    "/ImportData": ("{n} data import (ImportData)", "{n} data imports (ImportData)"),
    "/GoToR": ("{n} link to another file (GoToR)", "{n} links to other files (GoToR)"),
    "/GoToE": ("{n} link into an embedded file (GoToE)", "{n} links into embedded files (GoToE)"),
    "aa:page": ("additional actions on {n} page", "additional actions on {n} pages"),
    "aa:document": ("the document's additional actions", "the document's additional actions"),
    "aa:other": ("additional actions on {n} annotation or form field",
                 "additional actions on {n} annotations or form fields"),
    "/EF": ("{n} embedded file", "{n} embedded files"),
    "/XFA": ("an XFA form", "{n} XFA forms"),
    "/URI-base": ("a base web address (URI)", "{n} base web addresses (URI)"),
}


class Removed(Counter):
    """What was taken out of one document, by kind; ``str()`` reads it out in one line."""

    def __str__(self) -> str:
        return ", ".join(_worded(kind, count) for kind, count in self.items())


def _worded(kind: str, count: int) -> str:
    if kind in _WORDING:
        one, many = _WORDING[kind]
    elif kind.startswith("annotation:"):
        one, many = f"{{n}} {kind[12:]} annotation", f"{{n}} {kind[12:]} annotations"
    elif kind.startswith("key:"):
        one, many = f"{{n}} {kind[5:]} entry", f"{{n}} {kind[5:]} entries"
    else:
        one, many = f"{{n}} {kind[1:]} action", f"{{n}} {kind[1:]} actions"
    return (one if count == 1 else many).format(n=count)


def strip_active_content(document: PdfWriter) -> Removed:
    """Remove every active part of ``document`` in place, returning what was removed."""
    removed = Removed()
    catalog = document.root_object
    for item in _reachable(catalog, onward=lambda item: item.values()):  # each cleaned before going on
        _clean(item, removed, is_catalog=item is catalog)
    return removed


def _reachable(start, onward):
    """Each dictionary reachable from ``start`` through what ``onward(dictionary)`` gives once
    the caller is done with it (arrays are looked into), each once: a loop in a hostile file
    ends here."""
    waiting, seen = [start], set()
    while waiting:
        item = _resolved(waiting.pop())
        if id(item) in seen or not isinstance(item, (DictionaryObject, ArrayObject)):
            continue
        seen.add(id(item))
        if isinstance(item, ArrayObject):
            waiting.extend(item)
        else:
            yield item
            waiting.extend(onward(item))


def _resolved(item):
    return item.get_object() if isinstance(item, IndirectObject) else item


def _is_action(item) -> bool:
    return isinstance(item, DictionaryObject) and item.get("/S") in ACTION_TYPES


def _is_safe_jump(item) -> bool:
    return _is_action(item) and item["/S"] == SAFE_ACTION


def _discard_action(action, removed: Removed) -> None:
    """Count an action and every action chained after it, and empty them all: whatever else
    still points at one finds nothing to run."""
    for item in list(_reachable(action, onward=lambda item: [item.get("/Next")])):
        if item.get("/S") in ACTION_TYPES:
            removed[str(item["/S"])] += 1
        item.clear()


def _clean(item: DictionaryObject, removed: Removed, is_catalog: bool) -> None:
    if _is_action(item) and not _is_safe_jump(item):  # reached through a key not named below
        _discard_action(item, removed)
        return
    for key in ACTION_KEYS:
        if key in item and not _is_safe_jump(_resolved(item[key])):
            if key != "/OpenAction" or isinstance(_resolved(item[key]), DictionaryObject):
                _discard_action(item[key], removed)  # an /OpenAction array is only a page to open at
            del item[key]
    if _is_action(item) and "/Next" in item:  # an outline item's /Next is its sibling, not an action
        _keep_safe_jumps(item, removed)
    if "/AA" in item:  # actions on opening, closing, entering, typing...: none is harmless
        triggers = _resolved(item["/AA"])
        for action in triggers.values() if isinstance(triggers, DictionaryObject) else ():
            _discard_action(action, removed)
        removed["aa:document" if is_catalog else "aa:page" if item.get("/Type") == "/Page" else "aa:other"] += 1
        del item["/AA"]
    if "/Annots" in item and isinstance(_resolved(item["/Annots"]), ArrayObject):
        annotations = _resolved(item["/Annots"])
        annotations[:] = [a for a in annotations if _keep_annotation(_resolved(a), removed)]
    names = _resolved(item.get("/Names"))
    if isinstance(names, DictionaryObject):
        _drop_name_trees(names, removed)
    for key in LEFTOVER_KEYS:
        if key in item:
            kind = "/URI-base" if key == "/URI" else key if key in _WORDING else f"key:{key}"
            removed[kind] += 1
            del item[key]


def _keep_safe_jumps(action: DictionaryObject, removed: Removed) -> None:
    """An internal jump's ``/Next`` keeps only internal jumps: a script can hide behind one."""
    chained = _resolved(action["/Next"])
    chain = list(chained) if isinstance(chained, ArrayObject) else [chained]
    kept = [a for a in chain if _is_safe_jump(_resolved(a))]
    for other in chain:
        if not _is_safe_jump(_resolved(other)):
            _discard_action(other, removed)
    if not kept:
        del action["/Next"]
    elif len(kept) != len(chain):
        action[NameObject("/Next")] = ArrayObject(kept)


def _keep_annotation(annotation, removed: Removed) -> bool:
    """False for a media player, a file attachment, and a link that goes anywhere but to a
    page of this document; the annotation is emptied as it goes."""
    if not isinstance(annotation, DictionaryObject):
        return True
    subtype = annotation.get("/Subtype")
    if subtype in MEDIA_ANNOTATIONS:
        removed[f"annotation:{subtype}"] += 1
    elif subtype == "/Link" and "/A" in annotation and not _is_safe_jump(_resolved(annotation["/A"])):
        _discard_action(annotation["/A"], removed)
    else:
        return True
    annotation.clear()
    return False


def _drop_name_trees(names: DictionaryObject, removed: Removed) -> None:
    """The catalog's document scripts (run on opening) and its embedded files."""
    if "/JavaScript" in names:
        for action in _name_tree_values(names["/JavaScript"]):
            _discard_action(action, removed)
        del names["/JavaScript"]
    if "/EmbeddedFiles" in names:
        removed["/EF"] += sum(1 for _ in _name_tree_values(names["/EmbeddedFiles"]))
        del names["/EmbeddedFiles"]


def _name_tree_values(tree):
    for node in _reachable(tree, onward=lambda node: [node.get("/Kids")]):
        pairs = _resolved(node.get("/Names"))
        if isinstance(pairs, ArrayObject):
            yield from pairs[1::2]


__all__ = ["Removed", "strip_active_content"]
