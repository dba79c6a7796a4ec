from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.acks import AckCode
from app.domain.errors import ValidationFailed
from app.x12.acks import read_999
from app.x12.acks_277 import read_277ca
from app.x12.validate import validate_x12

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="ascii")


@pytest.mark.parametrize("name", ["999_accepted.txt", "999_rejected.txt", "277ca_accepted.txt",
                                  "277ca_rejected.txt"])
def test_synthetic_acks_are_valid_for_pyx12(name: str) -> None:
    # pyx12 picks the 999 X231A1 and 277 X214 maps from GS08
    assert validate_x12(read(name), name) == []


def test_999_accepted() -> None:
    (ack,) = read_999(read("999_accepted.txt"), "999_accepted.txt")
    assert ack.accepted and ack.group_status is AckCode.ACCEPTED
    assert (ack.functional_id, ack.group_control_number) == ("HC", "101")
    assert (ack.sets_included, ack.sets_received, ack.sets_accepted) == (1, 1, 1)
    assert [t.control_number for t in ack.transactions] == ["0001"]
    assert ack.transactions[0].accepted and ack.transactions[0].errors == ()
    assert ack.rejected_control_numbers() == []
    assert ack.created == date(2025, 1, 15)


def test_999_partially_rejected() -> None:
    (ack,) = read_999(read("999_rejected.txt"), "999_rejected.txt")
    assert ack.group_status is AckCode.PARTIALLY_ACCEPTED and not ack.accepted
    assert ack.rejected_control_numbers() == ["0002"]
    rejected = ack.transactions[1]
    assert rejected.status is AckCode.REJECTED and rejected.codes == ("5",)
    assert "segments are in error" in rejected.message
    dtp, nm1 = rejected.errors
    assert (dtp.segment_id, dtp.position, dtp.loop_id, dtp.code) == ("DTP", 22, "2400", "8")
    element = dtp.elements[0]
    assert (element.position, element.element_ref, element.code, element.bad_value) == (
        3, "1251", "8", "20250231")
    assert element.message == "Invalid date."
    assert nm1.elements[0].code == "I12"
    assert "pattern" in nm1.elements[0].message


def test_999_with_other_delimiters_and_no_line_breaks() -> None:
    text = read("999_rejected.txt").replace("*", "|").replace(":", ">").replace("\n", "")
    (ack,) = read_999(text, "x")
    assert ack.transactions[1].errors[0].elements[0].bad_value == "20250231"


def test_277ca_accepted() -> None:
    (claim,) = read_277ca(read("277ca_accepted.txt"), "277ca_accepted.txt").claims
    assert claim.patient_control_number == "PCN0001"
    assert claim.accepted
    assert (claim.category, claim.status_code, claim.entity) == ("A2", "20", "PR")
    assert claim.payer_claim_number == "ACME2025011600001"
    assert claim.status_date == date(2025, 1, 16)
    assert claim.total_charge == Decimal("110")
    assert claim.service_from == claim.service_to == date(2025, 1, 10)
    assert (claim.patient_last, claim.member_id, claim.billing_npi) == (
        "DOE", "ACM123456789", "1234567893")
    assert claim.payer_name == "DEMO CLEARINGHOUSE"
    assert "Accepted for processing" in claim.message


def test_277ca_rejected_claim() -> None:
    accepted, rejected = read_277ca(read("277ca_rejected.txt"), "277ca_rejected.txt").claims
    assert accepted.accepted and accepted.patient_control_number == "PCN0001"
    assert rejected.patient_control_number == "PCN0002"
    assert not rejected.accepted
    assert (rejected.category, rejected.status_code, rejected.entity) == ("A7", "562", "82")
    assert rejected.action == "U"
    assert len(rejected.statuses) == 2
    assert rejected.payer_claim_number == ""
    assert rejected.message.startswith(
        "Rejected for invalid information: The entity's National Provider Identifier (NPI) "
        "(about the rendering provider).")
    assert rejected.message.endswith("RENDERING NPI NOT ON FILE")
    ((line_ref, line_status),) = rejected.line_statuses
    assert line_ref == "L0002-3" and line_status.code == "454"


def _problems(parse: object, text: str) -> list[str]:
    """The location of each problem: ``segment 6 (IK5), 2000/IK501``."""
    with pytest.raises(ValidationFailed) as info:
        parse(text, "bad.txt")  # type: ignore[operator]
    assert all(p.source == "bad.txt" for p in info.value.problems)
    return [str(p).split(": ")[1] for p in info.value.problems]


def test_malformed_999() -> None:
    assert _problems(read_999, "not x12") == ["segment 1 (ISA), ISA"]
    text = read("999_accepted.txt")
    assert _problems(read_999, text.replace("IK5*A~", "IK5*Q~")) == [
        "segment 6 (IK5), 2000/IK501"]
    assert _problems(read_999, text.replace("AK9*A*1*1*1", "AK9*A*one*1*1")) == [
        "segment 7 (AK9), AK902"]
    assert _problems(read_999, text.split("SE*")[0]) == ["segment 3 (ST), SE", "segment 7, IEA"]
    assert _problems(read_999, read("277ca_accepted.txt")) == [
        "segment 2 (GS), GS01", "segment 2 (GS), GS08", "segment 3 (ST), ST01"]
    assert _problems(read_999, text.replace("IK5*A~\n", "").replace("SE*6", "SE*5")) == [
        "segment 5 (AK2), 2000"]
    bad_ik4 = read("999_rejected.txt").replace("IK4*3*1251", "IK4*X*1251")
    assert _problems(read_999, bad_ik4) == ["segment 10 (IK4), 2110/IK401"]


def test_malformed_277ca() -> None:
    text = read("277ca_rejected.txt")
    assert _problems(read_277ca, text.replace("TRN*2*PCN0002", "TRN*2*")) == [
        "segment 34 (TRN), 2200D/TRN02"]
    assert _problems(read_277ca, text.replace("STC*A2:20:PR*20250116", "STC*A2:20:PR*20251399")
                     ) == ["segment 29 (STC), 2200D/STC02"]
    assert _problems(read_277ca, text.replace("*WQ*110~", "*WQ*1,10~")) == [
        "segment 29 (STC), 2200D/STC04"]
    assert _problems(read_277ca, text.replace("HL*5*3*PT", "HL*5*3*XX")) == [
        "segment 32 (HL), 2000/HL03"]
    assert _problems(read_277ca, read("999_accepted.txt")) == [
        "segment 2 (GS), GS01", "segment 2 (GS), GS08", "segment 3 (ST), ST01"]
