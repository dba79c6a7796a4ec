"""CMS-1500 output: every value lands inside its box, as the box map says."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.domain.errors import Cancelled
from app.domain.progress import CancelToken
from app.printing import cms1500
from app.printing.boxmap import BoxField, ClaimForm, FormFileError, claim_form, parse_claim_form
from tests.printing.claims import BILLING_NPI, FACILITY_NPI, REFERRING_NPI, make_claim
from tests.printing.pdftext import Run, all_text, page_runs

TODAY = date(2026, 3, 10)
EPS = 0.01


def render(claims, **kwargs) -> bytes:
    out = io.BytesIO()
    kwargs.setdefault("today", TODAY)
    cms1500.render_claims(claims, out, **kwargs)
    return out.getvalue()


def cell_box(form: ClaimForm, col: int, width: int, row: int,
             shift: tuple[float, float] = (0, 0)) -> tuple[float, float, float, float]:
    grid, height = form.grid, form.page_height_pt
    return (grid.x(col) + shift[0], grid.edge_y(row, height) - shift[1],
            grid.x(col + width) + shift[0], grid.edge_y(row - 1, height) - shift[1])


def inside(run: Run, box: tuple[float, float, float, float], col_pt: float = 7.2) -> bool:
    right = run.x + len(run.text) * col_pt
    return (box[0] - EPS <= run.x and right <= box[2] + EPS
            and box[1] - EPS <= run.y <= box[3] + EPS)


def runs_in(runs: list[Run], box: tuple[float, float, float, float]) -> list[str]:
    return [r.text.strip() for r in runs if inside(r, box)]


def field_text(runs: list[Run], item: BoxField, row: int | None = None) -> str:
    """The text printed inside a field's box (joined), for text/money/number fields."""
    form = claim_form()
    return " ".join(runs_in(runs, cell_box(form, item.col, item.width, row or item.row)))


def line_text(runs: list[Run], field_id: str, index: int) -> str:
    form = claim_form()
    item = form.field(field_id)
    return field_text(runs, item, form.line_row(index, item))


def date_text(runs: list[Run], field_id: str, index: int | None = None) -> str:
    form = claim_form()
    item = form.field(field_id)
    row = item.row if index is None else form.line_row(index, item)
    assert item.parts is not None
    widths = (2, 2, item.year_digits)
    return " ".join(" ".join(runs_in(runs, cell_box(form, c, w, row)))
                    for c, w in zip(item.parts, widths, strict=True))


def checked(runs: list[Run], field_id: str) -> list[str]:
    """The choice keys whose cell holds an X (unique columns only)."""
    form = claim_form()
    item = form.field(field_id)
    marked = {c for key, c in item.choices.items()
              if "X" in runs_in(runs, cell_box(form, c, 1, item.row))}
    return sorted(k for k, c in item.choices.items() if c in marked and k != "*") or (
        ["*"] if marked else [])


def by_id(runs: list[Run], field_id: str) -> str:
    return field_text(runs, claim_form().field(field_id))


def test_box_map_loads_and_has_every_box() -> None:
    form = claim_form()
    boxes = {f.box for f in (*form.fields, *form.line_fields)}
    expected = {str(n) for n in range(1, 34)} - {"10", "24"}
    expected |= {"10a", "1a", "9a", "9d", "11a", "11d", "17a", "17b", "24A", "24J", "32a", "33a",
                 "33b"}
    assert expected <= boxes
    cms1500.check_sources(form)


