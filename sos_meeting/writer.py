"""One owner writes a meeting: edits are saved in the order they were asked for, each in its
own transaction, away from the screen's thread, and each outcome is reported back.

The facilitator's keys, a phone's answer and a change noticed from another app all arrive
here as an `Edit`, so the record and the screen cannot tell them apart except by who made it.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
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
    key: str = field(default_factory=lambda: _new_key())
    """Recorded with the edit's first transaction, so a retry never saves it twice."""


def _new_key() -> str:
    import uuid

    return uuid.uuid4().hex


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


@dataclass(frozen=True, slots=True)
class Retrying:
    """The server could not be reached: the edit is kept and tried again (`reason` says so).
    Its outcome (`Saved`, or `NotSaved` if the meeting is left first) follows."""

    edit: Edit
    reason: str


Outcome = Saved | NotSaved


SERVER_RETRY = (0.5, 1.0, 2.0, 3.0, 5.0)
"""Seconds between tries while the server is away (the last repeats)."""
CLOSING_GRACE = 10.0
"""Seconds an edit still waiting for the server is tried once the writer is closed (the
meeting left, the app quitting) before it is reported not saved."""


class _Stop:
    pass


class MeetingWriter:
    """Saves edits one at a time, in order, on the thread that calls `run`."""

    def __init__(
        self,
        db: Database,
        report: Callable[[Outcome], object],
        retrying: Callable[[Retrying], object] = lambda _: None,
    ) -> None:
        self.db = db
        self._report = report
        self._retrying = retrying
        self._queue: queue.Queue[Edit | _Stop] = queue.Queue()
        self._finished = threading.Event()
        self._closed = False
        self._wake = threading.Event()
        """Set on `close`: a wait for the server ends at once."""
        self._closed_at = 0.0
        self.meeting_id: int | None = None
        """The meeting the edits are for, to read it back after a lost connection."""
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
        try:
            while True:
                edit = self._queue.get()
                if isinstance(edit, _Stop):
                    return
                self._report(self._save(edit))
        finally:
            self._finished.set()

    def _save(self, edit: Edit) -> Outcome:
        """One edit, tried again while the server is away (until it is back; once the writer
        is closed, for `CLOSING_GRACE` more): a try that reached the commit is never made
        twice."""
        from sos_meeting.store import ServerGone, StorageError, amending, applied, keyed

        pauses = iter(SERVER_RETRY)
        pause = SERVER_RETRY[0]
        tried = False
        while True:
            try:
                if tried and applied(self.db, edit.key):
                    return Saved(edit, self._read_back())
                tried = True
                with amending(self.reason), keyed(edit.key):
                    return Saved(edit, edit.write(self.db))
            except EditConflict as conflict:
                return NotSaved(edit, str(conflict), refused=True, conflict=conflict)
            except InputError as refused:
                return NotSaved(edit, str(refused), refused=True)
            except ServerGone as gone:
                if self._closed and time.monotonic() - self._closed_at > CLOSING_GRACE:
                    return NotSaved(edit, str(gone), refused=False)
                self._retrying(Retrying(edit, str(gone)))
                pause = next(pauses, pause)
                if self._closed:
                    time.sleep(min(pause, 1.0))
                else:
                    self._wake.wait(pause)
            except StorageError as failed:
                return NotSaved(edit, str(failed), refused=False)
            except Exception as error:  # a defect must not stop the edits behind it
                from sos_meeting.diagnostics import write_diagnostic

                write_diagnostic(error)
                return NotSaved(edit, UNEXPECTED, refused=False)

    def _read_back(self) -> Change:
        """What an edit committed before its connection was lost changed: the meeting as it
        is now (its own write is not run again)."""
        from sos_meeting.changes import NothingShown, RecordReplaced

        if self.meeting_id is None:
            return NothingShown()
        from sos_meeting import store

        return RecordReplaced(store.load(self.db, self.meeting_id))

    def close(self, timeout: float | None = None) -> bool:
        """Let the edits already asked for finish, then stop; False if `timeout` ran out."""
        if not self._closed:
            self._closed = True
            self._closed_at = time.monotonic()
            self._wake.set()
            self._queue.put(_Stop())
        return self._finished.wait(timeout)
