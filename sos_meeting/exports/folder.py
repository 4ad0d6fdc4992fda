"""Where exports are written by default: the folder in the settings file, else a
'sos-meeting' folder in the user's Documents (not hidden beside the database, which on
Windows is in %LOCALAPPDATA%). Files there are readable by their owner only."""

from __future__ import annotations

import os
from pathlib import Path

EXPORTS_VAR = "SOS_MEETING_EXPORTS"
"""Names the folder for this run (a shared laptop's own folder, or a test's)."""


def export_folder(configured: str = "") -> Path:
    named = os.environ.get(EXPORTS_VAR) or configured
    if named:
        return Path(named).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / "sos-meeting"