def test_single_page_claim_values_land_in_their_boxes() -> None:
    data = render([make_claim(2)], mode="replica")
    pages = page_runs(data)
    assert len(pages) == 1
    runs = pages[0]
    assert by_id(runs, "2") == "TESTPERSON, JANE, Q"
    assert by_id(runs, "4") == "TESTPERSON, JANE, Q"
    assert date_text(runs, "3") == "01 15 1980"
    assert checked(runs, "3_sex") == ["F"]
    assert by_id(runs, "1a") == "XJH123456789"
    assert "CI" in checked(runs, "1") and "MB" not in checked(runs, "1")  # group health plan
    assert [by_id(runs, f"21{x}") for x in "ABCDE"] == ["J069", "R509", "M5450", "E1165", ""]
    assert by_id(runs, "21_ind") == "0"
    assert line_text(runs, "24D", 0) == "99214"
    assert line_text(runs, "24D_mod", 0) == "25"
    assert line_text(runs, "24E", 0) == "AB"
    assert line_text(runs, "24E", 1) == "C"
    assert line_text(runs, "24F", 0) == "150 00"
    assert line_text(runs, "24G", 0) == "1"
    assert date_text(runs, "24A_from", 0) == "03 09 26"
    assert line_text(runs, "24_ndc", 1) == "N400409379501"
    assert line_text(runs, "24_ndc_qty", 1) == "ML1"
    assert by_id(runs, "28") == "172 50"
    assert by_id(runs, "29") == "20 00"
    assert by_id(runs, "33a") == BILLING_NPI
    assert by_id(runs, "33_name") == "MAPLE STREET FAMILY PRACTICE"
    assert by_id(runs, "32_name") == "MAPLE STREET CLINIC EAST"
    assert by_id(runs, "32a") == FACILITY_NPI
    assert by_id(runs, "17_qual") == "DN"
    assert by_id(runs, "17") == "ALEX B REFERRAL"
    assert by_id(runs, "17b") == REFERRING_NPI
    assert by_id(runs, "23") == "PA55501"
    assert by_id(runs, "25") == "371234567"
    assert checked(runs, "25_type") == ["EIN"]
    assert by_id(runs, "26") == "C0000123"
    assert checked(runs, "27") == ["A", "B"]
    assert by_id(runs, "31") == "SIGNATURE ON FILE"
    assert date_text(runs, "31_date") == "03 10 26"
    assert checked(runs, "11d") == ["N"]
    assert by_id(runs, "22_code") == ""


def test_every_run_is_inside_some_field() -> None:
    form = claim_form()
    runs = page_runs(render([make_claim(2)], mode="data"))[0]
    rows_cols = set()
    for item in form.fields:
        rows_cols |= set(item.cells(item.row))
    for index in range(form.service_lines.per_page):
        for item in form.line_fields:
            rows_cols |= set(item.cells(form.line_row(index, item)))
    for run in runs:
        for offset, char in enumerate(run.text):
            if char == " ":
                continue
            col = round((run.x - form.grid.left_pt) / 7.2) + 1 + offset
            row = round((form.page_height_pt - form.grid.top_pt - run.y + 2.5) / 12)
            assert (row, col) in rows_cols, (run, offset)


def test_eight_lines_continue_on_a_second_form_with_totals_on_the_last() -> None:
    pages = page_runs(render([make_claim(8)]))
    assert len(pages) == 2
    first, second = pages
    assert [line_text(first, "24D", i) for i in range(6)] == ["99214", "J1885"] + ["36415"] * 4
    assert [line_text(second, "24D", i) for i in range(6)] == ["36415", "36415", "", "", "", ""]
    assert by_id(first, "28") == "" and by_id(first, "29") == ""
    assert by_id(second, "28") == "232 50"
    assert by_id(second, "29") == "20 00"
    for runs in pages:  # each form stands alone: header items repeat
        assert by_id(runs, "2") == "TESTPERSON, JANE, Q"
        assert by_id(runs, "33a") == BILLING_NPI


def test_per_page_totals_option() -> None:
    first, second = page_runs(render([make_claim(8)], totals="per_page"))
    assert by_id(first, "28") == "212 50"
    assert by_id(second, "28") == "20 00"


