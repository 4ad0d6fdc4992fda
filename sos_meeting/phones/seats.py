"""The links of one phone round: a private token for each person, a code for the room link,
and the single-use forms handed out; all forgotten when the round stops taking phones."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""A room code is typed from the laptop's screen: no 0/O, 1/I/L to confuse."""
CODE_LENGTH = 6
TOKEN_BYTES = 16
"""128 bits of randomness in each person's link."""
FORMS_PER_PERSON = 12
"""Forms handed out to one person and not yet sent (older ones stop working)."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def tidy_code(typed: str) -> str:
    """A room code as typed on a phone: case and spaces do not matter."""
    return "".join(typed.split()).upper()[: CODE_LENGTH * 4]


@dataclass(slots=True)
class Seat:
    """One person's link for this round."""

    participant_id: int
    label: str
    """Their name and role, as the laptop shows it (never put in a link)."""
    token: str = field(default_factory=lambda: new_token())
    answered: set[str] = field(default_factory=set)
    """The subjects (children, or '' for the family) they have answered from a phone."""
    forms: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Form:
    """A form handed out: whose, and about which subject (a child, or '')."""

    participant_id: int
    child: str


class PhoneSeats:
    """Who may answer in one round from a phone, and with which link."""

    def __init__(self, round_id: int, people: Iterable[tuple[int, str]]) -> None:
        self.round_id = round_id
        self.code = new_code()
        self.seats: dict[int, Seat] = {}
        self._forms: dict[str, Form] = {}
        self.open = True
        self.first_heard: float | None = None
        """When a request first reached the server (None: no phone has reached it yet)."""
        self.sync(people)

    def sync(self, people: Iterable[tuple[int, str]]) -> None:
        """Follow who is present: a new arrival gets a link, one who left loses theirs."""
        people = list(people)
        wanted = {pid for pid, _ in people}
        for pid in [p for p in self.seats if p not in wanted]:
            self._forget(self.seats.pop(pid))
        for pid, label in people:
            seat = self.seats.get(pid)
            if seat is None:
                self.seats[pid] = Seat(pid, label)
            else:
                seat.label = label

    def heard(self) -> None:
        if self.first_heard is None:
            self.first_heard = time.monotonic()

    def seat(self, token: str) -> Seat | None:
        """The seat whose link carries `token` (compared in constant time)."""
        if not self.open:
            return None
        found = None
        for seat in self.seats.values():
            if hmac.compare_digest(seat.token.encode(), token.encode()):
                found = seat
        return found

    def code_matches(self, typed: str) -> bool:
        return self.open and hmac.compare_digest(tidy_code(typed).encode(), self.code.encode())

    def hand_out(self, seat: Seat, child: str) -> str:
        """A new single-use form for `seat` about `child`."""
        nonce = secrets.token_urlsafe(16)
        self._forms[nonce] = Form(seat.participant_id, child)
        seat.forms.append(nonce)
        while len(seat.forms) > FORMS_PER_PERSON:
            self._forms.pop(seat.forms.pop(0), None)
        return nonce

    def take_back(self, seat: Seat, nonce: str) -> Form | None:
        """The form `nonce` if it was handed to `seat` and not yet sent; it cannot be sent
        again (a replayed form is refused)."""
        form = self._forms.get(nonce)
        if form is None or form.participant_id != seat.participant_id:
            return None
        del self._forms[nonce]
        seat.forms.remove(nonce)
        return form

    def close(self) -> None:
        """Every link and form stops working."""
        self.open = False
        for seat in self.seats.values():
            self._forget(seat)
        self.seats.clear()

    def _forget(self, seat: Seat) -> None:
        for nonce in seat.forms:
            self._forms.pop(nonce, None)
        seat.forms.clear()
