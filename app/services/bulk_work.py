"""Settings for bulk jobs (batch export, ERA posting) that build many records at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one bounded bulk job.

    Building about 100,000 small records triggers hundreds of collections that each walk
    every live object; pausing it halves the time. Reference counting still frees memory,
    and the collector resumes when the job ends (or fails).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
