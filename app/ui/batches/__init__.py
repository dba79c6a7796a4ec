"""Clearinghouse batches: 837P export, batch history and acknowledgments (PySide6; no store)."""
