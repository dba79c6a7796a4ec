"""Scrubber findings as table rows, and where on the claim editor each one points (Qt-free)."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass

from app.domain.findings import Finding, Owner, Severity
from app.ui.presenters.billing_editor import LINES, PATIENT, PHYSICIAN, PROVIDER

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
OWNER_LABELS: dict[str, str] = {
    Owner.CODING.value: "Coding", Owner.CHARGE_ENTRY.value: "Charge entry",
    Owner.FRONT_DESK.value: "Front desk", Owner.BILLING.value: "Billing",
    Owner.PAYER.value: "Payer", Owner.PATIENT.value: "Patient",
}
_INDEXED = re.compile(r"^(?P<root>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<rest>.+))?$")

#: Location prefixes (longest first) -> (section, field key). ``None`` field: the section.
_PREFIXES: tuple[tuple[str, str, str | None], ...] = (
    ("claim.payer_claim_number", "header", "payer_claim_number"),
    ("claim.control_number", PROVIDER, "26"),
    ("claim.frequency_code", "header", "frequency_code"),
    ("policy.subscriber", PATIENT, "4"),
    ("policy.member_id", PATIENT, "1a"),
    ("policy.group", PATIENT, "11"),
    ("policy", PATIENT, "1a"),
    ("subscriber", PATIENT, "4"),
    ("patient.address", PATIENT, "5"),
    ("patient.birth_date", PATIENT, "3"),
    ("patient.sex", PATIENT, "3"),
    ("patient", PATIENT, "2"),
    ("payer", PATIENT, "payer"),
    ("practice.npi", PROVIDER, "33a"),
    ("practice.ein", PROVIDER, "25"),
    ("practice.taxonomy", PROVIDER, "33b"),
    ("practice", PROVIDER, "33"),
    ("encounter.rendering_provider", PROVIDER, "31"),
    ("encounter.referring_provider", PHYSICIAN, "17"),
    ("encounter.prior_auth", PHYSICIAN, "23"),
    ("encounter.onset", PHYSICIAN, "14"),
    ("encounter.accident", PATIENT, "10"),
    ("encounter.date_of_service", LINES, None),
    ("encounter.place_of_service", LINES, None),
    ("diagnoses", PHYSICIAN, "21"),
    ("lines", LINES, None),
)


@dataclass(frozen=True)
class Target:
    """Where a finding points: an editor section, a field key and/or a table row."""

    section: str
    field: str | None = None
    row: int | None = None  # 0-based row of the lines or diagnoses table


@dataclass(frozen=True)
class FindingLine:
    """One row of the findings pane."""

    id: int  # position in the list
    severity: str
    rule_id: str
    owner: str
    message: str
    hint: str
    source: str
    location: str
    accepted: bool = False

    @property
    def acceptable(self) -> bool:
        """Warnings can be accepted with a reason; errors and hints cannot."""
        return self.severity == Severity.WARNING.value and not self.accepted


def locate(location: str) -> Target:
    """The editor target of a finding location (``lines[1].modifiers`` -> lines row 1)."""
    match = _INDEXED.match(location)
    if match:
        root, index = match["root"], int(match["index"])
        if root == "lines":
            return Target(LINES, None, index)
        if root == "diagnoses":
            return Target(PHYSICIAN, "21", index)
    for prefix, section, field in _PREFIXES:
        if location == prefix or location.startswith(prefix + ".") or \
                location.startswith(prefix + "["):
            return Target(section, field)
    return Target("header", "status")


def finding_lines(findings: Iterable[Finding],
                  accepted: Container[tuple[str, str]] = ()) -> list[FindingLine]:
    """Errors first, then warnings, then hints; the scrubber's order within each."""
    ordered = sorted(enumerate(findings), key=lambda pair: (
        SEVERITY_ORDER.get(pair[1].severity, 3), pair[0]))
    return [FindingLine(id=n, severity=f.severity.value, rule_id=f.rule_id,
                        owner=OWNER_LABELS.get(f.owner.value, f.owner.value),
                        message=f.message, hint=f.hint, source=f.source, location=f.location,
                        accepted=(f.rule_id, f.location) in accepted)
            for n, (_, f) in enumerate(ordered)]


def summary(lines: list[FindingLine]) -> str:
    """``2 errors · 1 warning`` (or ``No findings``)."""
    counts = {s: sum(1 for f in lines if f.severity == s.value) for s in SEVERITY_ORDER}
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return " · ".join(parts) or "No findings"


def detail_text(line: FindingLine) -> str:
    """The selected finding in full, under the table."""
    parts = [f"{line.severity.capitalize()} {line.rule_id} ({line.owner}): {line.message}"]
    if line.hint:
        parts.append(f"What to do: {line.hint}")
    where = f"Where: {line.location}" + (f" · Source: {line.source}" if line.source else "")
    if line.accepted:
        where += " · accepted with a reason"
    parts.append(where + "  (Enter: go to the field)")
    return "\n".join(parts)
