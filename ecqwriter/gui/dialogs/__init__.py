"""The dialogs, one to a module."""
