"""Which transaction a file holds (GS01, ST01, GS08), checked for every transaction set.

A 4010 835 or a claim-status 277 (X212) is refused with a message naming what it is, rather
than read as if it were the 5010 transaction ClaimDesk expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import Problem
from app.x12.segments import Envelopes, Transaction, problem

#: GS08 / ST03 implementation guides a practice may receive, in plain words.
KNOWN_VERSIONS = {
    "005010X221A1": "an 835 remittance (5010)",
    "005010X221": "an 835 remittance (5010, before addenda)",
    "004010X091A1": "an 835 remittance in the retired 4010 format",
    "004010X091": "an 835 remittance in the retired 4010 format",
    "005010X231A1": "a 999 implementation acknowledgment",
    "005010X231": "a 999 implementation acknowledgment (before errata)",
    "005010X214": "a 277CA claim acknowledgment",
    "005010X212": "a 277 claim status response (the answer to a 276 claim status inquiry, "
                  "not a 277CA claim acknowledgment)",
    "004010X093A1": "a 277 claim status response in the retired 4010 format",
    "005010X222A1": "an 837P professional claim",
    "005010X223A2": "an 837I institutional claim",
    "005010X279A1": "a 270/271 eligibility transaction",
    "004010X098A1": "an 837P professional claim in the retired 4010 format",
}

#: GS01 functional identifier codes, in plain words.
FUNCTIONAL_IDS = {
    "HP": "an 835 remittance", "FA": "an acknowledgment (999 or 997)",
    "HN": "a 277 (claim acknowledgment or claim status)", "HC": "an 837 claim",
    "HB": "a 271 eligibility response", "HS": "a 270 eligibility inquiry",
    "HR": "a 276 claim status inquiry",
}


@dataclass(frozen=True)
class Expected:
    """The transaction a reader accepts."""

    functional_id: str  # GS01
    set_id: str  # ST01
    version: str  # GS08 (and ST03 when present)
    name: str  # plain words: "835 remittance"


REMITTANCE = Expected("HP", "835", "005010X221A1", "an 835 remittance (005010X221A1)")
ACK_999 = Expected("FA", "999", "005010X231A1", "a 999 acknowledgment (005010X231A1)")
ACK_277CA = Expected("HN", "277", "005010X214", "a 277CA claim acknowledgment (005010X214)")


def describe_version(version: str) -> str:
    """``version`` in plain words, or the code itself."""
    return KNOWN_VERSIONS.get(version, f"version {version!r}")


def check(envelopes: Envelopes, expected: Expected, source: str) -> list[Problem]:
    """One problem per group or transaction set that is not the ``expected`` transaction.

    Args:
        envelopes: what ``segments.walk`` found.
        expected: the transaction the reader accepts.
        source: file name for the problems.
    """
    problems: list[Problem] = []
    groups: set[int] = set()
    if not envelopes.transactions:
        problems.append(problem(source, f"The file has no transaction set (ST); expected "
                                f"{expected.name}.", field="ST"))
    for tx in envelopes.transactions:
        group = tx.group
        if group is not None and group.number not in groups:
            groups.add(group.number)
            problems.extend(_group_problems(tx, expected, source))
        if tx.set_id != expected.set_id:
            problems.append(problem(
                source, f"Transaction set type {tx.set_id!r} is not {expected.name}.",
                line=tx.number, segment_id="ST", field="ST01"))
        elif tx.reference and group is not None and tx.reference != group.version:
            problems.append(problem(
                source, f"ST03 {tx.reference!r} differs from the group's version GS08 "
                f"{group.version!r}.", line=tx.number, segment_id="ST", field="ST03"))
    return problems


def _group_problems(tx: Transaction, expected: Expected, source: str) -> list[Problem]:
    group = tx.group
    assert group is not None
    found: list[Problem] = []
    if group.functional_id != expected.functional_id:
        what = FUNCTIONAL_IDS.get(group.functional_id, "another kind of file")
        found.append(problem(
            source, f"Functional group type {group.functional_id!r} ({what}) is not "
            f"{expected.name}.", line=group.number, segment_id="GS", field="GS01"))
    if group.version != expected.version:
        found.append(problem(
            source, f"Version {group.version!r} found ({describe_version(group.version)}); "
            f"ClaimDesk reads {expected.name} here, version {expected.version!r}.",
            line=group.number, segment_id="GS", field="GS08"))
    return found
