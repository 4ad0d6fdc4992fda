"""A room of phones answering at once, and what the facilitator feels meanwhile.

The phones run in a process of their own (as they would on their own devices), each from
its own loopback address: each opens its link, then sends a number and a reason, spread
over a few seconds. Meanwhile keys are typed into the round's "Why?" box on the laptop and
timed from key to letter painted, beside the same figure for a bare Textual Input.

Run alone as the phones: `python -m benchmarks.phones SECONDS URL...` prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.through_ui import Timing, key_to_painted, painted, send, until


async def _phone(n: int, url: str, delay: float) -> tuple[int, float]:
    """Open the link, answer; the final status and seconds from sending to the reply."""
    import httpx

    await asyncio.sleep(delay)
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{10 + n}")
    async with httpx.AsyncClient(transport=transport, timeout=60) as client:
        page = await client.get(url)
        found = re.search(r"name='form' value='([^']+)'", page.text)
        if found is None:
            return page.status_code, 0.0
        began = time.perf_counter()
        reply = await client.post(
            url,
            data={"form": found.group(1), "number": str(n % 11), "why": f"Phone {n}'s reason"},
        )
        return reply.status_code, time.perf_counter() - began


async def swarm(seconds: float, urls: list[str]) -> dict[str, Any]:
    gap = seconds / max(1, len(urls))
    began = time.perf_counter()
    done = await asyncio.gather(*(_phone(n, u, n * gap) for n, u in enumerate(urls)))
    return {
        "statuses": [status for status, _ in done],
        "replies": [took for _, took in done],
        "seconds": time.perf_counter() - began,
    }


def bench_round(db_path: Path, people: int) -> tuple[int, int]:
    """A meeting of `people`, all present, with a private round open: (meeting, scale)."""
    from datetime import date

    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Group, MeetingKind, RoundMode, Step

    db = open_database(str(db_path))
    try:
        meeting = store.create_meeting(
            db, kind=MeetingKind.CONFERENCE, title="Phones family", held_on=date(2026, 11, 26)
        )
        for n in range(people):
            store.add_participant(
                db, meeting.id, name=f"Person {n}", role="Role", group=Group.NETWORK
            )
        scale = store.save_scale(
            db,
            meeting.id,
            question="How safe?",
            pair_id=None,
            ten_means="Safe enough to close",
            zero_means="Certainly hurt again",
            mode=RoundMode.PRIVATE,
        )
        store.start_round(db, scale.id)
        store.set_place(db, meeting.id, Step.SCALING, scale.id)
        return meeting.id, scale.id
    finally:
        db.close()


async def phones_answering(db_path: Path, phones: int, seconds: float) -> dict[str, Any]:
    """Run the app, take phones, let `phones` answer over `seconds` while keys are timed."""
    from textual.widgets import Input

    from screens.app import SosMeetingApp
    from screens.meeting import MeetingScreen
    from screens.phone_links import PhoneLinks
    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.phones.settings import RoomSettings

    meeting_id, scale_id = bench_round(db_path, phones)
    db = open_database(str(db_path))
    app = SosMeetingApp(database=db, room=RoomSettings(host="127.0.0.1"))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.screen.open_meeting(meeting_id)  # type: ignore[attr-defined]
            await until(
                lambda: (
                    isinstance(app.screen, MeetingScreen)
                    and app.screen.record is not None
                    and not app.holding_keys
                )
            )
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            send(app, "ctrl+y")
            await until(lambda: isinstance(app.screen, PhoneLinks))
            send(app, "escape")
            await until(lambda: app.screen is screen)
            urls = [url for _, url in screen.phones.links()]
            box = screen.query_one("#score-reason", Input)
            box.focus()
            await until(lambda: app.focused is box)
            await painted(app)
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "benchmarks.phones",
                str(seconds),
                *urls,
                stdout=subprocess.PIPE,
            )
            output = asyncio.ensure_future(process.communicate())
            keys: list[float] = []
            while not output.done():
                if len(box.value) > 60:
                    box.value = ""
                expected = len(box.value) + 1

                def typed(e: int = expected) -> bool:
                    return len(box.value) == e

                keys.append(await key_to_painted(app, "a", typed, "a"))
                await asyncio.sleep(0.05)  # about 15 keys a second, a fast typist
            result: dict[str, Any] = json.loads((await output)[0])
            await until(lambda: not screen.waiting)
            record = store.load(db, meeting_id)
            round_ = record.scale(scale_id).current_round  # type: ignore[union-attr]
            result["saved"] = len(round_.scores) if round_ else 0
            result["keys"] = Timing("key to letter painted in the round", keys)
            return result
    finally:
        db.close()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(swarm(float(sys.argv[1]), sys.argv[2:]))))
