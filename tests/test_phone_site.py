"""The phones' web app on its own (no server, no screen): links, forms, limits, escaping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import pytest

from sos_meeting.phones.limits import RateLimit
from sos_meeting.phones.pages import Question
from sos_meeting.phones.seats import PhoneSeats, tidy_code
from sos_meeting.phones.site import phone_site
from sos_meeting.text import EntryProblem, check_entry

PEOPLE = [(1, "Sam (Mum)"), (2, "Jo (Social worker)"), (3, "Kim (Class teacher)")]


@dataclass
class Desk:
    """The laptop's side, kept in a list: each answer checked as the laptop checks it."""

    seats: PhoneSeats | None
    saved: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    def question(self) -> Question | None:
        return Question("How safe is Ava at home?", (("About:", "overall"),), "Safe", "Hurt")

    def subjects(self) -> tuple[str, ...]:
        return ("",)

    def current(self, participant_id: int, child: str) -> tuple[str, str, str] | None:
        for pid, kid, number, why, higher in reversed(self.saved):
            if (pid, kid) == (participant_id, child):
                return number, why, higher
        return None

    async def answer(
        self, participant_id: int, child: str, typed: str, why: str, higher: str
    ) -> str:
        try:
            check_entry(typed, why)
        except EntryProblem as problem:
            return str(problem)
        self.saved.append((participant_id, child, typed, why, higher))
        return ""


def client(
    desk: Desk, address: str = "10.0.0.7", limit: RateLimit | None = None
) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=phone_site(desk, limit), client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://10.0.0.2:8000")


def nonce(page: str) -> str:
    found = re.search(r"name='form' value='([^']+)'", page)
    assert found, page
    return found.group(1)


def link(desk: Desk, pid: int) -> str:
    assert desk.seats is not None
    return f"/a/{desk.seats.seats[pid].token}"


@pytest.fixture
def desk() -> Desk:
    return Desk(PhoneSeats(11, PEOPLE))


async def send(c: httpx.AsyncClient, url: str, **fields: str) -> httpx.Response:
    page = await c.get(url)
    assert page.status_code == 200
    return await c.post(url, data={"form": nonce(page.text), **fields})


async def test_an_answer_is_checked_and_saved_and_the_page_says_so(desk: Desk) -> None:
    async with client(desk) as c:
        refused = await send(c, link(desk, 1), number="11", why="", send="1")
        assert refused.status_code == 422
        assert "11 is above 10. Use a whole number from 0 to 10" in refused.text
        assert "value='11'" in refused.text  # what was typed is kept
        no_reason = await c.post(
            link(desk, 1), data={"form": nonce(refused.text), "number": "6", "why": " "}
        )
        assert "Please say why: everyone gives a reason for their number." in no_reason.text
        done = await c.post(
            link(desk, 1),
            data={"form": nonce(no_reason.text), "number": "6,5", "why": "Gran is there"},
        )
        assert done.status_code == 303
        assert done.headers["location"] == link(desk, 1)
        after = await c.get(link(desk, 1))
        assert "Saved. The facilitator will show everyone's answers together." in after.text
    assert desk.saved == [(1, "", "6,5", "Gran is there", "")]


async def test_a_pass_needs_no_reason_and_an_answer_can_be_changed(desk: Desk) -> None:
    async with client(desk) as c:
        assert (await send(c, link(desk, 2), number="", why="", **{"pass": "1"})).status_code == 303
        change = await c.get(link(desk, 2), params={"change": ""})
        assert "value='pass'" in change.text  # their own answer, to change
        again = await c.post(
            link(desk, 2), data={"form": nonce(change.text), "number": "4", "why": "Less sure"}
        )
        assert again.status_code == 303
    assert [s[2] for s in desk.saved] == ["pass", "4"]


async def test_every_reply_is_uncached_scriptless_and_sets_no_cookie(desk: Desk) -> None:
    async with client(desk) as c:
        for url in ("/", "/room", link(desk, 1), "/a/nonsense", "/elsewhere"):
            reply = await c.get(url)
            assert reply.headers["cache-control"].startswith("no-store")
            assert "default-src 'none'" in reply.headers["content-security-policy"]
            assert reply.headers["referrer-policy"] == "no-referrer"
            assert "set-cookie" not in reply.headers
            assert "server" not in reply.headers
            assert "<script" not in reply.text


async def test_a_wrong_or_finished_or_other_rounds_link_does_nothing(desk: Desk) -> None:
    old = link(desk, 1)
    async with client(desk) as c:
        page = await c.get(old)
        wrong = await c.get(old[:-2] + ("AA" if not old.endswith("AA") else "BB"))
        assert wrong.status_code == 404
        assert "This link does not work" in wrong.text
        # The next round has new links; this round's stop working, forms included.
        assert desk.seats is not None
        desk.seats.close()
        desk.seats = PhoneSeats(12, PEOPLE)
        late = await c.post(old, data={"form": nonce(page.text), "number": "5", "why": "late"})
        assert late.status_code == 404
        assert (await c.get(old)).status_code == 404
    assert desk.saved == []


