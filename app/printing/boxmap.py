"""Load and check the form definitions in ``forms/`` (CMS-1500 box map, statement layout).

The JSON files hold every coordinate; this module only describes their shape (pydantic) and
refuses a file that would print outside the page or put two fields in the same character cell.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app import paths

CLAIM_FORM_FILE = "cms1500.json"
STATEMENT_FILE = "statement.json"

Format = Literal["text", "name", "name_fml", "street", "city_state_zip", "date", "checkbox",
                 "money", "icd", "number", "lines"]


class FormModel(BaseModel):
    """Base of every form-definition shape: frozen, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FormFileError(ValueError):
    """A form definition file is missing or malformed."""


class Grid(FormModel):
    """The typewriter grid: 10 characters per inch, 6 lines per inch, Courier 12."""

    cpi: int = 10
    lpi: int = 6
    left_pt: float = Field(ge=0, le=72)
    top_pt: float = Field(ge=0, le=72)
    baseline_rise_pt: float = Field(default=2.5, ge=0, le=6)
    font: str = "Courier"
    size_pt: float = 12
    columns: int = 85
    rows: int = 66

    @property
    def col_pt(self) -> float:
        """Width of one column in points."""
        return 72 / self.cpi

    @property
    def row_pt(self) -> float:
        """Height of one line in points."""
        return 72 / self.lpi

    def x(self, col: float) -> float:
        """PDF x (points from the left) of the left side of 1-based column ``col``."""
        return self.left_pt + (col - 1) * self.col_pt

    def edge_x(self, edge: float) -> float:
        """PDF x of a column edge (edge ``n`` is the right side of column ``n``)."""
        return self.left_pt + edge * self.col_pt

    def edge_y(self, edge: float, page_height: float) -> float:
        """PDF y of a row edge (edge ``n`` is the bottom of row ``n``)."""
        return page_height - self.top_pt - edge * self.row_pt

    def baseline(self, row: int, page_height: float) -> float:
        """PDF y of the text baseline on 1-based grid row ``row``."""
        return self.edge_y(row, page_height) + self.baseline_rise_pt


class BoxField(FormModel):
    """One printed item: where (grid cell), how (format) and what (ClaimData source)."""

    id: str
    box: str
    title: str
    source: str = ""  # dotted ClaimData path or @computed name; "" = left blank
    value: str | None = None  # a constant instead of a source
    values: dict[str, str] = {}  # text to print for a source value ("*" = any non-empty)
    format: Format = "text"
    row: int | None = Field(default=None, ge=1, le=66)
    row_offset: int | None = Field(default=None, ge=0, le=1)  # service lines: 0 shaded, 1 not
    col: int = Field(default=1, ge=1, le=85)
    width: int = Field(default=1, ge=1, le=85)
    align: Literal["left", "right"] = "left"
    parts: tuple[int, int, int] | None = None  # date: columns of MM, DD, YY(YY)
    year_digits: Literal[2, 4] = 2
    choices: dict[str, int] = {}  # checkbox: source value -> column of the X ("*" = other)
    max_lines: int = Field(default=1, ge=1, le=8)
    last_page_only: bool = False
    shrink: bool = False  # a longer value prints in a smaller font to fit, never cut off

    @model_validator(mode="after")
    def _consistent(self) -> BoxField:
        if self.format == "date" and self.parts is None:
            raise ValueError(f"{self.id}: a date needs 'parts'")
        if self.format == "checkbox" and not self.choices:
            raise ValueError(f"{self.id}: a checkbox needs 'choices'")
        if self.format == "money" and self.width < 4:
            raise ValueError(f"{self.id}: a money field needs at least 4 columns")
        return self

    def cells(self, row: int) -> list[tuple[int, int]]:
        """Every (row, column) cell this field may print into when placed on ``row``."""
        if self.format == "checkbox":
            return [(row, c) for c in sorted(set(self.choices.values()))]
        if self.format == "date" and self.parts:
            year = self.year_digits
            spans = [(self.parts[0], 2), (self.parts[1], 2), (self.parts[2], year)]
            return [(row, c + i) for c, n in spans for i in range(n)]
        rows = range(row, row + self.max_lines)
        return [(r, self.col + i) for r in rows for i in range(self.width)]


