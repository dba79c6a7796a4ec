"""Reusable widgets: dense data tables, page base class, field helpers."""