async def test_a_replayed_or_forged_form_is_refused(desk: Desk) -> None:
    async with client(desk) as c:
        page = await c.get(link(desk, 1))
        form = {"form": nonce(page.text), "number": "5", "why": "first"}
        assert (await c.post(link(desk, 1), data=form)).status_code == 303
        replay = await c.post(link(desk, 1), data=form)
        assert replay.status_code == 409
        assert "already sent" in replay.text
        # Another person's form, on this person's link.
        theirs = nonce((await c.get(link(desk, 2))).text)
        crossed = await c.post(link(desk, 1), data={"form": theirs, "number": "1", "why": "x"})
        assert crossed.status_code == 409
        # From another site's page, or not as a form.
        other = await c.post(
            link(desk, 1),
            data={"form": theirs, "number": "1", "why": "x"},
            headers={"origin": "http://evil.example"},
        )
        assert other.status_code == 403
        as_json = await c.post(link(desk, 1), json={"form": theirs, "number": "1", "why": "x"})
        assert as_json.status_code == 415
    assert desk.saved == [(1, "", "5", "first", "")]


async def test_an_oversized_or_odd_form_is_refused_and_nothing_saved(desk: Desk) -> None:
    async with client(desk) as c:
        page = await c.get(link(desk, 1))
        huge = await c.post(
            link(desk, 1), data={"form": nonce(page.text), "number": "5", "why": "x" * 4001}
        )
        assert huge.status_code == 413
        assert "too long" in huge.text
        page = await c.get(link(desk, 1))
        body = await c.post(
            link(desk, 1),
            content=b"why=" + b"y" * 200_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert body.status_code == 413
        extra = await c.post(
            link(desk, 1), data={"form": nonce(page.text), "number": "5", "why": "x", "admin": "1"}
        )
        assert extra.status_code == 400
    assert desk.saved == []


async def test_a_thousand_requests_from_one_address_are_cut_off_and_others_still_answer(
    desk: Desk,
) -> None:
    clock = [0.0]  # time stands still during the flood: however slow the machine
    limit = RateLimit(clock=lambda: clock[0])
    async with client(desk, "10.0.0.66", limit) as flood, client(desk, "10.0.0.8", limit) as c:
        codes = [(await flood.get("/room")).status_code for _ in range(1000)]
        assert codes.count(200) == limit.burst
        assert codes[limit.burst :] == [429] * (1000 - limit.burst)
        assert (await send(c, link(desk, 3), number="8", why="fine")).status_code == 303
        clock[0] += 1.0  # a second later, one more
        assert [(await flood.get("/room")).status_code for _ in range(2)] == [200, 429]
    assert desk.saved == [(3, "", "8", "fine", "")]


async def test_html_in_an_answer_comes_back_escaped(desk: Desk) -> None:
    script = "<script>alert('x')</script><b>bold</b>"
    async with client(desk) as c:
        refused = await send(c, link(desk, 1), number="12", why=script, higher=script)
        assert "<script>" not in refused.text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in refused.text


async def test_the_room_link_needs_the_code_then_a_name(desk: Desk) -> None:
    assert desk.seats is not None
    code = desk.seats.code
    async with client(desk) as c:
        wrong = await c.post("/room", data={"code": "AAAAAA" if code != "AAAAAA" else "BBBBBB"})
        assert wrong.status_code == 403
        assert "Sam" not in wrong.text
        names = await c.post("/room", data={"code": code.lower()[:3] + " " + code.lower()[3:]})
        assert "Sam (Mum)" in names.text and "Kim (Class teacher)" in names.text
        assert desk.seats.seats[1].token not in names.text  # no link until a name is chosen
        chosen = await c.post("/room", data={"code": code, "who": "1"})
        assert chosen.status_code == 303
        assert chosen.headers["location"] == link(desk, 1)
        await send(c, link(desk, 1), number="3", why="worried")
        # Once answered, the name cannot be chosen again from the room link.
        again = await c.post("/room", data={"code": code, "who": "1"})
        assert again.status_code == 200
        assert "Sam (Mum): answered" in again.text


def test_codes_are_typed_loosely_and_tokens_are_long() -> None:
    seats = PhoneSeats(1, PEOPLE)
    assert seats.code_matches(" " + seats.code.lower())
    assert tidy_code("ab c12") == "ABC12"
    tokens = {seat.token for seat in seats.seats.values()}
    assert len(tokens) == 3
    assert all(len(t) >= 22 for t in tokens)  # 16 random bytes: 128 bits


def test_a_rate_limit_refills_with_time() -> None:
    limit = RateLimit(burst=2, per_minute=60)
    assert [limit.allow("a", now=0.0) for _ in range(3)] == [True, True, False]
    assert limit.allow("a", now=1.0)
    assert limit.allow("b", now=1.0)


async def test_an_answer_saved_as_the_round_is_revealed_is_told_it_was_saved(desk: Desk) -> None:
    """The reveal can come while a phone's answer is being saved: it was saved, so the phone
    says so (and its link stops working from then)."""
    keep = desk.answer

    async def answer_then_reveal(
        participant_id: int, child: str, typed: str, why: str, higher: str
    ) -> str:
        said = await keep(participant_id, child, typed, why, higher)
        assert desk.seats is not None
        desk.seats.close()
        return said

    desk.answer = answer_then_reveal  # type: ignore[method-assign]
    async with client(desk) as c:
        reply = await send(c, link(desk, 1), number="5", why="just in time")
        assert reply.status_code == 200
        assert "Saved. The facilitator will show everyone&#x27;s answers together." in reply.text
    assert desk.saved == [(1, "", "5", "just in time", "")]