class ServiceLines(FormModel):
    """Where the six service lines of item 24 sit."""

    per_page: int = Field(ge=1, le=6)
    first_row: int = Field(ge=1, le=66)
    row_step: int = Field(ge=1, le=4)


class Caption(FormModel):
    """Replica caption: x in column edges, on a grid row, at the top or bottom of that row."""

    text: str
    x: float
    row: int
    valign: Literal["top", "bottom"] = "top"
    size: float = 6
    bold: bool = False


class VerticalCaption(FormModel):
    """Replica caption turned 90 degrees, centred between two row edges."""

    text: str
    x: float
    top: float
    bottom: float
    size: float = 6


class Replica(FormModel):
    """The drawn form (plain-paper copies): red rules, shading and captions in grid units."""

    ink: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    shade: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    caption_font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    rule_width: float = 0.5
    rules: list[tuple[float, float, float, float] | tuple[float, float, float, float, float]]
    shades: list[tuple[float, float, float, float]] = []
    captions: list[Caption]
    vertical_captions: list[VerticalCaption] = []


class Alignment(FormModel):
    """The alignment test page: marks in known boxes plus rulers."""

    mark_fields: list[str]
    mark_width: int = Field(default=10, ge=1, le=30)
    text_row: int
    text: list[str]
    ruler_row: int
    ruler_col: int


class ClaimForm(FormModel):
    """The whole CMS-1500 definition."""

    form: str
    page_width_pt: float
    page_height_pt: float
    grid: Grid
    service_lines: ServiceLines
    fields: list[BoxField]
    line_fields: list[BoxField]
    replica: Replica
    alignment: Alignment

    @model_validator(mode="after")
    def _fits(self) -> ClaimForm:
        problems = _placement_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def field(self, field_id: str) -> BoxField:
        """The claim-level or line field with this id.

        Raises:
            KeyError: no such field.
        """
        for item in (*self.fields, *self.line_fields):
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    def line_row(self, index: int, item: BoxField) -> int:
        """The grid row of a line field on service line ``index`` (0-based on the page)."""
        lines = self.service_lines
        return lines.first_row + index * lines.row_step + (item.row_offset or 0)


def _placement_problems(form: ClaimForm) -> list[str]:
    """Fields outside the grid, missing rows or two fields sharing a cell."""
    problems: list[str] = []
    seen: dict[tuple[int, int], str] = {}
    placed = [(f, f.row) for f in form.fields]
    for index in range(form.service_lines.per_page):
        placed += [(f, form.line_row(index, f)) for f in form.line_fields]
    ids = [f.id for f in (*form.fields, *form.line_fields)]
    problems += [f"duplicate field id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for item, row in placed:
        if row is None:
            problems.append(f"{item.id}: no row")
            continue
        for cell in item.cells(row):
            if not (1 <= cell[0] <= form.grid.rows and 1 <= cell[1] <= form.grid.columns):
                problems.append(f"{item.id}: cell {cell} is off the page")
            elif cell in seen and seen[cell] != item.id:
                problems.append(f"{item.id} overlaps {seen[cell]} at row {cell[0]} col {cell[1]}")
            seen.setdefault(cell, item.id)
    return sorted(set(problems))


def load_json(name: str, folder: Path | None = None) -> dict[str, object]:
    """Read a form file from ``forms/`` (or ``folder``).

    Raises:
        FormFileError: the file is missing or is not JSON.
    """
    path = (folder or paths.FORMS) / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FormFileError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise FormFileError(f"{path}: expected a JSON object")
    return data


def parse_claim_form(data: dict[str, object]) -> ClaimForm:
    """Validate a CMS-1500 box map.

    Raises:
        FormFileError: with every problem pydantic or the placement check found.
    """
    try:
        return ClaimForm.model_validate(data)
    except ValidationError as exc:
        raise FormFileError(f"{CLAIM_FORM_FILE}: {exc}") from None


@cache
def claim_form() -> ClaimForm:
    """The CMS-1500 box map from ``forms/cms1500.json`` (loaded once)."""
    return parse_claim_form(load_json(CLAIM_FORM_FILE))

