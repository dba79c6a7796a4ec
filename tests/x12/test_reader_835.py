"""Reading 835 remittances: shared fixtures, broken variants, delimiters, balancing property."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ImportRejected, Problem
from app.domain.remittance import Remittance
from app.x12 import codes_835
from app.x12.reader_835 import detect_delimiters, parse_835_unchecked, read_835

FIXTURES = Path("/work/shared/standards/fixtures")
DATA = Path(__file__).parent / "data835"
D = Decimal


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="ascii")


def rejected(text: str, source: str = "test.835", **kwargs: bool) -> list[Problem]:
    with pytest.raises(ImportRejected) as info:
        read_835(text, source, **kwargs)
    return info.value.problems


def fields(problems: list[Problem]) -> set[str]:
    return {p.field for p in problems}


# -- valid fixtures: the exact amounts of x12-835.md's fixture table ------------------------------


def test_paid_and_partial() -> None:
    [remit] = read_835(fixture("835_paid_and_partial.txt"), "835_paid_and_partial.txt")
    assert remit.total_paid == D("182.40") == remit.claims_paid_total
    assert (remit.handling_code, remit.credit_debit, remit.payment_method) == ("I", "C", "ACH")
    assert remit.key == ("1512345678", "EFT20250201001")
    assert remit.payment_date == remit.production_date == date(2025, 2, 1)
    assert (remit.payer_name, remit.payee_npi, remit.payee_tin) == (
        "ACME HEALTH PLAN", "1234567893", "371234567")
    first, second = remit.claims
    assert (first.patient_control_number, first.charge, first.paid) == ("PCN0001", 110, D("82.4"))
    assert [(a.group, a.reason, a.amount) for a in first.all_adjustments] == [
        ("CO", "45", D("27.60"))]
    assert first.patient is not None and first.patient.id == "ACM123456789"
    assert first.payer_claim_control_number == "ACME2025011500001"
    assert (second.paid, second.patient_responsibility, len(second.services)) == (100, 25, 2)
    line = second.services[0]
    assert (line.code, line.charge, line.paid, line.allowed) == ("99214", 130, 80, 105)
    assert (line.line_control_number, line.service_date) == ("L0004-1", date(2025, 1, 12))
    assert [(a.group, a.reason) for a in line.adjustments] == [("CO", "45"), ("PR", "3")]


def test_denial_deductible_coinsurance() -> None:
    [remit] = read_835(fixture("835_denial_deductible_coinsurance.txt"), "denial.835")
    assert (remit.total_paid, remit.payment_method, remit.trace_number) == (48, "CHK", "00012345")
    paid, denied = remit.claims
    assert (paid.charge, paid.paid, paid.patient_responsibility) == (245, 48, 112)
    assert paid.total_adjustments == 197
    office, venipuncture = paid.services
    assert [a.amount for a in office.adjustments] == [40, 100, 12]
    assert (venipuncture.paid, venipuncture.remark_codes) == (0, ("M15",))
    assert venipuncture.adjustments[0].reason == "97"
    assert denied.is_denial and not paid.is_denial
    assert denied.status_label == "Denied"
    assert denied.all_adjustments[0].reason == "27" and denied.total_adjustments == 95


def test_reversal_correction_plb() -> None:
    [remit] = read_835(fixture("835_reversal_correction_plb.txt"), "reversal.835")
    assert remit.total_paid == D("64.10")
    reversal, correction, new = remit.claims
    assert reversal.is_reversal and not correction.is_reversal
    assert (reversal.charge, reversal.paid) == (-110, D("-82.40"))
    assert reversal.services[0].adjustments[0].amount == D("-27.60")
    assert reversal.services[0].units_paid == -1
    assert correction.original_claim_number == reversal.payer_claim_control_number
    assert (correction.paid, correction.interest, new.paid) == (90, D("1.50"), 75)
    wo, l6 = remit.provider_adjustments
    assert (wo.reason, wo.reference, wo.amount) == ("WO", "ACME2024110100321", 20)
    assert (l6.reason, l6.amount, l6.reason_label) == ("L6", D("-1.50"), "Interest owed")
    assert wo.fiscal_period_end == date(2025, 12, 31)
    assert remit.claims_paid_total - remit.provider_adjustment_total == D("64.10")
    assert remit.interest_total == D("1.50")


# -- broken fixtures (x12-835.md section 8, fixtures/README.md) -----------------------------------


def test_bpr_not_balanced_is_refused() -> None:
    problems = rejected(fixture("broken/835_bpr_not_balanced.txt"))
    assert [(p.field, p.line) for p in problems] == [("BPR02", 4)]
    assert "190.00" in problems[0].message and "182.40" in problems[0].message


def test_svc_not_balanced_is_refused() -> None:
    problems = rejected(fixture("broken/835_svc_not_balanced.txt"))
    assert [(p.field, p.line) for p in problems] == [("CLP04", 17), ("SVC03", 21)]
    assert all("PCN0001" in p.message and "82.40" in p.message for p in problems)


def test_missing_trn_is_refused() -> None:
    problems = rejected(fixture("broken/835_missing_trn.txt"))
    assert fields(problems) == {"TRN"}
    assert rejected(fixture("broken/835_missing_trn.txt"), validate_structure=False) == problems


def test_new_rarc_in_moa_is_accepted() -> None:
    """pyx12's RARC list is stale: N890 is valid, so the list is excluded."""
    [remit] = read_835(fixture("broken/835_new_rarc_in_moa.txt"), "rarc.835")
    assert remit.claims[1].remark_codes == ("N890",)


