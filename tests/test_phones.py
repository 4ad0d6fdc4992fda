"""Scoring from phones through the app: the real server on the loopback, httpx as the
phones, the facilitator's keys through Pilot; then what was saved."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot

from screens.app import SosMeetingApp
from screens.dialogs import Confirm
from screens.meeting import MeetingScreen
from screens.phone_links import PhoneLinks
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import RoundMode, Step
from sos_meeting.phones import OWN_DEVICE
from sos_meeting.phones.limits import RateLimit
from sos_meeting.phones.settings import RoomProblem, RoomSettings, checked_host

from .conftest import seed_meeting
from .pilot_helpers import burst, screen_text, settled, shown, type_in, until
from .test_private_rounds import EIGHT, private_scale

LOOPBACK = RoomSettings(host="127.0.0.1")


def meeting_screen(pilot: Pilot[None]) -> MeetingScreen:
    return next(s for s in pilot.app.screen_stack if isinstance(s, MeetingScreen))


async def take_phones(pilot: Pilot[None]) -> dict[str, str]:
    """Press ctrl+y in the round, see the links, go back; each person's link by name."""
    await pilot.press("ctrl+y")
    await until(pilot, lambda: isinstance(pilot.app.screen, PhoneLinks), "the phones' links")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen), "the round")
    links = meeting_screen(pilot).phones.links()
    return {label.split(" ")[0]: url for label, url in links}


async def open_and_take_phones(pilot: Pilot[None]) -> dict[str, str]:
    """Open the meeting from the list (where it was left: its round), then take phones."""
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)
    return await take_phones(pilot)


async def answer(c: httpx.AsyncClient, url: str, **fields: str) -> httpx.Response:
    page = await c.get(url)
    assert page.status_code == 200, page.text
    found = re.search(r"name='form' value='([^']+)'", page.text)
    assert found
    return await c.post(url, data={"form": found.group(1), **fields})


async def test_phones_answer_the_round_and_the_laptop_shows_who_not_what(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT[:4])
    scale_id = private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        assert set(links) == {"Sam", "Dan", "Pat", "Lee"}
        assert all(re.fullmatch(r"http://127\.0\.0\.1:\d+/a/[\w-]{22}", u) for u in links.values())
        async with httpx.AsyncClient() as c:
            sam = await answer(c, links["Sam"], number="8.5", why="Gran helps", higher="a plan")
            assert sam.status_code == 303
            dan = await answer(c, links["Dan"], **{"pass": "1"})
            assert dan.status_code == 303
            await settled(pilot)
            # The laptop: who has answered, never what, until the reveal.
            text = screen_text(pilot)
            assert "Gran helps" not in text and "8.5" not in text
            assert "from their phone (hidden)" in text
            assert "2 answered" in shown(pilot, "#round-phones")
            # Sam changes her answer from her phone: a correction, the first kept.
            change = await c.get(links["Sam"], params={"change": ""})
            assert "value='8.5'" in change.text and "Gran helps" in change.text
            found = re.search(r"name='form' value='([^']+)'", change.text)
            assert found
            again = await c.post(
                links["Sam"], data={"form": found.group(1), "number": "5", "why": "On reflection"}
            )
            assert again.status_code == 303
            # The facilitator types Pat's on the laptop (no phone), keys back to back.
            await until(pilot, lambda: "Now: Pat" in shown(pilot, "#round-turn"), "Pat's turn")
            await burst(pilot, "4", "enter", *"no signal here", "enter", "enter")
            await settled(pilot)
            await type_in(pilot, "", "enter")  # the cleared screen: the next person
            lee = await answer(c, links["Lee"], number="3", why="Dad's temper")
            assert lee.status_code == 303
            await settled(pilot)
            assert "Everyone here has scored" in shown(pilot, "#round-waiting")
            # The reveal: every link stops working and the server stops.
            await pilot.press("ctrl+r")
            await settled(pilot)
            await until(pilot, lambda: meeting_screen(pilot).phones.seats is None, "phones off")
            with pytest.raises(httpx.TransportError):
                await c.get(links["Sam"])
    round_ = store.load(db, meeting_id).scale(scale_id).current_round  # type: ignore[union-attr]
    assert round_ is not None
    by_name = {s.name: s for s in round_.scores}
    assert (by_name["Sam"].value, by_name["Sam"].reason) == (5.0, "On reflection")
    assert by_name["Dan"].passed
    assert (by_name["Pat"].value, by_name["Pat"].reason) == (4.0, "no signal here")
    assert (by_name["Lee"].value, by_name["Lee"].reason) == (3.0, "Dad's temper")
    assert {n for n, s in by_name.items() if s.recorded_by == OWN_DEVICE} == {"Sam", "Dan", "Lee"}
    assert by_name["Pat"].recorded_by == "Alex"
    history = store.score_history(db, round_.id, by_name["Sam"].participant_id)
    assert [(h.value, h.reason, h.one_higher) for h in history] == [
        (8.5, "Gran helps", "a plan"),
        (5.0, "On reflection", ""),
    ]


