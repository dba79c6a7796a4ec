"""Code-set facts shared by the code-set index (producer) and the scrubber (consumer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Code systems known to the search service.
SYSTEMS = ("icd10cm", "hcpcs", "cpt")


@dataclass(frozen=True)
class CodeHit:
    """One search result.

    Attributes:
        system: ``icd10cm``, ``hcpcs`` or ``cpt``.
        code: the code as displayed (ICD-10-CM with its dot).
        description: the official description (or the practice's label for CPT).
        billable: whether the code can go on a claim as is.
        billable_children: for a non-billable ICD-10-CM code, how many billable codes lie
            below it; ``None`` otherwise.
        match: how it matched: ``exact``, ``prefix``, ``synonym`` or ``word``.
        matched_term: the inclusion term or synonym that matched, when relevant.
    """

    system: str
    code: str
    description: str
    billable: bool
    billable_children: int | None = None
    match: str = "word"
    matched_term: str = ""


@dataclass(frozen=True)
class SeventhChar:
    """One allowed 7th character of an ICD-10-CM category and what it means."""

    char: str
    meaning: str


@dataclass(frozen=True)
class CodeDetail:
    """Everything the lookup panel shows about one code.

    Attributes:
        system: code system.
        code: the code (ICD-10-CM with its dot).
        description: long description.
        billable: leaf / active code that may be billed.
        kind: ``chapter``, ``block``, ``category``, ``subcategory``, ``extended``
            (ICD-10-CM), ``hcpcs`` or ``modifier``.
        parents: the parent chain from the chapter down, as (code, description) pairs.
        children: direct children as (code, description) pairs.
        billable_children: number of billable descendants.
        notes: note kind -> texts: ``inclusion``, ``includes``, ``excludes1``, ``excludes2``,
            ``code_first``, ``use_additional``, ``code_also``, ``notes``, ``seventh_note``;
            inherited notes from ancestors are included with the ancestor code in brackets.
        seventh: the 7th-character table that applies (empty when none).
        seventh_from: the code that defines the 7th-character table.
        short_description: HCPCS short description.
        valid_from: first date of service the code is valid for.
        valid_to: last date of service (``None``: open-ended).
        extra: other facts (HCPCS coverage code, pricing indicators, release name).
    """

    system: str
    code: str
    description: str
    billable: bool
    kind: str
    parents: tuple[tuple[str, str], ...] = ()
    children: tuple[tuple[str, str], ...] = ()
    billable_children: int = 0
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    seventh: tuple[SeventhChar, ...] = ()
    seventh_from: str = ""
    short_description: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Validity:
    """Whether a code may be reported for a date of service, and why not."""

    ok: bool
    message: str
    suggestion: str = ""


@dataclass(frozen=True)
class ImportResult:
    """Outcome of one file import.

    Attributes:
        kind: ``hcpcs``, ``ncci_ptp`` or ``mue`` (code sets); ``fees`` or ``contracts`` (the
            practice's fee schedule and payer contracts).
        file_name: the file's base name.
        version: the release / quarter version recorded ("" for fee files, which have none).
        rows: data rows stored (0 when already imported).
        already_imported: the same file (same SHA-256) was imported before; nothing done.
        replaced: rows of an earlier version that this import replaced.
    """

    kind: str
    file_name: str
    version: str
    rows: int
    already_imported: bool = False
    replaced: int = 0

    @property
    def message(self) -> str:
        """One line for the user."""
        version = f" ({self.version})" if self.version else ""
        if self.already_imported:
            return f"{self.file_name}: already imported{version}; nothing changed."
        text = f"{self.file_name}: imported {self.rows:,} rows{version}"
        if self.replaced:
            text += f", replacing {self.replaced:,} rows of an earlier version"
        return text + "."


@dataclass(frozen=True)
class PtpEdit:
    """An NCCI procedure-to-procedure edit in force for a pair of codes."""

    column1: str
    column2: str
    effective: dt.date
    deletion: dt.date | None
    modifier_indicator: int
    rationale: str
    version: str

    @property
    def modifier_allowed(self) -> bool:
        """Whether an NCCI-associated modifier may bypass the edit (indicator 1)."""
        return self.modifier_indicator == 1


@dataclass(frozen=True)
class MueLimit:
    """A medically unlikely edit: maximum units per line or per date of service."""

    code: str
    max_units: int
    adjudication: int
    rationale: str
    version: str


@dataclass(frozen=True)
class ImportRecord:
    """One row of the imports history."""

    kind: str
    file_name: str
    version: str
    rows: int
    imported_at: str


@dataclass(frozen=True)
class CodeSetStatus:
    """What reference data is available.

    Attributes:
        icd_ready: the ICD-10-CM index exists and matches the installed release.
        icd_release: release name, e.g. ``ICD-10-CM FY2026 April 1 update``.
        icd_valid_from: first date of service of that release.
        icd_valid_to: last date of service of that release.
        icd_codes: number of codes in the index; icd_billable: of which billable.
        hcpcs_codes: HCPCS codes held; hcpcs_source: ``starter`` or the imported release.
        ptp_rows / ptp_versions: NCCI PTP edits held and their quarter versions.
        mue_rows / mue_versions: MUE rows held and their versions.
        imports: import history, newest first.
    """

    icd_ready: bool
    icd_release: str = ""
    icd_valid_from: dt.date | None = None
    icd_valid_to: dt.date | None = None
    icd_codes: int = 0
    icd_billable: int = 0
    hcpcs_codes: int = 0
    hcpcs_source: str = ""
    ptp_rows: int = 0
    ptp_versions: tuple[str, ...] = ()
    mue_rows: int = 0
    mue_versions: tuple[str, ...] = ()
    imports: tuple[ImportRecord, ...] = ()
