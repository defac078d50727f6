"""Export a package to Word and PDF through one intermediate document.

``build_document`` turns a package into an ``ExportDocument`` (sections of headings,
paragraphs and tables); thin writers turn that into DOCX (python-docx) or PDF (reportlab).
"""

from ecqwriter.export.service import ExportOptions, ExportReport, export_package

__all__ = ["ExportOptions", "ExportReport", "export_package"]
