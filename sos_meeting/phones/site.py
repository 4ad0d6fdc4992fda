"""The web app phones talk to: a person's own page, the room link, and nothing else.

Every response is a plain page that is never cached and runs no script. Each request is
counted against its address; a form is read only up to a size, each field checked, and
sent once. The answer itself is checked and saved by the laptop (`Desk.answer`), with the
same checks and messages as an answer typed there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sos_meeting.phones import pages
from sos_meeting.phones.limits import BODY_LIMIT, FIELD_LIMITS, RateLimit
from sos_meeting.phones.seats import PhoneSeats, Seat

HEADERS = {
    "cache-control": "no-store, max-age=0",
    "pragma": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}
SAVED = "Saved. The facilitator will show everyone's answers together."
NO_LINK = (
    "This link does not work: the round may have finished, or the link was copied wrongly. "
    "Ask the facilitator."
)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]


class Desk(Protocol):
    """The laptop's side of a phone round."""

    @property
    def seats(self) -> PhoneSeats | None:
        """The round taking phones now (None: none is)."""

    def question(self) -> pages.Question | None:
        """What is asked, in the meeting's words (None: the round has gone)."""

    def subjects(self) -> tuple[str, ...]:
        """What each person scores: each child in turn, or once ('')."""

    def current(self, participant_id: int, child: str) -> tuple[str, str, str] | None:
        """The person's own current answer (number, why, one higher), if they have one."""

    async def answer(
        self, participant_id: int, child: str, typed: str, why: str, higher: str
    ) -> str:
        """Save an answer through the meeting's writer: '' once saved, else why not."""


class Refused(Exception):
    def __init__(self, status: int, title: str, text: str) -> None:
        super().__init__(text)
        self.status, self.title, self.text = status, title, text


def plain(status: int, title: str, text: str) -> HTMLResponse:
    return HTMLResponse(pages.plain_page(title, text), status_code=status)


