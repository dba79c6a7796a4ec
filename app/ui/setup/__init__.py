"""First-run set-up: the wizard that creates a practice (PySide6; never imports app.store)."""
