"""Thematic reports: editor-written text with live figures, tables and charts, as HTML and PDF."""
