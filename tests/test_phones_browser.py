"""Six phones in a real browser (Debian's chromium, driven by Playwright) answering one
private round at once, against the app run by Pilot; then the reveal, and the record."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from screens.app import SosMeetingApp
from screens.privacy import NextPersonScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.phones import OWN_DEVICE
from sos_meeting.phones.settings import RoomSettings
from sos_meeting.text import InputError, parse_score

from .conftest import seed_meeting
from .pilot_helpers import burst, screen_text, settled, shown, until
from .test_phones import meeting_screen, open_and_take_phones
from .test_private_rounds import EIGHT, private_scale

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

ANSWERS = {
    "Sam": ("8.5", "Sam: Gran is there every night", "Sam: a written plan"),
    "Pat": ("3.5", "Pat: the shouting at weekends", ""),
    "Jo": ("4.5", "Jo: the school sees Ava tired", "Jo: a safety person at night"),
    "Kim": ("1.5", "Kim: Ava said she was scared", ""),
}
LEE_FIRST = ("6", "Lee: first thought", "")
LEE_THEN = ("2.5", "Lee: on reflection, lower", "")
OLA = ("9", "Ola: typed on the laptop")
SECRETS = [
    *(part for a in ANSWERS.values() for part in a[:2]),
    *LEE_FIRST[1:2],
    *LEE_THEN[:2],
    *OLA[1:],
]
"""Everything whose sight before the reveal would give away someone's answer."""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("SOS_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is needed for this test (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return found


async def phone(browser: Browser) -> Page:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return await context.new_page()


def not_telling(text: str, own: tuple[str, ...] = ()) -> None:
    """No answer but the page's own is on it."""
    for secret in SECRETS:
        if secret not in own:
            assert secret not in text, secret


async def send(page: Page, number: str, why: str, higher: str = "") -> None:
    await page.fill("#number", number)
    await page.fill("#why", why)
    await page.fill("#higher", higher)
    await page.click("button[name=send]")


async def saved(page: Page, own: tuple[str, ...]) -> None:
    await page.wait_for_selector(".done")
    text = await page.inner_text("body")
    assert "Saved. The facilitator will show everyone's answers together." in text
    not_telling(await page.content(), own)


async def test_six_phones_answer_at_once_and_the_record_is_what_they_typed(
    db: Database, tmp_path: Path
) -> None:
    from playwright.async_api import Error, async_playwright

    browser_path = chromium()
    meeting_id = seed_meeting(db, EIGHT[:7])
    scale_id = private_scale(db, meeting_id)
    app = SosMeetingApp(database=db, room=RoomSettings(host="127.0.0.1"))
    pictures = os.environ.get("SOS_PHONE_SCREENSHOTS")
    async with app.run_test(size=(100, 34)) as pilot, async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"]
        )
        links = await open_and_take_phones(pilot)
        pages = {name: await phone(browser) for name in ("Sam", "Dan", "Pat", "Lee", "Jo", "Kim")}

        async def answers(name: str) -> None:
            page = pages[name]
            await page.goto(links[name])
            text = await page.inner_text("body")
            assert "How safe?" in text and "10 means: Safe enough to close" in text
            if pictures and name == "Sam":
                await page.screenshot(path=f"{pictures}/phone-question.png", full_page=True)
            if name == "Dan":
                await page.click("button[name=pass]")
                await saved(page, ())
            elif name == "Pat":
                await send(page, "11", "")
                problem = await page.inner_text(".problem")
                with pytest.raises(InputError) as expected:
                    parse_score("11")
                assert problem == str(expected.value)
                assert await page.input_value("#number") == "11"
                if pictures:
                    await page.screenshot(path=f"{pictures}/phone-refused.png", full_page=True)
                await send(page, "3.5", "")
                assert await page.inner_text(".problem") == (
                    "Please say why: everyone gives a reason for their number."
                )
                await send(page, *ANSWERS["Pat"])
                await saved(page, ANSWERS["Pat"])
            elif name == "Lee":
                await send(page, *LEE_FIRST)
                await saved(page, LEE_FIRST)
                await page.click("text=Change my answer")
                assert await page.input_value("#number") == "6"
                await send(page, *LEE_THEN)
                await saved(page, LEE_FIRST + LEE_THEN)
            else:
                await send(page, *ANSWERS[name])
                await saved(page, ANSWERS[name])
                if pictures and name == "Sam":
                    await page.screenshot(path=f"{pictures}/phone-saved.png", full_page=True)

        async def laptop() -> None:
            """Ola has no phone: the facilitator types hers, keys back to back."""
            await until(pilot, lambda: "Now: Sam" in shown(pilot, "#round-turn"), "the round")
            screen = meeting_screen(pilot)
            row = [p.seat for p in screen.record.participants if p.name == "Ola"]  # type: ignore[union-attr]
            assert row
            await pilot.press("escape")  # to the round's list, then down to Ola: Enter
            await burst(pilot, *(["down"] * (row[0] - 1)), "enter")
            await burst(pilot, OLA[0], "enter", *OLA[1], "enter", "enter")
            await until(pilot, lambda: isinstance(pilot.app.screen, NextPersonScreen), "cleared")
            await pilot.press("enter")  # the screen cleared between people: back to the round
            await settled(pilot)

        await asyncio.gather(laptop(), *(answers(name) for name in pages))
        await settled(pilot)
        await until(
            pilot, lambda: "Everyone here has scored" in shown(pilot, "#round-waiting"), "all in"
        )
        not_telling(screen_text(pilot))
        for name, page in pages.items():
            await page.reload()
            own = ANSWERS.get(name, LEE_FIRST + LEE_THEN if name == "Lee" else ())
            not_telling(await page.content(), own)
        # The reveal: the laptop shows them together, and every link stops working.
        await pilot.press("ctrl+r")
        await settled(pilot)
        await until(pilot, lambda: meeting_screen(pilot).phones.seats is None, "phones off")
        for page in pages.values():
            with pytest.raises(Error):
                await page.goto(links["Sam"], timeout=10_000)
        await browser.close()

    round_ = store.load(db, meeting_id).scale(scale_id).current_round  # type: ignore[union-attr]
    assert round_ is not None
    current = {s.name: s for s in round_.scores}
    for name, (number, why, higher) in {**ANSWERS, "Lee": LEE_THEN}.items():
        score = current[name]
        assert (score.value, score.reason, score.one_higher) == (float(number), why, higher)
        assert score.recorded_by == OWN_DEVICE
    assert current["Dan"].passed and current["Dan"].recorded_by == OWN_DEVICE
    assert (current["Ola"].value, current["Ola"].reason) == (float(OLA[0]), OLA[1])
    assert current["Ola"].recorded_by == "Alex"
    lee = store.score_history(db, round_.id, current["Lee"].participant_id)
    assert [(h.value, h.reason) for h in lee] == [(6.0, LEE_FIRST[1]), (2.5, LEE_THEN[1])]
    assert len(round_.scores) == 7
