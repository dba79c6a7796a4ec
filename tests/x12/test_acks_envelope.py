"""999 and 277CA readers on the shared segment reader: every ST, versions, levels, locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.acks import Disposition, category_disposition
from app.domain.errors import ImportRejected
from app.x12.acks import ack_kind, read_999
from app.x12.acks_277 import read_277ca

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="ascii")


def refused(parse: object, text: str) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(text, "f.txt")  # type: ignore[operator]
    return [str(p) for p in info.value.problems]


def two_st_999() -> str:
    lines = read("999_rejected.txt").splitlines()
    body = lines[2:-2]
    second = [s.replace("ST*999*0001", "ST*999*0002").replace("SE*14*0001", "SE*14*0002")
              .replace("AK1*HC*102*", "AK1*HC*103*") for s in body]
    return "\n".join(lines[:2] + body + second + ["GE*2*502~", lines[-1]])


def test_every_st_of_a_999_is_read_with_its_envelope() -> None:
    first, second = read_999(two_st_999(), "two.999")
    assert (first.group_control_number, second.group_control_number) == ("102", "103")
    assert (first.transaction_control_number, second.transaction_control_number) == (
        "0001", "0002")
    assert (first.sender_qualifier, first.sender_id, first.receiver_id) == (
        "ZZ", "DEMOCLEARING", "CLAIMDESK")
    assert (first.gs_sender, first.gs_receiver) == ("DEMOCLEARING", "CLAIMDESK")
    assert second.segment == 17 and second.rejected_control_numbers() == ["0002"]


def test_999_with_bom_and_crlf() -> None:
    (ack,) = read_999("\ufeff" + read("999_accepted.txt").replace("\n", "\r\n"), "bom.999")
    assert ack.accepted


def test_999_group_count_is_checked() -> None:
    text = two_st_999().replace("GE*2*502", "GE*1*502")
    assert refused(read_999, text) == [
        "f.txt: segment 31 (GE), GE01: GE01 says '1' transaction sets, but there are 2."]


def test_4010_997_is_refused_by_version() -> None:
    text = read("999_accepted.txt").replace("005010X231A1", "004010")
    (problem, *_) = refused(read_999, text)
    assert "GS08" in problem and "'004010'" in problem and "005010X231A1" in problem


def test_claim_status_277_is_refused_saying_what_it_is() -> None:
    text = read("277ca_accepted.txt").replace("005010X214", "005010X212")
    (problem,) = refused(read_277ca, text)
    assert problem.startswith("f.txt: segment 2 (GS), GS08: ")
    assert "claim status response" in problem and "not a 277CA" in problem


def test_ack_kind_from_the_functional_group() -> None:
    assert ack_kind(read("999_accepted.txt"), "a") == "999"
    assert ack_kind(read("277ca_accepted.txt"), "a") == "277CA"
    remit = (Path("/work/shared/standards/fixtures") / "835_paid_and_partial.txt").read_text()
    with pytest.raises(ImportRejected) as info:
        ack_kind(remit, "era.835")
    assert "835 remittance" in str(info.value.problems[0])


def test_277ca_levels_and_the_claims_beneath_them() -> None:
    ack = read_277ca(read("277ca_rejected.txt"), "r.277")
    receiver, provider = ack.levels
    assert (receiver.level, receiver.loop, receiver.trace) == ("21", "2200B", "CDB0000104")
    assert receiver.claims == ("PCN0001", "PCN0002") and receiver.segment == 13
    assert (provider.level, provider.loop, provider.identifier) == ("19", "2200C",
                                                                    "1234567893")
    assert provider.receiver_trace == "CDB0000104"
    assert receiver.disposition is Disposition.ACCEPTED
    assert [c.receiver_trace for c in ack.claims] == ["CDB0000104"] * 2


@pytest.mark.parametrize(("category", "disposition"), [
    ("A0", Disposition.ACCEPTED), ("A1", Disposition.ACCEPTED), ("A2", Disposition.ACCEPTED),
    ("A5", Disposition.ACCEPTED), ("A3", Disposition.REJECTED), ("A4", Disposition.REJECTED),
    ("A6", Disposition.REJECTED), ("A7", Disposition.REJECTED), ("A8", Disposition.REJECTED),
    ("P1", Disposition.PENDING), ("E0", Disposition.REVIEW)])
def test_categories_follow_the_tr3(category: str, disposition: Disposition) -> None:
    assert category_disposition(category) is disposition


@pytest.mark.parametrize(("old", "new", "where"), [
    ("STC*A2:20:PR*", "STC*:20:PR*", "segment 29 (STC), 2200D/STC01-1"),
    ("STC*A2:20:PR*", "STC*A2:X9:PR*", "segment 29 (STC), 2200D/STC01-2"),
    ("STC*A2:20:PR*", "STC*A2*", "segment 29 (STC), 2200D/STC01-2"),
    ("STC*A1:19:PR*20250116", "STC*A1:19:PR*2025011", "segment 13 (STC), 2200B/STC02"),
    ("STC*A7:454*", "STC*A7*", "segment 38 (STC), 2220D/STC01-2"),
])
def test_malformed_stc_is_located(old: str, new: str, where: str) -> None:
    problems = refused(read_277ca, read("277ca_rejected.txt").replace(old, new, 1))
    assert [p.split(": ")[1] for p in problems] == [where]
