"""Scoring from phones, on the laptop's side: the room's server for a private round, the
links and QR codes to hand out, and each phone's answer sent through the meeting's writer.

The meeting screen owns a `PhoneRoom`; a step asks for phones with `PhonesWanted`. An
answer from a phone becomes an `Edit` like one typed on the laptop, so it is saved, shown
and refused the same way; only its `recorded_by` ("own device") tells it apart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from screens.plain import plain, short
from sos_meeting import edits
from sos_meeting.domain import MeetingRecord, Round, Scale
from sos_meeting.phones import OWN_DEVICE
from sos_meeting.phones.pages import Question
from sos_meeting.phones.seats import PhoneSeats
from sos_meeting.phones.settings import RoomSettings
from sos_meeting.text import EntryProblem, check_entry, format_score
from sos_meeting.writer import Edit, NotSaved, Outcome, Saved

if TYPE_CHECKING:
    from sos_meeting.phones.serve import RoomServer

ANSWER_WAIT = 60.0
"""Seconds a phone waits for its answer to be saved before it is told to check later."""
QUIET_AFTER = 90.0
"""Seconds with no phone reaching the laptop before the facilitator is told so."""
PLAIN_HTTP = (
    "Plain HTTP: others on this network could read the answers as they are sent. "
    "Use a council certificate (--room-cert, --room-key) for HTTPS."
)
NOT_REACHED = (
    "No phone has reached the laptop yet. The network may keep devices apart (guest Wi-Fi "
    "often does). Go round with the laptop instead: each person types their own answer while "
    "the others look away. Answers already in are kept (ctrl+y, then ctrl+x stops the phones)."
)


class PhonesWanted(Message):
    """The facilitator asked for the round `round_id` of scale `scale_id` to take phones."""

    def __init__(self, scale_id: int, round_id: int) -> None:
        super().__init__()
        self.scale_id = scale_id
        self.round_id = round_id


@dataclass(frozen=True, slots=True)
class PhoneState:
    """What the round shows of the phones: where they answer, and whether it is time to say
    that no phone has reached the laptop."""

    round_id: int
    room_url: str
    code: str
    secure: bool
    quiet: bool
    """Long enough has passed with no phone reaching the laptop to say so."""


def question_for(record: MeetingRecord, scale: Scale) -> Question:
    """What a phone shows above its form: the question, what is scaled, what 10 and 0 mean."""
    words = record.meeting.wording
    linked = record.linked_pair(scale)
    if linked is None:
        about: tuple[tuple[str, str], ...] = (("About:", "the whole situation (overall)"),)
    else:
        number, pair = linked
        about = (
            (f"{words.statement.capitalize()} {number}:", pair.statement),
            (f"{words.goal.capitalize()}:", pair.goal or f"(no {words.goal} yet)"),
        )
    return Question(scale.question, about, scale.ten_means, scale.zero_means)


class PhoneRoom:
    """The phones of one meeting: at most one round takes them at a time.

    It is the `Desk` the web app asks (see `sos_meeting.phones.site`); it reads the record
    the screen shows and sends answers through `submit`, never to the database directly.
    """

    def __init__(
        self,
        record: Callable[[], MeetingRecord | None],
        submit: Callable[[Edit, Callable[[Outcome], None]], None],
        settings: RoomSettings,
    ) -> None:
        self._record = record
        self._submit = submit
        self.settings = settings
        self.seats: PhoneSeats | None = None
        self.scale_id: int | None = None
        self.server: RoomServer | None = None
        self.started_at = 0.0
        self.printed: list[Path] = []
        """Pages of links written to print; deleted when the round stops taking phones."""

    # Where things stand ---------------------------------------------------------------

    def _scale_round(self) -> tuple[MeetingRecord, Scale, Round] | None:
        record, seats = self._record(), self.seats
        if record is None or seats is None or self.scale_id is None:
            return None
        scale = record.scale(self.scale_id)
        round_ = scale.current_round if scale else None
        if scale is None or round_ is None or round_.id != seats.round_id:
            return None
        return record, scale, round_

    def taking(self, round_id: int) -> bool:
        return self.seats is not None and self.seats.round_id == round_id

    def state(self) -> PhoneState | None:
        seats, server = self.seats, self.server
        if seats is None or server is None:
            return None
        quiet = seats.first_heard is None and time.monotonic() - self.started_at > QUIET_AFTER
        return PhoneState(
            seats.round_id,
            f"{server.base_url}/room",
            seats.code,
            server.secure,
            quiet,
        )

    def links(self) -> list[tuple[str, str]]:
        """Each person's label and personal link, in seating order."""
        seats, server = self.seats, self.server
        if seats is None or server is None:
            return []
        return [(s.label, f"{server.base_url}/a/{s.token}") for s in seats.seats.values()]

    def title(self) -> Content | None:
        """'round 2: How safe is Ava at home?' for the round taking phones."""
        found = self._scale_round()
        if found is None:
            return None
        _, scale, round_ = found
        return Content(f"round {round_.number}: ") + plain(short(scale.question, 50))

    def print_links(self, folder: Path, live: Path | None) -> Path:
        """Write every link and code of the round on one page to print (0600; deleted when
        the round stops taking phones). `OSError` if it cannot be written."""
        from screens.phone_links import print_page
        from sos_meeting.destinations import make_private_folder
        from sos_meeting.exports.render import write_private

        state, title = self.state(), self.title()
        if state is None or title is None:
            raise OSError("the round no longer takes phones")
        make_private_folder(folder)
        path = write_private(
            folder / f"phone-links-{state.round_id}-{state.code}.html",
            print_page(
                f"Score from phones: {title.plain}", state.room_url, state.code, self.links()
            ),
            live=live,
        )
        self.printed.append(path)
        return path

    # Starting and stopping -------------------------------------------------------------

    async def start(self, scale_id: int, round_id: int) -> None:
        """Take phones for this round (the server starts if it is not running); a
        `RoomProblem` says plainly why it cannot."""
        from sos_meeting.phones.serve import RoomServer
        from sos_meeting.phones.site import phone_site

        if self.seats is not None and self.seats.round_id == round_id:
            return
        await self.stop()
        record = self._record()
        if record is None:
            return
        self.scale_id = scale_id
        self.seats = PhoneSeats(round_id, _people(record))
        server = RoomServer(phone_site(self), self.settings)
        try:
            await server.start()
        except Exception:
            self.seats = None
            raise
        self.server = server
        self.started_at = time.monotonic()

    async def stop(self) -> None:
        """Every link stops working, the server stops, and pages printed are deleted."""
        seats, server = self.seats, self.server
        self.seats = self.server = None
        self.scale_id = None
        if seats is not None:
            seats.close()
        if server is not None:
            await server.stop()
        for page in self.printed:
            page.unlink(missing_ok=True)
        self.printed.clear()

    def still_wanted(self) -> bool:
        """Whether the round still takes phones: private, not revealed, not closed, and
        the meeting open. Follows who is present."""
        if self.why_not() or self.seats is None:
            return False
        found = self._scale_round()
        assert found is not None
        self.seats.sync(_people(found[0]))
        return True

    def why_not(self) -> str:
        """Why the round no longer takes phones, in a few words ('' while it does)."""
        found = self._scale_round()
        if found is None:
            return "a new round has started" if self._record() is not None else "closed"
        record, _, round_ = found
        if record.meeting.closed:
            return "the meeting is closed"
        if round_.revealed_at is not None:
            return "the numbers have been revealed"
        if round_.closed:
            return "the round is closed"
        return ""

    # The Desk the web app asks ---------------------------------------------------------

    def question(self) -> Question | None:
        found = self._scale_round()
        return question_for(found[0], found[1]) if found else None

    def subjects(self) -> tuple[str, ...]:
        found = self._scale_round()
        return found[1].subjects if found else ("",)

    def current(self, participant_id: int, child: str) -> tuple[str, str, str] | None:
        found = self._scale_round()
        score = found[2].score_for(participant_id, child) if found else None
        if score is None or score.recorded_by != OWN_DEVICE:
            return None  # only what they gave from their own phone goes back to it
        number = "pass" if score.passed else format_score(score.value)
        return number, score.reason, score.one_higher

    async def answer(
        self, participant_id: int, child: str, typed: str, why: str, higher: str
    ) -> str:
        found = self._scale_round()
        if found is None or not self.still_wanted():
            return "This round no longer takes answers from phones."
        record, scale, round_ = found
        try:
            check_entry(typed, why)
        except EntryProblem as problem:
            return str(problem)
        person = record.participant(participant_id)
        name = short(person.name, 30) if person else "someone"
        about = f" about {child}" if child else ""
        outcome: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()

        def told(result: Outcome) -> None:
            if not outcome.done():
                outcome.set_result(result)

        self._submit(
            Edit(
                what=f"{name}'s answer{about}, from their phone",
                write=edits.record_score(
                    scale.id,
                    round_.id,
                    participant_id,
                    typed=typed,
                    reason=why,
                    one_higher=higher,
                    child=child,
                    recorded_by=OWN_DEVICE,
                ),
                origin="phones",
            ),
            told,
        )
        try:
            result = await asyncio.wait_for(outcome, ANSWER_WAIT)
        except TimeoutError:
            return (
                "The laptop is still saving. Your answer may already be in: open your link "
                "again in a minute to check."
            )
        if isinstance(result, Saved):
            return ""
        assert isinstance(result, NotSaved)
        return result.reason


def _people(record: MeetingRecord) -> list[tuple[int, str]]:
    return [(p.id, p.label) for p in record.in_round_order]
