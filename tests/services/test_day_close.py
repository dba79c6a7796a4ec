"""Day close on the hand-worked practice of ``tests.money_day``: totals agree with the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.deposits import DepositKind, PaymentMethod
from app.services import day_close, deposits
from app.store import repository as repo
from app.store.database import Database
from tests.money_day import DAY, D, build
from tests.printing.pdftext import all_text


def _deposit_cash_and_check(db: Database, entries: dict[str, int]) -> int:
    dep, _ = deposits.open_deposit(db, DepositKind.CASH_CHECK, DAY)
    deposits.add_payments(db, dep.id, entry_ids=[entries["brown_cash"]],
                          method=PaymentMethod.CASH)
    deposits.add_payments(db, dep.id, entry_ids=[entries["doe_check"]])
    deposits.close_deposit(db, dep.id, D("65.00"))
    return dep.id


def test_day_totals_by_provider_payer_method_and_deposit(db: Database) -> None:
    p = build(db)
    cash_id = _deposit_cash_and_check(db, p.entries)
    report, name = day_close.day_close(db, DAY)
    assert name == "Test Family Practice"
    assert report.totals == {"charge": D("180.00"), "payment": D("262.40"),
                             "adjustment": D("62.60"), "refund": D("5.00")}
    assert report.net == D("-140.00")
    assert report.by_provider == {
        ("charge", "Jones, Sarah"): D("30.00"), ("charge", "Patel, Anita"): D("150.00"),
        ("payment", "(no visit)"): D("55.00"), ("payment", "Jones, Sarah"): D("207.40"),
        ("adjustment", "Jones, Sarah"): D("62.60"), ("refund", "(no visit)"): D("5.00")}
    assert report.by_payer == {
        ("charge", "Acme Health Plan"): D("180.00"),
        ("payment", "Acme Health Plan"): D("182.40"), ("payment", "Patient"): D("80.00"),
        ("adjustment", "Acme Health Plan"): D("62.60"), ("refund", "Patient"): D("5.00")}
    assert report.by_method == {"cash": D("25.00"), "check": D("40.00"), "eft": D("182.40"),
                                "undeposited": D("15.00")}
    lines = {(d.deposit_id, d.state, d.day_payments, d.slip_amount) for d in report.deposits}
    eft = next(d for d in deposits.list_deposits(db) if d.kind == DepositKind.EFT)
    assert lines == {(eft.id, "open", D("182.40"), None),
                     (cash_id, "closed", D("65.00"), D("65.00")),
                     (None, "", D("15.00"), None)}


def test_totals_agree_with_the_ledger(db: Database) -> None:
    build(db)
    report, _ = day_close.day_close(db, DAY)
    with db.reading() as session:
        entries = [e for e in repo.entries_for(session) if e.posted_on == DAY]
    for kind in ("charge", "payment", "adjustment", "refund"):
        assert report.totals[kind] == sum((e.amount for e in entries if e.kind == kind),
                                          D("0.00"))
    for by in (report.by_provider, report.by_payer):
        for kind, total in report.totals.items():
            assert sum((v for (k, _), v in by.items() if k == kind), D("0.00")) == total
    assert sum(report.by_method.values(), D("0.00")) == report.totals["payment"]
    assert sum((d.day_payments for d in report.deposits), D("0.00")) == report.totals["payment"]


def test_pdf_and_csv_are_written_and_say_the_figures(db: Database, tmp_path: Path) -> None:
    p = build(db)
    _deposit_cash_and_check(db, p.entries)
    out = tmp_path / "out"
    out.mkdir()
    pdf, csv_file = out / "close.pdf", out / "close.csv"
    day_close.write_day_close(db, DAY, pdf, csv_file)
    text = all_text(pdf.read_bytes())
    for figure in ("180.00", "262.40", "62.60", "5.00", "-140.00", "Patel, Anita",
                   "Not in a deposit", "EFT20250201001"):
        assert figure in text
    rows = csv_file.read_text().splitlines()
    assert rows[0] == "section,kind,group,amount"
    assert "total,payment,,262.40" in rows and "method,payment,undeposited,15.00" in rows
    assert "payer,payment,Patient,80.00" in rows
    assert sorted(f.name for f in out.iterdir()) == ["close.csv", "close.pdf"]


def test_a_failed_write_leaves_the_earlier_file(db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    build(db)
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "close.pdf"
    pdf.write_bytes(b"earlier")

    def disk_full(*args: object, **kw: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(day_close, "render_day_close", disk_full)
    with pytest.raises(OSError):
        day_close.write_day_close(db, DAY, pdf)
    assert pdf.read_bytes() == b"earlier"
    assert [f.name for f in out.iterdir()] == ["close.pdf"]