class Guard:
    """Counts each request against its address and puts the safety headers on every reply."""

    def __init__(self, app: ASGI, desk: Desk, limit: RateLimit) -> None:
        self.app, self.desk, self.limit = app, desk, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        seats = self.desk.seats
        if seats is not None:
            seats.heard()
        address = (scope.get("client") or ("?", 0))[0]

        async def guarded(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = headers
            await send(message)

        if not self.limit.allow(address):
            response = plain(
                429,
                "Too many tries",
                "This phone has sent too much too quickly. Wait a minute, then try again.",
            )
            await response(scope, receive, guarded)
            return
        await self.app(scope, receive, guarded)


async def read_form(request: Request) -> dict[str, str]:
    """The form sent, each field once and within its size; else `Refused`."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise Refused(415, "Not a form", "Send the answer from the page's form.")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Refused(403, "Not from this page", "Send the answer from the page's own form.")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > BODY_LIMIT):
        raise Refused(413, "Too long", "That is too long to send. Shorten it and try again.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > BODY_LIMIT:
            raise Refused(413, "Too long", "That is too long to send. Shorten it and try again.")
    try:
        fields = parse_qs(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=12
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, "Not understood", "The form could not be read. Try again.") from error
    form: dict[str, str] = {}
    for name, values in fields.items():
        limit = FIELD_LIMITS.get(name)
        if name in ("send", "pass"):
            limit = 1
        if limit is None or len(values) != 1:
            raise Refused(400, "Not understood", "The form could not be read. Try again.")
        if len(values[0]) > limit:
            raise Refused(
                413,
                "Too long",
                f"That answer is too long (at most {limit} characters). Nothing was saved. "
                "Go back, shorten it and send it again.",
            )
        form[name] = values[0]
    return form


def phone_site(desk: Desk, limit: RateLimit | None = None) -> ASGI:
    """The ASGI app serving the round that `desk` has open."""

    def seated(token: str) -> tuple[PhoneSeats, Seat, pages.Question]:
        seats = desk.seats
        seat = seats.seat(token) if seats is not None else None
        question = desk.question() if seat is not None else None
        if seats is None or seat is None or question is None:
            raise Refused(404, "Link not working", NO_LINK)
        return seats, seat, question

    def own_page(
        seats: PhoneSeats,
        seat: Seat,
        question: pages.Question,
        *,
        change: str | None = None,
        kept: pages.Answer | None = None,
    ) -> str:
        answers = []
        for child in desk.subjects():
            if kept is not None and kept.child == child:
                answers.append(kept)
            elif child in seat.answered and child != change:
                answers.append(pages.Answer(child, nonce="", saved=True))
            else:
                typed = desk.current(seat.participant_id, child) if child == change else None
                number, why, higher = typed or ("", "", "")
                answers.append(
                    pages.Answer(child, seats.hand_out(seat, child), number, why, higher)
                )
        return pages.answer_page(f"/a/{seat.token}", seat.label, question, answers)

    async def show_own(request: Request) -> Response:
        seats, seat, question = seated(request.path_params["token"])
        change = request.query_params.get("change")
        return HTMLResponse(own_page(seats, seat, question, change=change))

    async def send_own(request: Request) -> Response:
        seats, seat, question = seated(request.path_params["token"])
        form = await read_form(request)
        handed = seats.take_back(seat, form.get("form", ""))
        if handed is None:
            raise Refused(
                409,
                "Already sent",
                "This form was already sent, or is out of date, so nothing more was saved. "
                "Open your link again to see your answer or change it.",
            )
        typed = "pass" if form.get("pass") else form.get("number", "")
        why, higher = form.get("why", ""), form.get("higher", "")
        problem = await desk.answer(seat.participant_id, handed.child, typed, why, higher)
        if seats is not desk.seats or not seats.open:
            # Revealed (or stopped) while the answer was being saved.
            if problem:
                raise Refused(410, "Round finished", NO_LINK)
            return HTMLResponse(pages.plain_page("Saved", SAVED))
        if problem:
            kept = pages.Answer(
                handed.child,
                seats.hand_out(seat, handed.child),
                "" if form.get("pass") else typed,
                why,
                higher,
                problem,
            )
            return HTMLResponse(own_page(seats, seat, question, kept=kept), status_code=422)
        seat.answered.add(handed.child)
        return RedirectResponse(f"/a/{seat.token}", status_code=303)

    async def show_room(request: Request) -> Response:
        if desk.seats is None:
            raise Refused(404, "No round", "No round is taking answers from phones just now.")
        return HTMLResponse(pages.code_page("/room"))

    async def join_room(request: Request) -> Response:
        seats = desk.seats
        if seats is None:
            raise Refused(404, "No round", "No round is taking answers from phones just now.")
        form = await read_form(request)
        code = form.get("code", "")
        if not seats.code_matches(code):
            return HTMLResponse(
                pages.code_page(
                    "/room", "That code does not match. Check the code on the facilitator's screen."
                ),
                status_code=403,
            )
        who = form.get("who", "")
        seat = seats.seats.get(int(who)) if who.isdigit() else None
        if seat is None or seat.answered:
            people = [(s.participant_id, s.label, bool(s.answered)) for s in seats.seats.values()]
            return HTMLResponse(pages.names_page("/room", seats.code, people))
        return RedirectResponse(f"/a/{seat.token}", status_code=303)

    async def nothing(request: Request) -> Response:
        raise Refused(404, "Not here", NO_LINK)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        return plain(error.status, error.title, error.text)

    async def not_found(request: Request, error: Exception) -> Response:
        return plain(404, "Not here", NO_LINK)

    app = Starlette(
        routes=[
            Route("/", show_room, methods=["GET"]),
            Route("/room", show_room, methods=["GET"]),
            Route("/room", join_room, methods=["POST"]),
            Route("/a/{token}", show_own, methods=["GET"]),
            Route("/a/{token}", send_own, methods=["POST"]),
            Route("/{rest:path}", nothing),
        ],
        exception_handlers={Refused: refused, 404: not_found, 405: not_found},
    )
    return Guard(app, desk, limit or RateLimit())
