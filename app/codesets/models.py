"""Row types of the code-set modules.

Defined in ``app.domain.codes`` so the scrubber can share them; re-exported here.
"""

from app.domain.codes import (
    SYSTEMS,
    CodeDetail,
    CodeHit,
    CodeSetStatus,
    ImportRecord,
    ImportResult,
    MueLimit,
    PtpEdit,
    SeventhChar,
    Validity,
)

__all__ = [
    "SYSTEMS", "CodeDetail", "CodeHit", "CodeSetStatus", "ImportRecord", "ImportResult",
    "MueLimit", "PtpEdit", "SeventhChar", "Validity",
]
