import datetime as dt
from decimal import Decimal

import pytest

from app.codesets import fee_csv, reference_lists
from app.domain.errors import ImportRejected


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fee_schedule_parsed_with_decimal(tmp_path):
    path = write(tmp_path, "fees.csv", "code,modifier,label,charge,effective_date\n"
                 "99213,,Office visit level 3,\"$1,234.50\",2026-01-01\n"
                 "J1100,,Dexamethasone 1 mg,4.1,01/15/2026\n"
                 "20610,RT,Large joint injection,180,2026-01-01\n")
    rows = fee_csv.parse_fee_schedule(path)
    assert [r.charge for r in rows] == [Decimal("1234.50"), Decimal("4.10"), Decimal("180.00")]
    assert all(type(r.charge) is Decimal for r in rows)
    assert rows[1].effective_date == dt.date(2026, 1, 15)
    assert (rows[2].modifier, rows[2].line) == ("RT", 4)


def test_fee_schedule_reports_every_bad_row(tmp_path):
    path = write(tmp_path, "fees.csv", "code,modifier,label,charge,effective_date\n"
                 "9921,,Short code,10,2026-01-01\n"
                 "99213,RTX,,ten,2026-13-01\n"
                 "99214,,Visit,-5,2026-01-01\n"
                 "99215,,Visit,1.005,2026-01-01\n"
                 "99215,,Visit again,1.00,2026-01-01\n")
    with pytest.raises(ImportRejected) as caught:
        fee_csv.parse_fee_schedule(path)
    got = {(p.line, p.field) for p in caught.value.problems}
    assert got == {(2, "code"), (3, "modifier"), (3, "label"), (3, "charge"),
                   (3, "effective_date"), (4, "charge"), (5, "charge"), (6, "code")}
    assert all(p.source == "fees.csv" for p in caught.value.problems)


def test_contract_csv(tmp_path):
    good = write(tmp_path, "contract.csv", "payer_id,code,modifier,allowed,effective_date\n"
                 "BCBS01,99213,,92.17,2026-01-01\n")
    [row] = fee_csv.parse_payer_contract(good)
    assert (row.payer_id, row.allowed) == ("BCBS01", Decimal("92.17"))
    missing = write(tmp_path, "bad.csv",
                    "payer,code,allowed,effective_date\nX,99213,1,2026-01-01\n")
    with pytest.raises(ImportRejected) as caught:
        fee_csv.parse_payer_contract(missing)
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "payer_id")]


def test_places_of_service():
    places = reference_lists.places_of_service()
    codes = [p.code for p in places]
    assert len(codes) == 52 == len(set(codes))
    assert {"11", "27", "66", "99"} <= set(codes) and "28" not in codes
    assert places[codes.index("66")].effective_from == dt.date(2024, 8, 1)


def test_ncci_bypass_modifiers():
    expected = {"E1", "E2", "E3", "E4", "FA", *(f"F{i}" for i in range(1, 10)), "TA",
                *(f"T{i}" for i in range(1, 10)), "LT", "RT", "LC", "LD", "RC", "LM", "RI",
                "24", "25", "57", "58", "78", "79", "27", "59", "91", "XE", "XS", "XP", "XU"}
    assert reference_lists.ncci_bypass_modifiers() == expected
    kinds = {m.code: m.kind for m in reference_lists.modifiers()}
    assert kinds["25"] == "cpt" and kinds["GA"] == "hcpcs" and kinds["76"] == "cpt"
