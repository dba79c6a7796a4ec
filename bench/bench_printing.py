"""Benchmark printing: 1,000 CMS-1500 pages (replica and data-only) and 1,000 statements.

Run: ``.venv/bin/python bench/bench_printing.py`` (target: under 5 s for each 1,000 pages).
"""

from __future__ import annotations

import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.printing.cms1500 import render_claims  # noqa: E402
from app.printing.statements import render_statements  # noqa: E402
from tests.printing.claims import make_claim, make_statement  # noqa: E402

PAGES = 1000


def bench_claims(mode: str) -> None:
    claims = [make_claim(6, control_number=f"C{n:07d}") for n in range(PAGES)]
    out = io.BytesIO()
    started = time.perf_counter()
    pages = render_claims(claims, out, mode=mode, today=date(2026, 3, 10))  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    print(f"CMS-1500 {mode:7}: {pages} pages in {elapsed:.2f} s "
          f"({elapsed / pages * 1000:.2f} ms/page, {len(out.getvalue()) / 1e6:.1f} MB)")


def bench_statements() -> None:
    statements = [make_statement(5, account=f"G{n:06d}") for n in range(PAGES)]
    out = io.BytesIO()
    started = time.perf_counter()
    pages = render_statements(statements, out)
    elapsed = time.perf_counter() - started
    print(f"Statements      : {pages} pages in {elapsed:.2f} s "
          f"({elapsed / pages * 1000:.2f} ms/page, {len(out.getvalue()) / 1e6:.1f} MB)")


if __name__ == "__main__":
    bench_claims("replica")
    bench_claims("data")
    bench_statements()