def test_structure_errors_come_from_pyx12() -> None:
    text = fixture("835_paid_and_partial.txt").replace("DTM*472*20250112", "DTM*472*20250231")
    assert [(p.field, p.line) for p in rejected(text)] == [("DTM02", 30), ("DTM02", 36)]
    text = fixture("835_paid_and_partial.txt").replace("N4*CHICAGO*IL*", "N4*CHICAGO*XX*")
    problems = rejected(text)
    assert [(p.field, p.line) for p in problems] == [("N402", 9)]
    assert problems[0].message.startswith("Structure check: ")
    assert read_835(text, "x", validate_structure=False)


# -- delimiters and layout ------------------------------------------------------------------------


def _swap_delimiters(text: str, element: str, component: str, terminator: str) -> str:
    isa, rest = text[:106], text[106:]
    isa = isa[:104].replace("*", element) + component + terminator
    rest = rest.replace("*", element).replace("HC:", f"HC{component}")
    rest = rest.replace("WO:", f"WO{component}").replace("~\n", terminator)
    return isa + rest.removeprefix("\n")


def test_detect_delimiters() -> None:
    delims = detect_delimiters(fixture("835_paid_and_partial.txt"), "x")
    assert (delims.element, delims.component, delims.segment, delims.repetition) == (
        "*", ":", "~", "^")


@pytest.mark.parametrize("name", ["835_paid_and_partial.txt", "835_reversal_correction_plb.txt"])
def test_alternative_delimiters_on_one_line(name: str) -> None:
    text = _swap_delimiters(fixture(name), "|", ">", "!")
    assert "\n" not in text and text[103:106] == "|>!"
    expected = read_835(fixture(name), name)
    assert read_835(text, name) == expected


def test_newline_terminator_crlf_and_wrapped_lines() -> None:
    original = fixture("835_paid_and_partial.txt")
    expected = read_835(original, "x")
    newline = _swap_delimiters(original, "*", ":", "\n")
    assert read_835(newline, "x") == expected
    assert read_835(original.replace("~\n", "~\r\n"), "x") == expected
    one_line = original.replace("\n", "")
    wrapped = "\r\n".join(one_line[i:i + 80] for i in range(0, len(one_line), 80))
    assert read_835(wrapped, "x") == expected


def test_several_transaction_sets_give_several_remittances() -> None:
    first = fixture("835_paid_and_partial.txt").splitlines()
    second = fixture("835_denial_deductible_coinsurance.txt").splitlines()
    body = [s.replace("ST*835*0001", "ST*835*0002").replace("SE*37*0001", "SE*37*0002")
            for s in second[2:-2]]
    text = "\n".join(first[:-2] + body + ["GE*2*201~", "IEA*1*000000201~"])
    remits = read_835(text, "two.835")
    assert [(r.control_number, r.total_paid) for r in remits] == [
        ("0001", D("182.40")), ("0002", 48)]
    assert [r.segment for r in remits] == [3, 41]


# -- refusals -------------------------------------------------------------------------------------


def test_non_ascii_is_a_clear_problem() -> None:
    text = fixture("835_paid_and_partial.txt").replace("*DOE*JOHN*", "*DOÉ*JOHN*")
    problems = rejected(text)
    assert [(p.field, p.line) for p in problems] == [("NM103", 18)]
    assert "É" in problems[0].message and "ASCII" in problems[0].message


