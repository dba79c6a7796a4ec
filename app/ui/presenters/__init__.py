"""Qt-free presentation logic for the UI (form value conversion, display formats).

Must not import PySide6 (import-linter contract) nor app.store.
"""
