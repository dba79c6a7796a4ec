"""Writing output files atomically: a temporary file beside the target, then ``os.replace``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(out: Path, render: Callable[[BinaryIO], object]) -> None:
    """Write ``out`` through ``render(handle)``; a failure leaves any earlier file untouched.

    Args:
        out: the file to write.
        render: writes the whole content to the binary handle it is given.

    Raises:
        OSError: the folder cannot be written.
    """
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with tmp.open("wb") as handle:
            render(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomically(out: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``out`` atomically."""
    write_atomically(out, lambda h: h.write(text.encode("utf-8")))
