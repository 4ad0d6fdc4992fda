"""One owner writes a meeting: edits are saved in the order they were asked for, each in its
own transaction, away from the screen's thread, and each outcome is reported back.

The facilitator's keys, a phone's answer and a change noticed from another app all arrive
here as an `Edit`, so the record and the screen cannot tell them apart except by who made it.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sos_meeting.changes import Change
from sos_meeting.conflicts import EditConflict
from sos_meeting.database import Database
from sos_meeting.text import InputError

_numbers = itertools.count(1)

UNEXPECTED = (
    "An unexpected problem stopped this from being saved. Nothing else was changed; "
    "try again, and if it happens again close and reopen the app."
)


@dataclass(frozen=True, slots=True)
class Edit:
    """One thing to record, with the values captured when it was asked for."""

    what: str
    """Said on the status line once saved, e.g. 'added to worries: “Dad shouts”'."""
    write: Callable[[Database], Change]
    """Does the write (one transaction) and returns what it changed."""
    origin: str = ""
    """Which step (or which device) asked, so a refusal goes back there."""
    given: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """What was typed, by the box it was typed in: given back if it is not saved."""
    number: int = field(default_factory=lambda: next(_numbers))


@dataclass(frozen=True, slots=True)
class Saved:
    """The edit is committed; `change` is what it changed."""

    edit: Edit
    change: Change


@dataclass(frozen=True, slots=True)
class NotSaved:
    """Nothing was saved. `refused` when the input was wrong, else the database failed."""

    edit: Edit
    reason: str
    refused: bool
    conflict: EditConflict | None = None
    """Someone else saved these words meanwhile: both versions, for the facilitator to choose."""


Outcome = Saved | NotSaved


class _Stop:
    pass


class MeetingWriter:
    """Saves edits one at a time, in order, on the thread that calls `run`."""

    def __init__(self, db: Database, report: Callable[[Outcome], object]) -> None:
        self.db = db
        self._report = report
        self._queue: queue.Queue[Edit | _Stop] = queue.Queue()
        self._finished = threading.Event()
        self._closed = False
        self.reason = ""
        """Why the meeting is being changed once it is closed (each amendment keeps it);
        set before the edits it is for are submitted."""

    def submit(self, edit: Edit) -> None:
        """Queue `edit` behind those already asked for."""
        if self._closed:
            raise RuntimeError("The meeting's writer is closed.")
        self._queue.put(edit)

    @property
    def closed(self) -> bool:
        """Whether `close` was called (nothing more can be asked for)."""
        return self._closed

    @property
    def waiting(self) -> int:
        """How many edits are not yet saved (roughly: one may be being written)."""
        return self._queue.qsize()

    def run(self) -> None:
        """Save edits until `close`; every edit asked for before it is saved or refused."""
        from sos_meeting.store import StorageError, amending

        try:
            while True:
                edit = self._queue.get()
                if isinstance(edit, _Stop):
                    return
                try:
                    with amending(self.reason):
                        change = edit.write(self.db)
                except EditConflict as conflict:
                    self._report(NotSaved(edit, str(conflict), refused=True, conflict=conflict))
                except InputError as refused:
                    self._report(NotSaved(edit, str(refused), refused=True))
                except StorageError as failed:
                    self._report(NotSaved(edit, str(failed), refused=False))
                except Exception as error:  # a defect must not stop the edits behind it
                    from sos_meeting.diagnostics import write_diagnostic

                    write_diagnostic(error)
                    self._report(NotSaved(edit, UNEXPECTED, refused=False))
                else:
                    self._report(Saved(edit, change))
        finally:
            self._finished.set()

    def close(self, timeout: float | None = None) -> bool:
        """Let the edits already asked for finish, then stop; False if `timeout` ran out."""
        if not self._closed:
            self._closed = True
            self._queue.put(_Stop())
        return self._finished.wait(timeout)
