"""Records of exported 837P batches and imported acknowledgments, as services see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class BatchRecord:
    """An exported 837P batch (its content kept so it can be re-saved byte-identical)."""

    id: int
    file_name: str
    path: str
    sha256: str
    created_at: datetime
    isa13: int
    gs06: int
    claim_count: int
    total_charge: Decimal
    usage: str
    content: str
    status: str  # sent / accepted / rejected


@dataclass(frozen=True)
class AckRecord:
    """An imported 999 or 277CA (the same file imports once)."""

    id: int
    sha256: str
    kind: str
    file_name: str
    imported_at: datetime
    summary: str
