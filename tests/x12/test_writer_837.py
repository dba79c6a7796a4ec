from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import Cancelled, ValidationFailed
from app.domain.progress import CancelToken
from app.domain.submission import (
    CasAdjustment,
    ClaimData,
    PatientData,
    PersonName,
    SubscriberData,
)
from app.x12 import format as fmt
from app.x12.checks_837 import check_claims
from app.x12.envelope import Envelope
from app.x12.validate import validate_x12
from app.x12.writer_837 import write_837
from tests.x12 import claims as c

TODAY = date(2026, 11, 23)


def segments(text: str) -> list[str]:
    return [s.strip() for s in text.split("~") if s.strip()]


# -- golden files --
@pytest.mark.parametrize(("build", "isa13", "fixture"), [
    (c.minimal_claim, 101, "837p_minimal_valid.txt"),
    (c.dependent_claim, 102, "837p_patient_not_subscriber.txt"),
    (c.secondary_claim, 103, "837p_secondary_cob.txt"),
])
def test_output_equals_fixture(build: Callable[[], ClaimData], isa13: int, fixture: str) -> None:
    assert write_837([build()], c.envelope(isa13)) == c.fixture_text(fixture)


def test_alt_delimiters_one_line_fixture() -> None:
    env = c.envelope(101, element="|", component=">", line_breaks=False)
    assert write_837([c.minimal_claim()], env) == c.fixture_text(
        "837p_minimal_alt_delimiters_one_line.txt")


def test_no_line_breaks_is_one_line() -> None:
    text = write_837([c.minimal_claim()], c.envelope(line_breaks=False))
    assert "\n" not in text
    assert text == c.fixture_text("837p_minimal_valid.txt").replace("\n", "")


# -- every claim kind is valid for pyx12 --
def _corrected() -> ClaimData:
    return c.minimal_claim(frequency_code="7", payer_claim_number="ACME2025011500099")


def _void() -> ClaimData:
    return c.minimal_claim(frequency_code="8", payer_claim_number="ACME2025011500099")


def _ndc_self() -> ClaimData:
    drug = c.line(2, "J1885", "22.5", units=Decimal("2"), ndc="0409-3795-01", ndc_unit="ML",
                  ndc_quantity=Decimal("1.5"), line_control_number="PCN0001-2")
    return c.minimal_claim(lines=(c.line(1, pointers=(1, 2)), drug))


def _rendering_referring_payto() -> ClaimData:
    return c.minimal_claim(
        rendering=c.JONES.model_copy(update={"taxonomy": "208000000X"}), referring=c.PATEL,
        billing=c.billing(taxonomy="207Q00000X", pay_to_address=c.address("PO Box 1", "62708")),
        referral_number="REF-77", note="Seen twice; see notes.")


def _everything() -> ClaimData:
    lines = (c.line(1, pointers=(1,), note="Left ear", emergency=True, place_of_service="23",
                    date_to=date(2025, 1, 11), line_control_number="X-1"),)
    return c.minimal_claim(
        lines=lines, accident_cause="AA", accident_state="IL", accident_date=date(2025, 1, 2),
        onset_date=date(2025, 1, 2), amount_paid=Decimal("20.00"), prior_auth_number="PA1",
        medical_record_number="MRN1", facility_name="Sunrise Annex",
        facility_address=c.address("5 Annex Rd", "627011111"), facility_npi="1234567893",
        billing=c.billing(name="Kim, Alice M", is_organization=False, phone="2175550199"))


def _secondary_claim_level_cas() -> ClaimData:
    base = c.secondary_claim()
    other = base.other_payers[0].model_copy(update={
        "claim_adjustments": (CasAdjustment(group="CO", reason="45", amount=Decimal("50")),
                              CasAdjustment(group="PR", reason="1", amount=Decimal("30"),
                                            quantity=Decimal("1"))),
        "paid": Decimal("120")})
    lines = tuple(line.model_copy(update={"adjudications": ()}) for line in base.lines)
    return base.model_copy(update={"other_payers": (other,), "lines": lines})


def _foreign_names() -> ClaimData:
    name = PersonName(last="Peña-O'Connor Jr.", first="José", middle="Ñ.")
    sub = SubscriberData(name=name, member_id="acm 123*456", group_number="grp:1")
    pat = PatientData(name=name, birth_date=date(1970, 3, 15), sex="m",
                      address=c.address("12 Rue d'Ébène #4", "62704", city="Saint-Étienne"))
    return c.minimal_claim(subscriber=sub, patient=pat, note="Café visit ~ follow-up: yes^no")


