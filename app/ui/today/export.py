"""Export any table model shown on screen to CSV (the display text of every cell)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QWidget

from app import paths
from app.services import reports
from app.ui import dialogs, ui_state


def model_rows(model: QAbstractItemModel) -> tuple[list[str], list[list[str]]]:
    """Headers and display text of every row of ``model``."""
    cols = model.columnCount()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(cols)]
    rows = [[str(model.index(r, c).data() or "") for c in range(cols)]
            for r in range(model.rowCount())]
    return headers, rows


def export_csv(parent: QWidget, model: QAbstractItemModel, name: str) -> Path | None:
    """Ask for a file (last folder remembered) and write the list there; the path or None."""
    folder = Path(ui_state.last_folder("csv_export", str(paths.exports_dir())))
    path = dialogs.ask_save_path(parent, "Export the list as CSV", folder / f"{name}.csv",
                                 "CSV (*.csv)")
    if path is None:
        return None
    ui_state.set_last_folder("csv_export", str(path.parent))
    headers, rows = model_rows(model)
    reports.write_csv(path, headers, rows)
    return path
