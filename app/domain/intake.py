"""The import document: what every EHR adapter (CSV, HL7 v2, FHIR) translates its source into.

Adapters produce plain, located values; the import engine in ``app.services.intake`` matches
them against the practice, previews and commits them. Nothing here touches a database.
Each item carries ``source``: where it came from (``adt.hl7: message 3``, ``visits.csv:
line 7``, ``$.entry[2].resource``) so every problem can name its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.errors import Problem


@dataclass(frozen=True)
class ImportAddress:
    """A street address as the source gave it."""

    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


@dataclass(frozen=True)
class ImportPatient:
    """A patient as the source knows it; ``key`` is the source's MRN or account number."""

    key: str
    source: str
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: ImportAddress = field(default_factory=ImportAddress)
    phone: str = ""
    email: str = ""
    #: When the source wrote this (``YYYYMMDDHHMMSS``, e.g. HL7 MSH-7); of two items about
    #: the same patient in one import the newer wins, whatever order they arrive in.
    as_of: str = ""


@dataclass(frozen=True)
class ImportSubscriber:
    """The policy holder when it is not the patient."""

    last_name: str
    first_name: str
    birth_date: date | None
    sex: str = ""


@dataclass(frozen=True)
class ImportCoverage:
    """An insurance policy of a patient; the payer is named by electronic id or by name."""

    patient_key: str
    source: str
    payer_ref: str
    member_id: str
    order: str = "P"
    group_number: str = ""
    group_name: str = ""
    relationship: str = "18"
    subscriber: ImportSubscriber | None = None
    effective_date: date | None = None
    termination_date: date | None = None


@dataclass(frozen=True)
class ImportLine:
    """One charge: procedure code, modifiers, units, charge (None: from the fee schedule).

    ``key`` is stable across re-sends of the same charge (the source's transaction id, or
    the visit key with the code and its place in the visit), never a file name.
    """

    key: str
    source: str
    code: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal("1")
    charge: Decimal | None = None
    pointers: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportVisit:
    """A visit (scheduled or billed); ``key`` is the source's visit/encounter number."""

    key: str
    patient_key: str
    source: str
    date_of_service: date | None
    rendering_npi: str = ""
    referring_npi: str = ""
    place_of_service: str = ""
    diagnoses: tuple[str, ...] = ()
    lines: tuple[ImportLine, ...] = ()
    documentation: str = ""


@dataclass
class ImportDocument:
    """Everything one import brings, with the problems the adapter already found."""

    source_system: str
    files: list[str] = field(default_factory=list)
    patients: list[ImportPatient] = field(default_factory=list)
    coverages: list[ImportCoverage] = field(default_factory=list)
    visits: list[ImportVisit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def merge(self, other: ImportDocument) -> None:
        """Append another document's items (a folder of files becomes one import)."""
        self.files.extend(other.files)
        self.patients.extend(other.patients)
        self.coverages.extend(other.coverages)
        self.visits.extend(other.visits)
        self.problems.extend(other.problems)
