"""Qt-free text for the batch, acknowledgment and ERA screens: reports as label/value rows.

Everything here is plain data in, plain data out, so it is tested without Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.domain.errors import Problem
from app.domain.money import format_money
from app.services.batches import AckResult, BatchResult
from app.services.remittances import PostingSummary


@dataclass(frozen=True)
class ProblemRow:
    """One validation problem as the report table shows it."""

    where: str
    field: str
    message: str
    line: str


@dataclass(frozen=True)
class AckLine:
    """One claim named by an acknowledgment."""

    control_number: str
    outcome: str  # Accepted / Rejected / Not matched


def problem_rows(problems: Iterable[Problem]) -> list[ProblemRow]:
    return [ProblemRow(p.source, "/".join(x for x in (getattr(p, "loop", ""), p.field) if x),
                       p.message, "" if p.line is None else str(p.line))
            for p in problems]


def problem_report(problems: Sequence[Problem], headline: str = "") -> str:
    """The whole report as text for the clipboard: one problem per line, tab-separated."""
    lines = [headline] if headline else []
    lines.append("Where\tField\tLine\tProblem")
    lines += [f"{r.where}\t{r.field}\t{r.line}\t{r.message}" for r in problem_rows(problems)]
    return "\n".join(lines)


def selection_totals(charges: Iterable[Decimal]) -> tuple[int, Decimal]:
    """Count and total charge of the selected claims."""
    values = list(charges)
    return len(values), sum(values, Decimal("0.00"))


def selection_text(count: int, total: Decimal) -> str:
    noun = "claim" if count == 1 else "claims"
    return f"{count} {noun} selected · total charge ${format_money(total)}"


def batch_result_rows(result: BatchResult) -> list[tuple[str, str]]:
    """Where the exported file went and its envelope numbers."""
    usage = "TEST (T)" if str(result.usage) == "T" else "PRODUCTION (P)"
    return [("File", str(result.file)),
            ("Interchange (ISA13)", f"{result.isa13:09d}"),
            ("Group (GS06)", str(result.gs06)),
            ("Transaction sets (ST02)", ", ".join(result.st02)),
            ("Claims", str(result.claims)),
            ("Total charge", f"${format_money(result.total_charge)}"),
            ("Usage", usage),
            ("Validated with pyx12", "Yes" if result.validated else "No")]


def ack_headline(result: AckResult) -> str:
    if result.already_imported:
        return (f"{result.file} was already imported on {result.already_imported}; "
                "nothing changed.")
    if result.kind == "TA1":  # an interchange verdict only: no claim counts to show
        return f"TA1 {result.file}: {' '.join(result.notes[1:] or result.notes)}"
    return (f"{result.kind} {result.file}: {len(result.accepted)} accepted, "
            f"{len(result.rejected)} rejected, {len(result.unmatched)} not matched.")


def ack_lines(result: AckResult) -> list[AckLine]:
    return ([AckLine(c, "Accepted") for c in result.accepted]
            + [AckLine(c, "Rejected") for c in result.rejected]
            + [AckLine(c, "Not matched") for c in result.unmatched]
            + [AckLine(c, "Note") for c in result.notes])


def posting_rows(summary: PostingSummary) -> list[tuple[str, str]]:
    """The preview or posting report, one figure per row."""
    rows = [("Payments", str(summary.payments)),
            ("Claims matched", str(summary.claims_matched)),
            ("Paid", f"${format_money(summary.paid)}"),
            ("Adjusted (write-offs)", f"${format_money(summary.adjusted)}"),
            ("Patient responsibility", f"${format_money(summary.patient_responsibility)}"),
            ("Denials (work items)", str(summary.denials)),
            ("Exceptions (not matched)", str(summary.exceptions)),
            ("Underpayments", str(summary.underpayments)),
            ("Provider adjustments (PLB)", f"${format_money(summary.provider_adjustments)}"),
            ("Secondary claims built", ", ".join(summary.secondary_claims) or "none")]
    if summary.already_posted:
        rows.append(("Already posted (skipped)", "; ".join(summary.already_posted)))
    rows += [("Warning", text) for text in summary.warnings]
    if summary.held:
        duplicates = sum(1 for h in summary.held if h.kind == "duplicate")
        rows.append(("Held, not posted", f"{len(summary.held)} ({duplicates} possible "
                                         "duplicate payments)"))
    return rows


def posting_headline(summary: PostingSummary) -> str:
    if summary.payments == 0 and summary.already_posted:
        return f"{summary.file}: already imported; nothing to post."
    if summary.dry_run and not summary.paid:
        return f"Preview of {summary.file}: {no_payment_text(summary)}"
    if summary.dry_run:
        return (f"Preview of {summary.file}: nothing is posted yet. Check the figures, "
                "then Post.")
    return f"Posted {summary.file}."


def no_payment_text(summary: PostingSummary) -> str:
    """Say plainly that a previewed 835 pays nothing, and what it does hold."""
    claims = summary.claims_matched + summary.exceptions
    held: list[str] = []
    if claims:
        denied = f", {summary.denials} denied" if summary.denials else ""
        held.append(f"{claims} claim{'s' if claims != 1 else ''} paid $0.00{denied}")
    if summary.provider_adjustments:
        held.append("a provider-level adjustment (PLB) of "
                    f"${format_money(summary.provider_adjustments)}")
    if summary.held:
        held.append(f"{len(summary.held)} held item{'s' if len(summary.held) != 1 else ''}")
    if summary.payments == 0 or not held:
        return "this file holds no payments and nothing to record."
    what = "only " + " and ".join(held)
    record = "records the denials as work items" if summary.denials else "records it"
    return f"this file holds no payments: {what}. Post {record}; no money is posted."


def can_post(summary: PostingSummary) -> bool:
    """Post is offered after a preview that found something new to post."""
    return summary.dry_run and summary.payments > 0
