"""The patient statement layout (``forms/statement.json``): pydantic shape and loader.

Units are inches from the top-left corner of a US Letter page.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from app.printing.boxmap import STATEMENT_FILE, FormFileError, FormModel, load_json


class PracticeBlock(FormModel):
    """The practice name and address (return-address window)."""

    x: float
    y: float
    size: float
    small: float
    leading: float


class StatementColumn(FormModel):
    """One detail column: line attribute, heading, x and width in inches from the table left."""

    key: str
    title: str
    x: float
    w: float
    align: Literal["left", "right"] = "left"


class StatementTable(FormModel):
    """The detail table (inches from the page top-left)."""

    x: float
    w: float
    first_top: float
    first_bottom: float
    next_top: float
    next_bottom: float
    header_h: float
    row_h: float = Field(gt=0)
    size: float
    note_size: float
    header_size: float
    total_label: str
    continued: str
    columns: list[StatementColumn]

    def capacity(self, first: bool) -> int:
        """Lines that fit on a page, keeping one row for the total or "continued" line."""
        top, bottom = ((self.first_top, self.first_bottom) if first
                       else (self.next_top, self.next_bottom))
        return int((bottom - top - self.header_h) / self.row_h + 1e-9) - 1


class StatementSummary(FormModel):
    """Label/value pairs (statement date, account, due date, amount due) in a box."""

    x: float
    y: float
    w: float
    row: float
    size: float
    items: list[tuple[str, str]]


class StatementTitle(FormModel):
    """The right-aligned page title."""

    x: float
    y: float
    size: float
    text: str


class StatementWindow(FormModel):
    """The guarantor address, placed for the envelope's address window."""

    x: float
    y: float
    w: float
    h: float
    size: float
    leading: float


class StatementAging(FormModel):
    """The aging strip (five buckets plus the amount due) under the table on page one."""

    y: float
    h: float
    size: float
    value_size: float
    due_label: str


class StatementMessage(FormModel):
    """The dunning message line."""

    x: float
    y: float
    w: float
    size: float


class Enclosed(FormModel):
    """The "amount enclosed" box on the stub."""

    x: float
    y: float
    w: float
    h: float
    label: str


class StatementStub(FormModel):
    """The tear-off remittance stub at the bottom of page one."""

    tear_y: float
    tear_text: str
    from_x: float
    from_y: float
    size: float
    leading: float
    fields_x: float
    fields_y: float
    fields_w: float
    row: float
    items: list[tuple[str, str]]
    enclosed: Enclosed
    card_x: float
    card_y: float
    card_leading: float
    card_lines: list[str]
    remit_label: str
    remit_x: float
    remit_y: float
    remit_size: float
    remit_leading: float


class StatementLayout(FormModel):
    """The whole patient statement layout (``forms/statement.json``, inches from top-left)."""

    form: str
    page_width_in: float
    page_height_in: float
    font: str
    bold_font: str
    italic_font: str
    accent: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    rule: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    shade: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    practice: PracticeBlock
    title: StatementTitle
    summary: StatementSummary
    guarantor: StatementWindow
    table: StatementTable
    aging: StatementAging
    message: StatementMessage
    stub: StatementStub

    @model_validator(mode="after")
    def _fits(self) -> StatementLayout:
        if self.table.capacity(True) < 1 or self.table.capacity(False) < 1:
            raise ValueError("table: no room for a single line")
        if self.table.first_bottom > self.aging.y or self.message.y > self.stub.tear_y:
            raise ValueError("table, aging, message and stub overlap")
        return self


@cache
def statement_layout() -> StatementLayout:
    """The statement layout from ``forms/statement.json`` (loaded once).

    Raises:
        FormFileError: the file is missing or invalid.
    """
    try:
        return StatementLayout.model_validate(load_json(STATEMENT_FILE))
    except ValidationError as exc:
        raise FormFileError(f"{STATEMENT_FILE}: {exc}") from None
