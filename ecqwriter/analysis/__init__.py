"""Local NLP analysis of ECQ narratives: coverage, CCAR structure and QRB writing checks.

Everything runs on this machine with spaCy; nothing is downloaded or sent anywhere.
"""

from ecqwriter.analysis.engine import Analyzer, get_analyzer

__all__ = ["Analyzer", "get_analyzer"]
