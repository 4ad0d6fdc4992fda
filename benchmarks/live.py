"""Save to the other screens: one app saves a map item, and the time until each other app
showing the meeting has it painted (2 and 10 apps on one meeting, on an SQLite file and on
the PostgreSQL server when it is there)."""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

from benchmarks.through_ui import Timing, painted, send, until

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _meeting(where: str) -> int:
    from datetime import date

    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Group, MeetingKind, Step

    db = open_database(where)
    try:
        meeting = store.create_meeting(
            db,
            kind=MeetingKind.CONFERENCE,
            title="Shared meeting",
            held_on=date(2026, 11, 27),
            case_ref="CP-1",
            facilitator="Chair",
        )
        for n in range(8):
            store.add_participant(
                db, meeting.id, name=f"P{n}", role="r", agency="", group=Group.PROFESSIONAL
            )
        store.set_place(db, meeting.id, Step.MAPPING)
        return meeting.id
    finally:
        db.close()


def now() -> float:
    """A clock every process on this machine shares (so one can time another's paint)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


async def _open_meeting(app: Any) -> None:
    from screens.mapping import ColumnList
    from screens.meeting import MeetingScreen

    await until(lambda: app.screen.query("#meetings").first().row_count > 0)
    send(app, "enter")
    await until(
        lambda: (
            isinstance(app.screen, MeetingScreen)
            and bool(app.screen.query(ColumnList))
            and app.focused is not None
        )
    )


def _shown(app: Any, text: str) -> bool:
    from screens.mapping import ColumnList

    listing = app.screen.query_one("#column-worries", ColumnList)
    return any(item.text == text for item in listing.shown)


async def watching_app(where: str, entries: int) -> None:
    """One of the other apps (run in a process of its own, as on another laptop): open the
    meeting, say so, then say when each item is painted."""
    from screens.app import SosMeetingApp
    from sos_meeting.database import open_database

    db = open_database(where)
    app = SosMeetingApp(database=db)
    try:
        async with app.run_test(size=(100, 30)):
            await _open_meeting(app)
            print("ready", flush=True)
            for n in range(entries):
                # Looked for every millisecond, not in a busy loop: nine of these share two cores.
                while not _shown(app, f"Item {n}"):
                    await asyncio.sleep(0.001)
                await painted(app)
                print(f"painted {n} {now()!r}", flush=True)
    finally:
        db.close()


async def save_to_other_screens(where: str, apps: int, entries: int) -> Timing:
    """Enter on one app's map item to that item painted on each of the others, each app in a
    process of its own (all on this machine's cores)."""
    from screens.app import SosMeetingApp
    from sos_meeting.database import open_database

    _meeting(where)
    others = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.live", where, str(entries),
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(apps - 1)
    ]  # fmt: skip
    db = open_database(where)
    typing = SosMeetingApp(database=db)
    times: list[float] = []
    try:
        for other in others:
            assert other.stdout is not None
            assert (await other.stdout.readline()).startswith(b"ready")
        async with typing.run_test(size=(100, 30)):
            await _open_meeting(typing)
            for n in range(entries):
                text = f"Item {n}"
                for character in text:
                    send(typing, character if character != " " else "space", character)
                await until(lambda text=text: getattr(typing.focused, "value", "") == text)  # type: ignore[misc]
                began = now()
                send(typing, "enter")
                for other in others:
                    assert other.stdout is not None
                    word, number, at = (await other.stdout.readline()).split()
                    assert word == b"painted" and int(number) == n
                    times.append(float(at) - began)
    finally:
        db.close()
        for other in others:
            if other.returncode is None:
                other.kill()
            await other.wait()
    return Timing(f"Save to the other screens painted, {apps} apps on one meeting", times)


def server_database() -> str | None:
    """A new database on the server for one run, or None where there is no server."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"sos_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        return None
    finally:
        admin.dispose()
    return f"{SERVER}/{name}"


def drop_server_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[-1]
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


if __name__ == "__main__":
    asyncio.run(watching_app(sys.argv[1], int(sys.argv[2])))