async def test_an_open_round_becomes_private_for_phones_only_when_asked(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT[:2])
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe?",
        pair_id=None,
        ten_means="Safe",
        zero_means="Hurt",
        mode=RoundMode.OPEN,
    )
    first = store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Make round 1 private, for phones?" in shown(pilot, "#confirm-question")
        await pilot.press("escape")  # not now: nothing changes
        await settled(pilot)
        assert store.load(db, meeting_id).scales[0].rounds[0].mode is RoundMode.OPEN
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await pilot.press("shift+tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, PhoneLinks), "the links")
        await pilot.press("escape")
        await settled(pilot)
    rounds = store.load(db, meeting_id).scales[0].rounds
    assert [(r.id, r.mode) for r in rounds] == [(first.id, RoundMode.PRIVATE)]  # no empty round


async def test_leaving_the_meeting_asks_then_stops_the_phones(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT[:2])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        await pilot.press("escape")  # out of the Number box, to the round's list
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Phones are still taking answers" in shown(pilot, "#confirm-question")
        await pilot.press("shift+tab", "enter")
        await until(
            pilot,
            lambda: not any(isinstance(s, MeetingScreen) for s in app.screen_stack),
            "the meetings list",
        )
        async with httpx.AsyncClient() as c:
            with pytest.raises(httpx.TransportError):
                await c.get(links["Sam"])


async def test_the_laptop_says_so_when_no_phone_reaches_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import screens.phones

    monkeypatch.setattr(screens.phones, "QUIET_AFTER", 0.0)
    meeting_id = seed_meeting(db, EIGHT[:2])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_and_take_phones(pilot)
        await until(
            pilot,
            lambda: "No phone has reached the laptop yet" in shown(pilot, "#round-phones"),
            "the word that phones cannot reach it",
        )
        # The facilitator stops the phones and goes round with the laptop.
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, PhoneLinks), "the links")
        await pilot.press("ctrl+x")
        await until(pilot, lambda: meeting_screen(pilot).phones.seats is None, "phones off")
        assert not app.screen.query_one("#round-phones").display


async def test_a_page_of_every_link_is_written_to_print_and_deleted_after(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT[:3])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, PhoneLinks), "the links")
        await pilot.press("ctrl+w")
        await until(pilot, lambda: bool(meeting_screen(pilot).phones.printed), "the page")
        page = meeting_screen(pilot).phones.printed[0]
        assert (page.stat().st_mode & 0o777) == 0o600
        text = page.read_text()
        assert all(url in text for url in links.values())
        assert text.count("<svg") == 4  # the room's code and each person's
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, PhoneLinks), "the links")
        await pilot.press("ctrl+x")
        await until(pilot, lambda: not Path(page).exists(), "the page to be deleted")


def test_the_phones_are_served_only_where_asked() -> None:
    assert checked_host(RoomSettings(host="192.168.1.20")) == "192.168.1.20"
    assert checked_host(RoomSettings(host="127.0.0.1")) == "127.0.0.1"
    for host, words in (
        ("0.0.0.0", "every network"),
        ("::", "every network"),
        ("8.8.8.8", "public address"),
        ("laptop.example", "not an address"),
    ):
        with pytest.raises(RoomProblem, match=words):
            checked_host(RoomSettings(host=host))
    assert checked_host(RoomSettings(host="8.8.8.8", public=True)) == "8.8.8.8"
    with pytest.raises(RoomProblem, match="both the certificate"):
        checked_host(RoomSettings(host="127.0.0.1", cert=Path("c.pem")))


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, as a council's IT team would provide one for the laptop."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = folder / "room.pem", folder / "room.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


