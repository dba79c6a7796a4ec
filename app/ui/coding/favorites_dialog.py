"""The provider's superbill-style quick-pick list: check codes, Enter adds them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SYSTEMS = {"icd10cm": "ICD-10-CM", "cpt": "CPT", "hcpcs": "HCPCS"}
Favorite = tuple[str, str, str]  # system, code, label


class FavoritesDialog(QDialog):
    """``picked(list of favorites)``; ``save_visit`` asks to add the visit's codes."""

    picked = Signal(list)
    save_visit = Signal()

    def __init__(self, parent: QWidget | None, provider: str, items: list[Favorite]) -> None:
        super().__init__(parent)
        self.setObjectName("favorites_dialog")
        self.setWindowTitle(f"Favorites of {provider}")
        self.list = QListWidget()
        self.list.setObjectName("favorites_list")
        for system, code, label in items:
            item = QListWidgetItem(f"{code:<8}  {label}   ({SYSTEMS.get(system, system)})")
            item.setData(Qt.ItemDataRole.UserRole, (system, code, label))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        empty = QLabel("No favorites yet: code a typical visit, then use "
                       "\u201cAdd this visit's codes\u201d.")
        empty.setVisible(not items)
        add_visit = QPushButton("Add this &visit's codes to the list")
        add_visit.clicked.connect(self._save_visit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add checked codes")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Space checks a code; Enter adds the checked codes (or the "
                                "current one)."))
        layout.addWidget(empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(add_visit)
        layout.addWidget(buttons)
        self.resize(520, 440)

    def chosen(self) -> list[Favorite]:
        items = [self.list.item(n) for n in range(self.list.count())]
        checked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
        if not checked and self.list.currentItem() is not None:
            checked = [self.list.currentItem()]
        return [i.data(Qt.ItemDataRole.UserRole) for i in checked]

    @Slot()
    def _accept(self) -> None:
        self.picked.emit(self.chosen())
        self.accept()

    @Slot()
    def _save_visit(self) -> None:
        self.save_visit.emit()
        self.reject()
