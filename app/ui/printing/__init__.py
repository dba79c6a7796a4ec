"""Printing screens: PDF preview, system printer, paper-claims queue, statement run.

PySide6 (QtPdf, QtPrintSupport) lives here; data comes through app.services only.
"""
