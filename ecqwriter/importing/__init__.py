"""Bringing outside drafts into a package: plain text and Word (.docx)."""
