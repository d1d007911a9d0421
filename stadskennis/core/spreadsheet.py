"""Cells for CSV files people open in Excel or LibreOffice."""


def spreadsheet_safe(value):
    """A cell that starts with = + - @ (or a tab or CR) would run as a formula: make it plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