@pytest.mark.parametrize("cut", [900, 640])
def test_truncated_file_is_refused(cut: int) -> None:
    problems = rejected(fixture("835_paid_and_partial.txt")[:cut])
    assert "SE" in fields(problems)
    assert any("cut off" in p.message for p in problems)


def test_file_without_trailers_is_refused() -> None:
    text = fixture("835_paid_and_partial.txt").split("GE*")[0]
    problems = rejected(text)
    assert fields(problems) == {"IEA"}


@pytest.mark.parametrize("text", ["", "hello", "ISA*00*short~"])
def test_not_x12_is_refused(text: str) -> None:
    assert fields(rejected(text)) == {"ISA"}


def test_837_is_not_read_as_835() -> None:
    problems = rejected(fixture("837p_minimal_valid.txt"), validate_structure=False)
    assert {"GS01", "ST01"} <= fields(problems)


@pytest.mark.parametrize(("old", "new", "field_name"), [
    ("CLP*PCN0004*1*160*", "CLP*PCN0004*1*1,60*", "CLP03"),
    ("CLP*PCN0004*1*160*", "CLP*PCN0004*1*160.001*", "CLP03"),
    ("CLP*PCN0004*", "CLP**", "CLP01"),
    ("CLP*PCN0004*1*", "CLP*PCN0004*7*", "CLP02"),
    ("CAS*PR*3*25", "CAS*CR*3*25", "CAS01"),
    ("DTM*472*20250112", "DTM*472*2025011", "DTM02"),
    ("BPR*I*182.4*C*", "BPR*I*182.4*X*", "BPR03"),
    ("BPR*I*182.4*C*ACH", "BPR*H*182.4*C*ACH", "BPR02"),
])
def test_content_errors_are_named(old: str, new: str, field_name: str) -> None:
    text = fixture("835_paid_and_partial.txt").replace(old, new, 1)
    assert field_name in fields(rejected(text, validate_structure=False))


def test_unbalanced_interest_is_refused() -> None:
    text = fixture("835_reversal_correction_plb.txt").replace("AMT*I*1.5", "AMT*I*2")
    problems = rejected(text, validate_structure=False)
    assert [(p.field, p.line) for p in problems] == [("PLB", 40)]


def test_debit_balances_with_the_sign_reversed() -> None:
    text = fixture("835_reversal_correction_plb.txt").replace("BPR*I*64.1*C", "BPR*I*64.1*D")
    assert fields(rejected(text, validate_structure=False)) == {"BPR02"}
    text = text.replace("CLP*PCN0007*1*75*75*", "CLP*PCN0007*1*-53.2*-53.2*").replace(
        "SVC*HC:99212*75*75*", "SVC*HC:99212*-53.2*-53.2*")
    [remit] = read_835(text, "debit.835", validate_structure=False)
    assert remit.net_payment == D("-64.10") == remit.claims_paid_total - D("18.50")


def test_problems_list_every_failure_at_once() -> None:
    text = fixture("broken/835_svc_not_balanced.txt").replace("BPR*I*182.4", "BPR*I*190")
    problems = rejected(text)
    assert [p.field for p in problems] == ["BPR02", "CLP04", "SVC03"]
    assert all(p.source == "test.835" for p in problems)


# -- extra synthetic files ------------------------------------------------------------------------


def test_notification_only_denial() -> None:
    [remit] = read_835((DATA / "835_notification_only.txt").read_text(), "n.835")
    assert remit.is_notification_only and remit.total_paid == 0
    [claim] = remit.claims
    assert claim.is_denial and claim.services == ()
    assert claim.remark_codes == ("MA130", "N4")
    assert claim.insured is not None and claim.insured.first_name == "EVE"
    assert (claim.statement_from, claim.statement_to) == (date(2025, 3, 1), date(2025, 3, 1))


def test_crossover_with_recoded_line() -> None:
    [remit] = read_835((DATA / "835_crossover_recode.txt").read_text(), "c.835")
    [claim] = remit.claims
    assert claim.is_crossover and claim.crossover_carrier is not None
    assert claim.crossover_carrier.name == "STATE MEDIGAP PLAN"
    assert claim.coverage_amount == D("91.50")
    [line] = claim.services
    assert (line.procedure, line.original_code, line.original_modifiers) == (
        "99213-25", "99214", ("25",))
    assert (line.service_date, line.service_end_date) == (date(2025, 3, 3), date(2025, 3, 3))
    assert line.remark_codes == ("N130", "M15")
    assert [(p.reason, p.amount) for p in remit.provider_adjustments] == [("WO", 30), ("72", -30)]


