"""The scrubber's ``CodeFacts`` on top of the code-set index (cached per check run)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from app.codesets.reference_lists import modifiers, ncci_bypass_modifiers
from app.domain.codes import CodeDetail, MueLimit, PtpEdit, Validity
from app.services import codes


@cache
def _known_modifiers() -> frozenset[str]:
    return frozenset(m.code for m in modifiers())


class IndexFacts:
    """Code facts from the code-set database at ``db`` (default location when None).

    Dates of service outside the installed ICD-10-CM release are checked against the nearest
    release date, so a code that is fine in the installed release is not called invalid; the
    coding rule ``CODE-REL`` warns about the release gap instead.
    """

    def __init__(self, db: Path | None = None) -> None:
        self.db = db
        info = codes.status(db=db)
        self.release = info.icd_release or "ICD-10-CM"
        self.valid_from = info.icd_valid_from
        self.valid_to = info.icd_valid_to
        self._icd: dict[str, CodeDetail | None] = {}
        self._validity: dict[tuple[str, dt.date], Validity] = {}

    def _clamp(self, dos: dt.date) -> dt.date:
        if self.valid_from and dos < self.valid_from:
            return self.valid_from
        if self.valid_to and dos > self.valid_to:
            return self.valid_to
        return dos

    def icd(self, code: str) -> CodeDetail | None:
        """ICD-10-CM detail or None."""
        if code not in self._icd:
            self._icd[code] = codes.show(code, system="icd10cm", db=self.db)
        return self._icd[code]

    def hcpcs(self, code: str) -> CodeDetail | None:
        """HCPCS detail or None."""
        return codes.show(code, system="hcpcs", db=self.db)

    def validity(self, code: str, dos: dt.date) -> Validity:
        """Validity on ``dos`` (ICD-10-CM clamped into the installed release)."""
        key = (code, dos)
        if key not in self._validity:
            is_icd = "." in code or len(code) == 3  # diagnoses keep their dot
            system = "icd10cm" if is_icd else "hcpcs"
            when = self._clamp(dos) if is_icd else dos
            self._validity[key] = codes.is_valid_on(code, when, system=system, db=self.db)
        return self._validity[key]

    def ptp(self, code_a: str, code_b: str, dos: dt.date) -> PtpEdit | None:
        """NCCI PTP edit for the pair, either order."""
        return codes.ptp_edit(code_a, code_b, dos, db=self.db)

    def mue(self, code: str, dos: dt.date) -> MueLimit | None:
        """MUE for the code."""
        return codes.mue_limit(code, dos, db=self.db)

    def bypass_modifiers(self) -> frozenset[str]:
        """NCCI-associated modifiers."""
        return ncci_bypass_modifiers()

    def known_modifiers(self) -> frozenset[str]:
        """Curated modifier list."""
        return _known_modifiers()

    def icd_release(self) -> str:
        """Release name."""
        return self.release

    def outside_release(self, dos: dt.date) -> bool:
        """Whether ``dos`` falls outside the installed ICD-10-CM release dates."""
        return self._clamp(dos) != dos
