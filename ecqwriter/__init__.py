"""ecqwriter: an offline workbench for SES Executive Core Qualification packages."""

__version__ = "0.1.0"
APP_NAME = "ecqwriter"
