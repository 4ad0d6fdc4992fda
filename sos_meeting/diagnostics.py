"""Diagnostics for unexpected errors that name where the code failed, never what was recorded.

An exception's message or local variables can hold a participant's name or reason (database
errors quote their parameters), so only the exception type and the code locations are kept.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from sos_meeting import __version__


def log_folder() -> Path:
    from platformdirs import user_log_path

    return user_log_path("sos-meeting", appauthor=False)


def describe(error: BaseException) -> str:
    """The exception types and the stack of file, line and function: no messages, no values."""
    lines = [f"sos-meeting {__version__}, {datetime.now(UTC).isoformat()}"]
    seen: BaseException | None = error
    while seen is not None:
        lines.append(f"{type(seen).__module__}.{type(seen).__qualname__}")
        for frame in traceback.extract_tb(seen.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        seen = seen.__cause__ or seen.__context__
        if seen is not None:
            lines.append("caused by:")
    return "\n".join(lines) + "\n"


def write_diagnostic(error: BaseException, folder: Path | None = None) -> Path | None:
    """Write `describe(error)` to a private file; returns its path, or None if it could not."""
    folder = folder or log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"error-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.txt"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(describe(error))
    except OSError:
        return None
    return path