def test_parse_unchecked_skips_balancing() -> None:
    [remit] = parse_835_unchecked(fixture("broken/835_bpr_not_balanced.txt"), "x")
    assert remit.total_paid == 190


# -- code lists -----------------------------------------------------------------------------------


def test_carc_owner_map_csv() -> None:
    with codes_835.CARC_OWNER_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 60 and len({r["code"] for r in rows}) == len(rows)
    assert {codes_835.Owner(r["owner"]) for r in rows} == set(codes_835.Owner)
    assert codes_835.carc_owner("197") is codes_835.Owner.AUTHORIZATION
    assert codes_835.carc_owner("97") is codes_835.Owner.CODING
    assert codes_835.carc_owner("ZZ9") is None
    assert "ZZ9" in codes_835.carc_explanation("ZZ9")
    assert codes_835.describe_adjustment("CO", "45").startswith("CO-45: ")


def test_code_labels() -> None:
    assert len(codes_835.RARC_EXPLANATIONS) >= 30
    assert "M15" in codes_835.RARC_EXPLANATIONS and "N890" in codes_835.rarc_explanation("N890")
    assert codes_835.claim_status_label("22").startswith("Reversal")
    assert codes_835.group_label("PR") == "Patient responsibility"
    assert codes_835.plb_reason_label("WO") == "Overpayment recovery"
    assert set(codes_835.OWNER_LABELS) == set(codes_835.Owner)


# -- property: random balanced remittances round-trip; one changed amount is refused -------------

ISA = ("ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*CLAIMDESK      *250201*1023*^*00501"
       "*000000901*0*T*:~")


@dataclass
class Line:
    charge: Decimal
    cas: list[tuple[str, str, Decimal]]
    paid: Decimal = D(0)


@dataclass
class Claim:
    pcn: str
    status: str
    lines: list[Line]
    cas: list[tuple[str, str, Decimal]] = field(default_factory=list)
    shift: Decimal = D(0)  # added to CLP04 when written (to unbalance it)

    @property
    def charge(self) -> Decimal:
        return sum((ln.charge for ln in self.lines), D(0))

    @property
    def paid(self) -> Decimal:
        return sum((ln.paid for ln in self.lines), D(0)) - sum((c[2] for c in self.cas), D(0))


def amt(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def write_835(claims: list[Claim], plb: Decimal, bpr: Decimal | None = None) -> str:
    """A tiny test-only 835 writer (one ST, check payment, one LX)."""
    total = sum((c.paid for c in claims), D(0)) - plb if bpr is None else bpr
    body = [f"BPR*I*{amt(total)}*C*CHK************20250205", "TRN*1*CHK123*1512345678",
            "N1*PR*ACME HEALTH PLAN", "N3*1 PLAZA", "N4*CHICAGO*IL*60601",
            "PER*BL*PROVIDER SERVICES*TE*8005550199", "N1*PE*SUNRISE*XX*1234567893",
            "N3*100 MAIN ST", "N4*SPRINGFIELD*IL*627011234", "LX*1"]
    for claim in claims:
        paid = amt(claim.paid + claim.shift)
        body.append(f"CLP*{claim.pcn}*{claim.status}*{amt(claim.charge)}*{paid}"
                    f"**12*ICN{claim.pcn}*11*1")
        body.extend(f"CAS*{g}*{r}*{amt(a)}" for g, r, a in claim.cas)
        body.append("NM1*QC*1*DOE*JANE****MI*M123")
        for line in claim.lines:
            body += [f"SVC*HC:99213*{amt(line.charge)}*{amt(line.paid)}**1", "DTM*472*20250110"]
            body.extend(f"CAS*{g}*{r}*{amt(a)}" for g, r, a in line.cas)
    if plb:
        body.append(f"PLB*1234567893*20251231*WO:ICN0*{amt(plb)}")
    segments = ["ST*835*0001", *body, f"SE*{len(body) + 2}*0001"]
    trailer = ["GE*1*901~", "IEA*1*000000901~"]
    gs = "GS*HP*ACMEHEALTH*CLAIMDESK*20250201*1023*901*X*005010X221A1~"
    return "\n".join([ISA, gs, *(s + "~" for s in segments), *trailer])


CENTS = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)
CAS_CODES = st.sampled_from([("CO", "45"), ("PR", "1"), ("PR", "2"), ("PR", "3"), ("OA", "23"),
                             ("PI", "97"), ("CO", "253")])


