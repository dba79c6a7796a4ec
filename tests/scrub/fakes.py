"""A ``CodeFacts`` over small in-memory tables (no code-set database needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.codes import CodeDetail, MueLimit, PtpEdit, SeventhChar, Validity

RELEASE = "ICD-10-CM FY2026"
SEVENTH = (SeventhChar("A", "initial encounter"), SeventhChar("D", "subsequent encounter"),
           SeventhChar("S", "sequela"))


def icd(code: str, description: str, *, billable: bool = True, kind: str = "",
        parent: str = "", children: tuple[tuple[str, str], ...] = (),
        seventh: bool = False, **notes: tuple[str, ...]) -> CodeDetail:
    """A small ICD-10-CM detail."""
    return CodeDetail(
        system="icd10cm", code=code, description=description, billable=billable,
        kind=kind or ("extended" if billable else "subcategory"),
        parents=((parent, ""),) if parent else (), children=children,
        billable_children=len(children), notes=dict(notes),
        seventh=SEVENTH if seventh else (), seventh_from=code[:3] if seventh else "")


def _kids(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(pairs)


OM = "Otitis media, unspecified"
ICD: dict[str, CodeDetail] = {c.code: c for c in (
    icd("I10", "Essential (primary) hypertension", kind="category"),
    icd("J06.9", "Acute upper respiratory infection, unspecified", parent="J06"),
    icd("J06", "Acute upper respiratory infections", billable=False, kind="category",
        children=_kids(("J06.0", "Acute laryngopharyngitis"), ("J06.9", "Acute URI"))),
    icd("E11", "Type 2 diabetes mellitus", billable=False, kind="category",
        children=_kids(("E11.9", "Type 2 diabetes mellitus without complications")),
        excludes1=("type 1 diabetes mellitus (E10.-)",)),
    icd("E11.9", "Type 2 diabetes mellitus without complications", parent="E11",
        excludes1=("type 1 diabetes mellitus (E10.-) [E11]",
                   "gestational diabetes (O24.4-) [E11]")),
    icd("E10.9", "Type 1 diabetes mellitus without complications", parent="E10",
        excludes1=("type 2 diabetes mellitus (E11.-) [E10]",)),
    icd("E78.5", "Hyperlipidemia, unspecified", parent="E78"),
    icd("H66.9", OM, billable=False, children=_kids(
        ("H66.90", f"{OM}, unspecified ear"), ("H66.91", f"{OM}, right ear"),
        ("H66.92", f"{OM}, left ear"), ("H66.93", f"{OM}, bilateral"))),
    icd("H66.90", f"{OM}, unspecified ear", parent="H66.9"),
    icd("H66.91", f"{OM}, right ear", parent="H66.9"),
    icd("S93.402", "Sprain of unspecified ligament of left ankle", billable=False,
        seventh=True, children=_kids(("S93.402A", "initial"), ("S93.402D", "subsequent"),
                                     ("S93.402S", "sequela"))),
    icd("S93.402A", "Sprain of unspecified ligament of left ankle, initial encounter",
        parent="S93.402", seventh=True),
    icd("S13.4", "Sprain of ligaments of cervical spine", billable=False, seventh=True,
        children=_kids(("S13.4XXA", "initial"), ("S13.4XXD", "subsequent"))),
    icd("F02.80", "Dementia in other diseases classified elsewhere, unspecified severity",
        parent="F02.8", code_first=("the underlying condition, such as: Alzheimer's (G30.-), "
                                    "Parkinson's disease (G20.-) [F02]",)),
    icd("G30.9", "Alzheimer's disease, unspecified", parent="G30"),
    icd("L89.151", "Pressure ulcer of sacral region, stage 1", parent="L89.15",
        code_first=("any associated gangrene (I96) [L89]",)),
    icd("N18.30", "Chronic kidney disease, stage 3 unspecified", parent="N18.3",
        code_first=("any associated: [N18]",
                    "diabetic chronic kidney disease (E08.22, E11.22) [N18]")),
    icd("E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease", parent="E11.2"),
    icd("W19.XXXA", "Unspecified fall, initial encounter", parent="W19", seventh=True),
    icd("N40.0", "Benign prostatic hyperplasia without lower urinary tract symptoms",
        parent="N40"),
    icd("N76.0", "Acute vaginitis", parent="N76"),
    icd("O80", "Encounter for full-term uncomplicated delivery", kind="category"),
    icd("P59.9", "Neonatal jaundice, unspecified", parent="P59"),
    icd("Z00.00", "Encounter for general adult medical examination without abnormal findings",
        parent="Z00.0"),
    icd("Z00.129", "Encounter for routine child health examination without abnormal findings",
        parent="Z00.12"),
    icd("Z23", "Encounter for immunization", kind="category"),
    icd("M25.561", "Pain in right knee", parent="M25.56"),
    icd("M17.11", "Unilateral primary osteoarthritis, right knee", parent="M17.1"),
)}


def hcpcs(code: str, start: date | None = date(2000, 1, 1), end: date | None = None) -> CodeDetail:
    """A small HCPCS Level II detail."""
    return CodeDetail(system="hcpcs", code=code, description=f"Test HCPCS {code}",
                      billable=True, kind="hcpcs", valid_from=start, valid_to=end,
                      extra={"release": "2026 Q3"})


HCPCS: dict[str, CodeDetail] = {c.code: c for c in (
    hcpcs("J1100"), hcpcs("J3301"), hcpcs("G0008"),
    hcpcs("Q9990", end=date(2020, 12, 31)), hcpcs("G9999", start=date(2030, 1, 1)),
)}


def ptp(col1: str, col2: str, indicator: int, deletion: date | None = None) -> PtpEdit:
    """An NCCI PTP edit in force since 2020."""
    return PtpEdit(column1=col1, column2=col2, effective=date(2020, 1, 1), deletion=deletion,
                   modifier_indicator=indicator, rationale="Test edit",
                   version="2026Q1 v32.0r0")


PTP: dict[frozenset[str], PtpEdit] = {frozenset((e.column1, e.column2)): e for e in (
    ptp("20610", "99213", 1), ptp("97530", "97140", 1), ptp("11042", "97597", 0),
    ptp("96372", "96374", 9), ptp("20611", "20610", 1, deletion=date(2021, 1, 1)),
)}

MUE: dict[str, MueLimit] = {m.code: m for m in (
    MueLimit("20610", 2, 1, "Anatomic consideration", "2026Q1"),
    MueLimit("97110", 4, 2, "CMS policy", "2026Q1"),
    MueLimit("96372", 3, 3, "Clinical data", "2026Q1"),
)}

MODIFIERS = frozenset(
    "22 24 25 26 27 50 51 52 57 58 59 76 77 78 79 91 GA GY GZ JW JZ KX LT RT TC XE XP XS XU "
    "E1 E2 FA F1 TA T1 QW".split())
BYPASS = frozenset("24 25 27 57 58 59 78 79 91 XE XP XS XU E1 E2 FA F1 TA T1 LT RT".split())


@dataclass
class FakeFacts:
    """``CodeFacts`` over the dicts above (each can be replaced per test)."""

    icd_codes: dict[str, CodeDetail] = field(default_factory=lambda: dict(ICD))
    hcpcs_codes: dict[str, CodeDetail] = field(default_factory=lambda: dict(HCPCS))
    ptp_edits: dict[frozenset[str], PtpEdit] = field(default_factory=lambda: dict(PTP))
    mue_limits: dict[str, MueLimit] = field(default_factory=lambda: dict(MUE))
    invalid_on: dict[str, Validity] = field(default_factory=dict)
    modifiers: frozenset[str] = MODIFIERS
    bypass: frozenset[str] = BYPASS
    release: str = RELEASE

    def icd(self, code: str) -> CodeDetail | None:
        return self.icd_codes.get(code)

    def hcpcs(self, code: str) -> CodeDetail | None:
        return self.hcpcs_codes.get(code)

    def validity(self, code: str, dos: date) -> Validity:
        if code in self.invalid_on:
            return self.invalid_on[code]
        if code in self.icd_codes or code in self.hcpcs_codes:
            return Validity(True, f"{code} is valid.")
        return Validity(False, f"{code} is not a known code.")

    def ptp(self, code_a: str, code_b: str, dos: date) -> PtpEdit | None:
        return self.ptp_edits.get(frozenset((code_a, code_b)))

    def mue(self, code: str, dos: date) -> MueLimit | None:
        return self.mue_limits.get(code)

    def bypass_modifiers(self) -> frozenset[str]:
        return self.bypass

    def known_modifiers(self) -> frozenset[str]:
        return self.modifiers

    def icd_release(self) -> str:
        return self.release
