"""The cohort report in three forms from one list of rows (core/cohort.py): CSV for
spreadsheets, a self-contained HTML page (no scripts, fonts or images from anywhere), and a
landscape PDF for an Executive Resources Board meeting. The same cells in each."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

from ecqwriter.core.cohort import COLUMNS, CohortRow, summary
from ecqwriter.core.display_text import shown

TITLE = "Package readiness report"


def cell(row: CohortRow, key: str) -> str:
    """A cell as every format prints it: numbers without trailing zeros, yes/no, blanks for
    what a package that could not be read does not have, and control and direction characters
    (a BEL or U+202E in a candidate's name) written out as escapes."""
    return shown(_plain_cell(row, key))


def _plain_cell(row: CohortRow, key: str) -> str:
    value = getattr(row, key)
    if not row.usable and key not in ("file", "problem"):
        return ""
    if key == "pages_used" and row.pages_limit is None:
        return ""  # a résumé-based application prints no narratives
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "resume_pages":  # as the window and check say it: "1.3", not "1.33"
        return f"{round(value, 1):g}"
    if isinstance(value, float):
        return f"{value:g}"
    if value is None:
        return ""
    return str(value)


def _heading(rows: list[CohortRow], made: dt.datetime) -> str:
    s = summary(rows)
    unusable = f", {s['unusable']} could not be read" if s["unusable"] else ""
    return (f"{s['packages']} packages: {s['ready']} ready, {s['not_ready']} not ready{unusable}; "
            f"{s['errors']} errors and {s['warnings']} warnings in all. Made {made:%Y-%m-%d %H:%M} UTC.")


def report_csv(rows: list[CohortRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([key for key, _ in COLUMNS])
    for row in rows:
        # neutralised before escaping: a leading tab is a risk, its escape "\t" is not
        writer.writerow([shown(_safe_for_spreadsheets(_plain_cell(row, key))) for key, _ in COLUMNS])
    # UTF-8 with a byte-order mark: Excel then reads "Résumé" and names as written
    return out.getvalue().encode("utf-8-sig")


# what makes a spreadsheet read a cell as a formula, in ASCII and in full width (a
# spreadsheet set for East Asian input may take "＝" for "=")
_FORMULA_STARTERS = "=+-@\uff1d\uff0b\uff0d\uff20"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _safe_for_spreadsheets(text: str) -> str:
    """A cell a spreadsheet would run as a formula ("=HYPERLINK(...)" as a candidate's name,
    also after leading spaces, or opening with a tab or line break, which spreadsheets skip)
    is kept as text by a leading apostrophe. A plain number, "-3" too, stays a number."""
    if _NUMBER.fullmatch(text):
        return text
    first_visible = text.lstrip()[:1]
    if text[:1] in ("\t", "\r", "\n") or (first_visible and first_visible in _FORMULA_STARTERS):
        return "'" + text
    return text


_STYLE = """
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 1.5em; color: #1a1a1a; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.summary { margin-top: 0; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #9e9e9e; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; position: sticky; top: 0; }
td.num { text-align: right; }
td.file, td.framework, td.format, td.last_saved_at { white-space: nowrap; }
tr.not-ready td.ready { background: #fde0dc; color: #8a1c12; font-weight: bold; }
tr.ready td.ready { background: #e3f4e1; color: #1d5c1a; font-weight: bold; }
tr.unusable td { background: #f3f3f3; color: #555; }
"""
_NUMBERS = {"errors", "warnings", "pages_used", "pages_limit", "resume_pages", "resume_limit", "open_comments"}


def report_html(rows: list[CohortRow], made: dt.datetime | None = None) -> bytes:
    made = made or dt.datetime.now(dt.timezone.utc)
    head = "".join(f"<th scope=\"col\">{html.escape(title)}</th>" for _, title in COLUMNS)
    body = []
    for row in rows:
        state = "unusable" if not row.usable else "ready" if row.ready else "not-ready"
        cells = "".join(
            f"<td class=\"{'num' if key in _NUMBERS else key}\">{html.escape(cell(row, key))}</td>"
            for key, _ in COLUMNS)
        body.append(f"<tr class=\"{state}\">{cells}</tr>")
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{TITLE}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{TITLE}</h1><p class=\"summary\">{html.escape(_heading(rows, made))}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>\n")
    return page.encode("utf-8")


# the PDF prints the columns a board reads; the file path and the problem share one column
_PDF_COLUMNS = (("file", "Package", 1.55), ("candidate", "Candidate", 1.25), ("criterion", "Crit.", 0.45),
                ("framework", "Framework", 0.85), ("format", "Format", 0.95), ("ready", "Ready", 0.55),
                ("errors", "Errors", 0.55), ("warnings", "Warnings", 0.7), ("pages", "Pages", 0.55),
                ("resume", "Résumé", 0.6), ("open_comments", "Open comments", 0.75),
                ("last_saved", "Last saved", 1.2))


def _pdf_cell(row: CohortRow, key: str) -> str:
    if key == "file":
        name = row.file.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name}: {row.problem}" if row.problem else name
    if key == "pages":  # a résumé-based application has no narrative pages
        return f"{cell(row, 'pages_used')}/{cell(row, 'pages_limit')}" if row.usable and row.pages_limit else ""
    if key == "resume":
        return f"{cell(row, 'resume_pages')}/{cell(row, 'resume_limit')}" if row.usable else ""
    if key == "last_saved":  # the time as saved, in UTC, and said so
        when = f"{row.last_saved_at.replace('T', ' ')[:16]} UTC" if row.last_saved_at else ""
        return f"{row.last_saved_by} {when}".strip() if row.usable else ""
    return cell(row, key)


def report_pdf(rows: list[CohortRow], made: dt.datetime | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from ecqwriter.export.fonts import SANS, drawable, register_fonts

    made = made or dt.datetime.now(dt.timezone.utc)
    covered = register_fonts(SANS)
    body = ParagraphStyle("cell", fontName=SANS.regular, fontSize=8, leading=9.5)
    bold = ParagraphStyle("head", parent=body, fontName=SANS.bold)
    title = ParagraphStyle("title", fontName=SANS.bold, fontSize=15, leading=18, spaceAfter=4)
    note = ParagraphStyle("note", fontName=SANS.regular, fontSize=9.5, leading=12, spaceAfter=8)

    def para(text: str, style, width: float | None = None) -> Paragraph:
        # the file and last-saved cells are made here, not by cell()
        text = html.escape(drawable(shown(text), covered)[0])
        if width is not None:
            text = _breakable(text, width, style)
        return Paragraph(text, style)

    data = [[para(heading, bold) for _, heading, _ in _PDF_COLUMNS]]
    # the table sets its cells' font even for paragraphs: the embedded one, never Helvetica
    styles = [("FONTNAME", (0, 0), (-1, -1), SANS.regular), ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9e9e9e")),
              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    ready_column = [key for key, _, _ in _PDF_COLUMNS].index("ready")
    for number, row in enumerate(rows, 1):
        data.append([para(_pdf_cell(row, key), body, width * inch - 12 if key == "file" else None)
                     for key, _, width in _PDF_COLUMNS])
        if row.usable:
            tint = "#e3f4e1" if row.ready else "#fde0dc"
            styles.append(("BACKGROUND", (ready_column, number), (ready_column, number), colors.HexColor(tint)))
    table = LongTable(data, colWidths=[width * inch for _, _, width in _PDF_COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(styles))
    out = io.BytesIO()

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(SANS.regular, 8)
        canvas.drawRightString(document.pagesize[0] - 0.5 * inch, 0.35 * inch, f"Page {document.page}")
        canvas.drawString(0.5 * inch, 0.35 * inch, f"{TITLE}, {made:%Y-%m-%d}")
        canvas.restoreState()

    document = SimpleDocTemplate(out, pagesize=landscape(letter), leftMargin=0.5 * inch, rightMargin=0.5 * inch,
                                 topMargin=0.5 * inch, bottomMargin=0.6 * inch, title=TITLE, author="ecqwriter",
                                 # start on the embedded font, or reportlab declares an unembedded Helvetica
                                 initialFontName=SANS.regular, initialFontSize=8)
    document.build([para(TITLE, title), para(_heading(rows, made), note), Spacer(1, 4), table],
                   onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _breakable(text: str, width: float, style) -> str:
    """A file name (no spaces) set to wrap where it has a break of its own, after "-", "_",
    "." or a space, never inside a word ("one-page.ecq", not "one-pag e.ecq")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = re.findall(r"[^-_. ]*[-_. ]?", text)
    lines, line = [], ""
    for piece in (p for p in pieces if p):
        if line and stringWidth(html.unescape(line + piece), style.fontName, style.fontSize) > width:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return "<br/>".join(lines)


__all__ = ["TITLE", "cell", "report_csv", "report_html", "report_pdf"]