KINDS: dict[str, Callable[[], ClaimData]] = {
    "self": c.minimal_claim, "dependent": c.dependent_claim, "secondary": c.secondary_claim,
    "secondary_claim_level_cas": _secondary_claim_level_cas, "corrected_7": _corrected,
    "void_8": _void, "ndc": _ndc_self, "rendering_referring_payto": _rendering_referring_payto,
    "more_than_6_lines_12_dx": c.many_lines_claim, "50_lines": lambda: c.many_lines_claim(50),
    "everything": _everything, "foreign_names": _foreign_names,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_claim_kind_is_valid(kind: str) -> None:
    claim = KINDS[kind]()
    assert check_claims([claim], today=TODAY) == []
    text = write_837([claim], c.envelope(201))
    assert validate_x12(text, kind) == []


def test_corrected_and_void_carry_ref_f8() -> None:
    for build, freq in ((_corrected, "7"), (_void, "8")):
        segs = segments(write_837([build()], c.envelope()))
        assert f"CLM*PCN0001*110***11:B:{freq}*Y*A*Y*Y" in segs
        assert "REF*F8*ACME2025011500099" in segs
    assert not any(s.startswith("REF*F8") for s in segments(
        write_837([c.minimal_claim(payer_claim_number="X1")], c.envelope())))


def test_everything_segments() -> None:
    segs = segments(write_837([_everything()], c.envelope()))
    assert "NM1*85*1*KIM*ALICE*M***XX*1234567893" in segs
    assert "PER*IC*KIM ALICE M*TE*2175550199" in segs
    assert "CLM*PCN0001*110***11:B:1*Y*A*Y*Y**AA:::IL" in segs
    assert segs.index("DTP*431*D8*20250102") < segs.index("DTP*439*D8*20250102")
    assert "AMT*F5*20" in segs
    assert "SV1*HC:99213*110*UN*1*23**1**Y" in segs
    assert "DTP*472*RD8*20250110-20250111" in segs
    assert "NTE*ADD*LEFT EAR" in segs
    assert "NM1*77*2*SUNRISE ANNEX*****XX*1234567893" in segs


def test_rendering_same_npi_as_billing_is_omitted() -> None:
    same = c.JONES.model_copy(update={"npi": c.BILLING_NPI})
    text = write_837([c.minimal_claim(rendering=same)], c.envelope())
    assert "NM1*82" not in text


def test_foreign_names_are_cleaned() -> None:
    segs = segments(write_837([_foreign_names()], c.envelope()))
    assert "NM1*IL*1*PENA-OCONNOR*JOSE*N**JR*MI*ACM123456" in segs
    assert "N3*12 RUE D'EBENE #4" in segs
    assert "N4*SAINT-ETIENNE*IL*62704" in segs
    assert "NTE*ADD*CAFE VISIT FOLLOW-UP YESNO" in segs
    assert "SBR*P*18*GRP1******CI" in segs


# -- batches: HL numbering, grouping, splitting --
def _batch() -> list[ClaimData]:
    plain = c.billing()
    emma = c.dependent_claim(billing=plain)
    emma2 = c.dependent_claim(control_number="PCN0012", billing=plain)
    brother = c.dependent_claim(
        control_number="PCN0013", billing=plain,
        patient=emma.patient.model_copy(update={"name": PersonName(last="Smith", first="Liam"),
                                                "birth_date": date(2017, 2, 1)}))
    john2 = c.minimal_claim(control_number="PCN0011")
    other_practice = c.minimal_claim(control_number="PCN0020", billing=c.billing(
        name="Lakeside Clinic", npi="1987654328", ein="371234568"))
    return [c.minimal_claim(), emma, john2, brother, emma2, c.secondary_claim(), other_practice]


def test_batch_groups_claims_under_shared_hls() -> None:
    text = write_837(_batch(), c.envelope(301))
    hls = [s for s in segments(text) if s.startswith("HL*")]
    assert hls == [
        "HL*1**20*1",  # Sunrise (no taxonomy)
        "HL*2*1*22*0",  # John Doe, self: PCN0001 + PCN0011
        "HL*3*1*22*1",  # Robert Smith, dependents
        "HL*4*3*23*0",  # Emma: PCN0002 + PCN0012
        "HL*5*3*23*0",  # Liam: PCN0013
        "HL*6**20*1",  # Sunrise with taxonomy (a different billing record)
        "HL*7*6*22*0",  # Jane Doe secondary
        "HL*8**20*1",  # Lakeside
        "HL*9*8*22*0",
    ]
    clms = [s.split("*")[1] for s in segments(text) if s.startswith("CLM*")]
    assert clms == ["PCN0001", "PCN0011", "PCN0002", "PCN0012", "PCN0013", "PCN0003",
                    "PCN0020"]
    assert validate_x12(text, "batch") == []


def test_split_into_several_transaction_sets() -> None:
    claims = [c.minimal_claim(control_number=f"PCN{n:04d}") for n in range(1, 6)]
    text = write_837(claims, c.envelope(302, st02_start=7), max_claims_per_st=2)
    segs = segments(text)
    assert [s for s in segs if s.startswith("ST*")] == [
        "ST*837*0007*005010X222A1", "ST*837*0008*005010X222A1", "ST*837*0009*005010X222A1"]
    assert "GE*3*302" in segs
    assert validate_x12(text, "split") == []


def test_more_than_100_claims_per_subscriber_start_a_new_hl() -> None:
    claims = [c.minimal_claim(control_number=f"P{n:04d}") for n in range(205)]
    text = write_837(claims, c.envelope(303))
    assert [s for s in segments(text) if s.startswith("HL*")] == [
        "HL*1**20*1", "HL*2*1*22*0", "HL*3*1*22*0", "HL*4*1*22*0"]
    assert validate_x12(text, "205") == []


def test_se_count_matches() -> None:
    segs = segments(write_837([c.dependent_claim(), c.minimal_claim()], c.envelope()))
    st, se = segs.index("ST*837*0001*005010X222A1"), next(
        i for i, s in enumerate(segs) if s.startswith("SE*"))
    assert segs[se] == f"SE*{se - st + 1}*0001"


def test_isa_is_fixed_width_and_envelope_checks() -> None:
    text = write_837([c.minimal_claim()], c.envelope(7, sender_id="X1", usage="P"))
    isa = text.split("\n")[0]
    assert len(isa) == 106
    assert isa[3] == "*" and isa[104] == ":" and isa[105] == "~"
    assert "*000000007*0*P*:~" in isa
    with pytest.raises(ValueError):
        c.envelope(element="A")
    with pytest.raises(ValueError):
        c.envelope(component="*")
    with pytest.raises(ValueError):
        c.envelope(isa13=0)


def test_envelope_from_clearinghouse() -> None:
    from app.domain.practice import Clearinghouse

    ch = Clearinghouse(name="Demo", submitter_name="Sunrise Family Medicine",
                       submitter_id="CLAIMDESK", contact_name="Billing Office",
                       contact_phone="217-555-0100", contact_email="billing@example.com",
                       receiver_name="Demo Clearinghouse", receiver_id="DEMOCLEARING",
                       line_breaks=True)
    env = Envelope.from_clearinghouse(ch, isa13=101, gs06=101,
                                      created=c.envelope().created)
    assert write_837([c.minimal_claim()], env) == c.fixture_text("837p_minimal_valid.txt")


def test_empty_batch_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        write_837([], c.envelope())


def test_progress_and_cancel() -> None:
    calls: list[tuple[int, int, str]] = []
    claims = [c.minimal_claim(control_number=f"P{n}") for n in range(450)]
    write_837(claims, c.envelope(), progress=lambda d, t, label: calls.append((d, t, label)))
    assert calls[0] == (200, 450, "Writing claims")
    assert calls[-1] == (450, 450, "Writing claims")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        write_837(claims, c.envelope(), cancel=token)


# -- property: random valid claims always give pyx12-valid output --
_NAME = st.text(alphabet="abcxyzÑñéÜçØ .,'-*~:^", min_size=1, max_size=20).filter(
    lambda s: fmt.name_part(s) != "")
_MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
_DX = ("J06.9", "R05.1", "R50.9", "J02.9", "E11.9", "I10")


@st.composite
def random_claims(draw: st.DrawFn) -> ClaimData:
    dx = draw(st.integers(1, len(_DX)))
    lines = tuple(c.line(n, "99213", str(draw(_MONEY)),
                         units=draw(st.decimals(min_value=1, max_value=20, places=1)),
                         pointers=tuple(draw(st.lists(st.integers(1, dx), min_size=1,
                                                      max_size=4, unique=True))))
                  for n in range(1, draw(st.integers(1, 4)) + 1))
    name = PersonName(last=draw(_NAME), first=draw(_NAME), middle=draw(_NAME))
    dependent = draw(st.booleans())
    base = c.dependent_claim() if dependent else c.minimal_claim()
    patient = base.patient.model_copy(update={"name": name})
    update: dict[str, object] = {"lines": lines, "diagnoses": _DX[:dx], "patient": patient,
                                 "note": draw(st.text(max_size=30))}
    if not dependent:
        update["subscriber"] = base.subscriber.model_copy(update={"name": name})
    return base.model_copy(update=update)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_claims())
def test_random_valid_claims_validate(claim: ClaimData) -> None:
    assert check_claims([claim], today=TODAY) == []
    text = write_837([claim], c.envelope(401))
    assert validate_x12(text, "random") == []
