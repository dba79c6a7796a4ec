"""PySide6 user interface. The only package that imports Qt; never imports app.store."""