async def test_with_the_councils_certificate_phones_answer_over_https(
    db: Database, tmp_path: Path
) -> None:
    import signal
    import ssl

    cert, key = self_signed(tmp_path)
    meeting_id = seed_meeting(db, EIGHT[:2])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=RoomSettings(host="127.0.0.1", cert=cert, key=key))
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
        await pilot.press("enter")
        await settled(pilot)
        links = await take_phones(pilot)
        assert all(url.startswith("https://127.0.0.1:") for url in links.values())
        assert "(not encrypted)" not in shown(pilot, "#round-phones")
        # The server keeps to the app's own handling of SIGTERM and SIGHUP.
        assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before
        async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=str(cert))) as c:
            assert (await answer(c, links["Sam"], number="5", why="over https")).status_code == 303
        async with httpx.AsyncClient() as plain_client:
            with pytest.raises(httpx.TransportError):  # not trusted without the council's CA
                await plain_client.get(links["Dan"])
            with pytest.raises(httpx.TransportError):  # and never served in plain HTTP
                await plain_client.get(links["Dan"].replace("https://", "http://"))
        await settled(pilot)
    scores = store.load(db, meeting_id).scales[0].rounds[0].scores
    assert [(s.name, s.reason, s.recorded_by) for s in scores] == [
        ("Sam", "over https", OWN_DEVICE)
    ]


async def test_a_certificate_that_cannot_be_read_is_said_plainly(
    db: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-cert.pem"
    bad.write_text("nothing here")
    meeting_id = seed_meeting(db, EIGHT[:2])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=RoomSettings(host="127.0.0.1", cert=bad, key=bad))
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("ctrl+y")
        await until(
            pilot,
            lambda: "Phones not started" in shown(pilot, "#meeting-status"),
            "the reason the phones did not start",
        )
        assert "--room-cert" in shown(pilot, "#meeting-status")
        assert meeting_screen(pilot).phones.seats is None


async def test_a_flood_from_one_address_leaves_the_room_and_the_laptop_working(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, EIGHT[:3])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        flood = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(local_address="127.0.0.66"))
        async with flood:
            began = time.monotonic()
            replies = [await flood.get(links["Sam"]) for _ in range(1000)]
            took = time.monotonic() - began
            codes = [reply.status_code for reply in replies]
            # A burst, then one a second however long the flood took (a busy machine is slow).
            limit = RateLimit()
            allowed = limit.burst + took * limit.rate + 1
            assert codes.count(200) <= allowed
            assert codes.count(429) >= 1000 - allowed
            refused = next(reply for reply in replies if reply.status_code == 429)
            assert "sent too much too quickly" in refused.text
            # The flood's own try to answer is refused too: nothing is stored.
            sent = await flood.post(links["Sam"], data={"number": "1", "why": "flood"})
            assert sent.status_code in (409, 429)
        # Another phone still answers, and the laptop still takes a typed entry.
        other = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(local_address="127.0.0.67"))
        async with other:
            assert (await answer(other, links["Dan"], number="4", why="fine")).status_code == 303
        await burst(pilot, "5", "enter", *"typed here", "enter", "enter")
        await settled(pilot)
    scores = store.load(db, meeting_id).scales[0].rounds[0].scores
    assert sorted((s.name, s.reason) for s in scores) == [("Dan", "fine"), ("Sam", "typed here")]


async def test_a_scale_for_each_child_takes_one_answer_per_child_from_a_phone(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, EIGHT[:2])
    private_scale(db, meeting_id, children="Ava, Ben")
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        async with httpx.AsyncClient() as c:
            page = (await c.get(links["Sam"])).text
            assert "About Ava" in page and "About Ben" in page
            assert "id='number'" in page and "id='number-2'" in page
            forms = re.findall(r"name='form' value='([^']+)'", page)
            ben = await c.post(links["Sam"], data={"form": forms[1], "number": "3", "why": "Ben"})
            assert ben.status_code == 303
            after = (await c.get(links["Sam"])).text
            assert "Saved about Ben" in after and "About Ava" in after
            assert (await answer(c, links["Sam"], number="6", why="Ava")).status_code == 303
        await settled(pilot)
    scores = store.load(db, meeting_id).scales[0].rounds[0].scores
    assert sorted((s.child, s.value, s.reason) for s in scores) == [
        ("Ava", 6.0, "Ava"),
        ("Ben", 3.0, "Ben"),
    ]


async def test_script_sent_from_a_phone_is_only_ever_text(db: Database) -> None:
    from sos_meeting.exports.render import render

    script = "<script>alert('phone')</script> [bold]not markup[/bold]"
    meeting_id = seed_meeting(db, EIGHT[:1])
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=LOOPBACK)
    async with app.run_test(size=(100, 34)) as pilot:
        links = await open_and_take_phones(pilot)
        async with httpx.AsyncClient() as c:
            assert (await answer(c, links["Sam"], number="2", why=script)).status_code == 303
        await settled(pilot)
        await pilot.press("ctrl+r")
        await settled(pilot)
        await until(pilot, lambda: "[bold]not markup[/bold]" in screen_text(pilot), "reasons")
        assert "<script>alert('phone')</script>" in screen_text(pilot)  # shown as typed
    page = render(db, meeting_id, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
