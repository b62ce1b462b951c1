"""Where a rendered document goes: every renderer returns its bytes and, when asked, also
writes them to a file or a buffer (`out`)."""

from __future__ import annotations

import io
from pathlib import Path


def deliver(data: bytes, out: str | Path | io.BytesIO | None) -> bytes:
    """Write `data` to `out` (a path, or a buffer) when given; return it either way."""
    if isinstance(out, io.BytesIO):
        out.write(data)
    elif out is not None:
        Path(out).write_bytes(data)
    return data
