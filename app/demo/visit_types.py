"""Shapes of a demo visit template: the note text pieces and what a coder would bill.

Note text may use ``{placeholders}`` filled from the visit's context (see ``notes.context``) and
``[[one|two|three]]`` alternatives, one picked per visit.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Pseudo-codes resolved per visit: the E/M level (new or established) and the preventive
#: visit code for the patient's age.
EM = "EM"
EM25 = "EM25"
PREVENTIVE = "PREV"


@dataclass(frozen=True)
class LineSpec:
    """One service line of a template."""

    code: str
    pointers: tuple[int, ...] = (1,)
    units: int = 1
    modifiers: tuple[str, ...] = ()
    waived: bool = False  # CLIA-waived test: QW modifier for Medicare and Medicaid
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: str = ""


@dataclass(frozen=True)
class VisitTemplate:
    """A kind of visit: who has it, what the note says, how it is coded."""

    key: str
    ages: tuple[int, int]
    weight: float
    dx: tuple[str, ...]
    lines: tuple[LineSpec, ...]
    cc: str
    hpi: str
    exam: str
    ap: tuple[str, ...]
    em: tuple[tuple[int, int], ...] = ((3, 1),)
    sex: str = ""  # "F" or "M" to restrict
    coverage: str = ""  # "medicare" (only) or "not_medicare"
    months: tuple[int, ...] = ()  # empty: all year
    flags: tuple[str, ...] = ()  # "fever", "bp_high", "spo2_low"
    new_allowed: bool = True
    query: str = ""  # a provider query a coder could send about this note

    def fits(self, age: int, sex: str, month: int, medicare: bool) -> bool:
        """Whether a patient of this age/sex/coverage could have this visit this month."""
        if not self.ages[0] <= age <= self.ages[1]:
            return False
        if self.sex and sex != self.sex:
            return False
        if self.months and month not in self.months:
            return False
        if self.coverage == "medicare":
            return medicare
        return not (self.coverage == "not_medicare" and medicare)


def L(code: str, *pointers: int, **kwargs: object) -> LineSpec:  # noqa: N802
    """Short form for a line: ``L("87880", 1, waived=True)``."""
    return LineSpec(code, pointers or (1,), **kwargs)  # type: ignore[arg-type]


FLU_SEASON = (9, 10, 11, 12, 1, 2, 3)