@st.composite
def lines(draw: st.DrawFn) -> Line:
    charge = draw(CENTS)
    cas = []
    for group, reason in draw(st.lists(CAS_CODES, max_size=3)):
        cents = draw(st.integers(min_value=0, max_value=int(charge * 100) // 3))
        cas.append((group, reason, D(cents) / 100))
    return Line(charge, cas, charge - sum((c[2] for c in cas), D(0)))


@st.composite
def remittances(draw: st.DrawFn) -> tuple[list[Claim], Decimal]:
    claims = []
    for n in range(draw(st.integers(min_value=1, max_value=5))):
        claim = Claim(f"PCN{n}", draw(st.sampled_from(["1", "2", "19"])),
                      draw(st.lists(lines(), min_size=1, max_size=4)))
        if draw(st.booleans()):
            cents = draw(st.integers(min_value=0, max_value=int(claim.paid * 100)))
            claim.cas.append(("CO", "45", D(cents) / 100))
        claims.append(claim)
        if draw(st.booleans()):  # a reversal of it: net zero
            claims.append(Claim(claim.pcn, "22", [
                Line(-ln.charge, [(g, r, -a) for g, r, a in ln.cas], -ln.paid)
                for ln in claim.lines], [(g, r, -a) for g, r, a in claim.cas]))
    total = sum((c.paid for c in claims), D(0))
    plb = D(draw(st.integers(min_value=0, max_value=int(total * 100)))) / 100
    return claims, plb


def amounts(remit: Remittance) -> list[object]:
    return [remit.total_paid, [p.amount for p in remit.provider_adjustments], [
        (c.charge, c.paid, [a.amount for a in c.adjustments],
         [(s.charge, s.paid, [a.amount for a in s.adjustments]) for s in c.services])
        for c in remit.claims]]


@settings(max_examples=80, deadline=None)
@given(remittances(), st.data())
def test_random_balanced_remittances_round_trip(
        spec: tuple[list[Claim], Decimal], data: st.DataObject) -> None:
    claims, plb = spec
    [remit] = read_835(write_835(claims, plb), "random.835", validate_structure=False)
    total = sum((c.paid for c in claims), D(0)) - plb
    assert amounts(remit) == [total, [plb] if plb else [], [
        (c.charge, c.paid, [a for _, _, a in c.cas],
         [(ln.charge, ln.paid, [a for _, _, a in ln.cas]) for ln in c.lines]) for c in claims]]

    where = data.draw(st.sampled_from(["bpr", "plb", "claim_paid", "line_paid", "line_cas"]))
    delta = data.draw(st.sampled_from([D("0.01"), D("-0.01"), D("1")]))
    i = data.draw(st.integers(min_value=0, max_value=len(claims) - 1))
    changed = [replace(c, lines=[replace(ln, cas=list(ln.cas)) for ln in c.lines])
               for c in claims]
    line = changed[i].lines[0]
    if where == "bpr":
        text = write_835(changed, plb, bpr=total + delta)
    elif where == "plb":
        text = write_835(changed, plb + delta, bpr=total)
    elif where == "claim_paid":
        changed[i].shift = delta
        text = write_835(changed, plb, bpr=total + delta)
    elif where == "line_paid":
        line.paid += delta
        text = write_835(changed, plb, bpr=total)
    else:
        line.cas.append(("CO", "45", delta))
        text = write_835(changed, plb, bpr=total)
    with pytest.raises(ImportRejected):
        read_835(text, "changed.835", validate_structure=False)


def test_the_test_writer_is_valid_for_pyx12() -> None:
    claims = [Claim("PCN1", "1", [Line(D("100"), [("CO", "45", D("20.5"))], D("79.5"))]),
              Claim("PCN1", "22", [Line(D("-100"), [("CO", "45", D("-20.5"))], D("-79.5"))]),
              Claim("PCN2", "1", [Line(D("50"), [], D("50"))], [("CO", "45", D("5"))])]
    [remit] = read_835(write_835(claims, D("10")), "writer.835")
    assert remit.total_paid == D("35.00")


def test_isa_not_fixed_width_is_refused() -> None:
    text = fixture("835_paid_and_partial.txt").replace("*ACMEHEALTH     *", "*ACMEHEALTH*", 1)
    assert [(p.field, p.source) for p in rejected(text)] == [("ISA16", "test.835")]
