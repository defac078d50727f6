"""Local NLP analysis of ECQ narratives: coverage, CCAR structure and QRB writing checks.

Everything runs on this machine with spaCy; nothing is downloaded or sent anywhere.
Import ``ecqwriter.analysis.engine`` for the engine: this package itself stays light so
the GUI can read the rule catalogue without loading spaCy.
"""
