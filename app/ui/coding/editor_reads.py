"""What the coding view reads besides the visit: code descriptions and the header texts.

Qt-free service reads shared by the view's loading and editing; no widgets, no writes.
"""

from __future__ import annotations

from typing import Any

from app.domain.encounters import Encounter
from app.services import codes, encounters, fees, patients, settings
from app.ui.presenters.coding_editor import CodingEditor


def describe_codes(db: Any, editor: CodingEditor) -> None:
    """Fill missing descriptions: ICD-10-CM from the index, lines from the fee schedule."""
    for code in editor.diagnoses:
        if code not in editor.descriptions:
            detail = codes.show(code, system="icd10cm")
            editor.descriptions[code] = detail.description if detail else "(unknown code)"
    labels = {e.code: e.label for e in fees.fee_schedule(db, editor.encounter.date_of_service)}
    for draft in editor.lines:
        if not draft.description:
            detail = None if draft.code in labels else codes.show(draft.code, system="hcpcs")
            draft.description = labels.get(draft.code) or (detail.description if detail else "")


def visit_texts(db: Any, enc: Encounter) -> tuple[str, str, str]:
    """Title, detail line and the visit's provider queries, for the header."""
    detail = patients.detail(db, enc.patient_id)
    p = detail.patient
    age = (enc.date_of_service - p.birth_date).days // 365
    title = f"{p.last_name}, {p.first_name}   ·   DOS {enc.date_of_service:%m/%d/%Y}"
    providers = {v.id: v.display_name for v in settings.list_providers(db)}
    payers = {v.id: v.name for v in settings.list_payers(db)}
    primary = next((payers.get(pol.payer_id, "") for pol in detail.policies
                    if pol.order.value == "P"), "Self-pay")
    details = (f"Account {p.account_number}  ·  born {p.birth_date:%m/%d/%Y} (age {age})  ·  "
               f"sex {p.sex.value}  ·  provider {providers.get(enc.rendering_provider_id, '?')}"
               f"  ·  {primary}  ·  POS {enc.place_of_service}")
    lines = []
    for q in encounters.queries(db, enc.id):
        answer = f" -> {q.answer}" if q.answer else " (open)"
        lines.append(f"Query {q.asked_at}: {q.question}{answer}")
    return title, details, "\n".join(lines)