def test_data_mode_offsets_shift_every_string_exactly() -> None:
    claim = make_claim(8)
    plain = page_runs(render([claim], mode="data"))
    moved = page_runs(render([claim], mode="data", offset_x_tenths=3, offset_y_tenths=-2))
    assert len(plain) == len(moved) == 2
    for before_page, after_page in zip(plain, moved, strict=True):
        assert [r.text for r in before_page] == [r.text for r in after_page]
        for before, after in zip(before_page, after_page, strict=True):
            assert after.x - before.x == pytest.approx(3 * 7.2, abs=1e-6)
            assert after.y - before.y == pytest.approx(2 * 7.2, abs=1e-6)  # up by 0.2 in


def test_data_mode_prints_no_form() -> None:
    data = render([make_claim(2)], mode="data")
    assert "HEALTH INSURANCE CLAIM FORM" not in all_text(data)
    assert "/XObject" not in str(PdfReader(io.BytesIO(data)).pages[0].get("/Resources"))


def test_replica_draws_captions_and_asks_for_actual_size() -> None:
    data = render([make_claim(2)])
    text = all_text(data)
    for caption in ("HEALTH INSURANCE CLAIM FORM", "PATIENT'S NAME", "33. BILLING PROVIDER",
                    "APPROVED OMB-0938-1197 FORM 1500 (02-12)"):
        assert caption in text
    prefs = PdfReader(io.BytesIO(data)).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"


def test_resubmission_box_22_and_accident() -> None:
    claim = make_claim(1, frequency_code="7", payer_claim_number="2026ABC999",
                       accident_cause="AA", accident_state="WI", accident_date=date(2026, 3, 2))
    runs = page_runs(render([claim]))[0]
    assert by_id(runs, "22_code") == "7"
    assert by_id(runs, "22_ref") == "2026ABC999"
    assert checked(runs, "10b") == ["AA"] and checked(runs, "10a") == ["*"]
    assert by_id(runs, "10b_state") == "WI"
    assert by_id(runs, "15_qual") == "439" and date_text(runs, "15") == "03 02 26"


def test_alignment_page_marks_sit_in_their_boxes() -> None:
    out = io.BytesIO()
    assert cms1500.render_alignment(out, offset_x_tenths=1) == 1
    runs = page_runs(out.getvalue())[0]
    form = claim_form()
    for field_id in form.alignment.mark_fields:
        item = form.field(field_id)
        row = item.row if item.row is not None else form.line_row(0, item)
        first_row, first_col = sorted(item.cells(row))[0]
        span = max(c for r, c in item.cells(row) if r == first_row) - first_col + 1
        box = cell_box(form, first_col, span, first_row, shift=(7.2, 0))
        assert any(r.text.startswith("XXXX") for r in runs if inside(r, box)), field_id
    assert any(r.text.startswith("1234567890") for r in runs)


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    render([make_claim(1), make_claim(8)], progress=lambda d, t, _l: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        render([make_claim(1)], cancel=token)


def test_long_text_is_clipped_to_its_box() -> None:
    claim = make_claim(1, prior_auth_number="A" * 40, diagnoses=("S72.001A",) * 4)
    runs = page_runs(render([claim]))[0]
    assert by_id(runs, "23") == "A" * 29
    assert by_id(runs, "21A") == "S72001A"


def test_box_map_rejects_overlapping_fields() -> None:
    data = claim_form().model_dump()
    data["fields"].append({**data["fields"][2], "id": "dup_1a"})
    with pytest.raises(FormFileError, match="overlaps"):
        parse_claim_form(data)


def test_unknown_computed_source_is_refused() -> None:
    data = claim_form().model_dump()
    data["fields"][2]["source"] = "@nope"
    with pytest.raises(FormFileError, match="@nope"):
        cms1500.check_sources(parse_claim_form(data))


def test_money_uses_cents_subfield_without_decimal_point() -> None:
    claim = make_claim(1, amount_paid=Decimal("0.00"))
    runs = page_runs(render([claim]))[0]
    assert all("." not in r.text for r in runs if r.text[:1].isdigit())
