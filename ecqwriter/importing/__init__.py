"""Bringing Word (.docx) drafts into a package: a bounded reader and an import plan.

Plain-text files are read by ``core/textimport.py``: the core needs the same text
normalisation for its own samples, so that reading lives below every layer that uses it.
"""
