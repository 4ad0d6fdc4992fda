"""Changes saved by another app reach the screens: one thread per app watches the database
and posts `ChangedElsewhere`; a meeting screen reads its meeting again through its writer
(in turn with its own saves), the meetings list reads its page again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from sos_meeting.elsewhere import Noticed

if TYPE_CHECKING:
    from sos_meeting.database import Database
    from sos_meeting.elsewhere import Watch

LOOK = 0.5
"""Seconds one wait lasts before the thread checks it should stop."""
RETRY = 2.0
"""Seconds before watching again after the database could not be reached."""


@dataclass
class ChangedElsewhere(Message, bubble=False):
    """Another app saved something to this database (the app hands it to every screen)."""

    noticed: Noticed


def watch_elsewhere(db: Database, tell: Callable[[Noticed], object], stop: threading.Event) -> None:
    """Watch `db` until `stop` is set, telling each change made elsewhere. A server that goes
    away is watched again once it is back; a change missed meanwhile is reported as one
    whose meetings are not known, so every screen reads again."""
    from sos_meeting.elsewhere import watch

    missed = False
    while not stop.is_set():
        watching: Watch | None = None
        try:
            watching = watch(db)
            if missed:
                tell(Noticed(None))
                missed = False
            while not stop.is_set():
                noticed = watching.wait(LOOK)
                if noticed is not None and not stop.is_set():
                    tell(noticed)
        except Exception:  # the server went away, or the file was closed under us
            missed = True
            stop.wait(RETRY)
        finally:
            if watching is not None:
                with suppress(Exception):
                    watching.close()
