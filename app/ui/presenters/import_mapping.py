"""Qt-free state of the import's column-mapping screen.

Left: the file's columns with sample values; right: the ClaimDesk field each one fills.
One column per field: choosing a field already taken moves it to the new column.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.intake_csv import FIELDS
from app.services.intake_screens import FileColumns

NOT_IMPORTED = ""

#: Fields a file cannot do without, with the reason shown when none is mapped.
REQUIRED = {"mrn": "the patient's MRN or account number"}


def field_label(name: str) -> str:
    """``date_of_service`` -> ``Date of service`` (``mrn``/``npi`` in capitals)."""
    words = name.split("_")
    out = " ".join(w.upper() if w in ("mrn", "npi", "id") else w for w in words)
    return out[:1].upper() + out[1:]


@dataclass(frozen=True)
class ColumnRow:
    """One column of the file as the table shows it."""

    column: str
    samples: str
    field: str


class MappingPresenter:
    """Which ClaimDesk field each column of a file fills."""

    def __init__(self, columns: FileColumns, name: str, mapping: dict[str, str],
                 saved: bool) -> None:
        self.columns = columns
        self.name = name
        self.saved = saved  # the mapping was saved under ``name`` before
        self._field_of: dict[str, str] = {h: NOT_IMPORTED for h in columns.headers}
        for field, column in mapping.items():
            if column in self._field_of and field in FIELDS:
                self._field_of[column] = field

    @staticmethod
    def choices() -> list[tuple[str, str]]:
        """(field, label) for the combo boxes, "not imported" first."""
        return [(NOT_IMPORTED, "(not imported)")] + [(f, field_label(f)) for f in FIELDS]

    def rows(self) -> list[ColumnRow]:
        return [ColumnRow(h, " | ".join(self.columns.samples.get(h, [])), self._field_of[h])
                for h in self.columns.headers]

    def field_of(self, column: str) -> str:
        return self._field_of[column]

    def set_field(self, column: str, field: str) -> list[str]:
        """Map ``column`` to ``field``; returns the other columns that lost it."""
        moved = [c for c, f in self._field_of.items() if f == field and c != column
                 and field != NOT_IMPORTED]
        for other in moved:
            self._field_of[other] = NOT_IMPORTED
        self._field_of[column] = field
        return moved

    def mapping(self) -> dict[str, str]:
        """ClaimDesk field -> column (what ``intake.read_source`` takes)."""
        return {f: c for c, f in self._field_of.items() if f != NOT_IMPORTED}

    def problems(self) -> list[str]:
        """What keeps the mapping from being used (empty: ready for the preview)."""
        mapped = set(self._field_of.values())
        out = [f"Choose the column that holds {why}." for f, why in REQUIRED.items()
               if f not in mapped]
        if not self.name.strip():
            out.append("Give the mapping a name so it can be used again.")
        return out

    def status(self) -> str:
        """The line above the table."""
        origin = (f"Using the mapping saved as {self.name!r}." if self.saved else
                  "Columns matched by their names; check them.")
        return (f"{len(self.columns.headers)} columns, {self.columns.row_count:,} rows. "
                f"{origin}")
