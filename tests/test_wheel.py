"""The app works installed from a built wheel into a fresh environment, stylesheets included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

HEADLESS_START = """
import asyncio, sys
from screens.app import SosMeetingApp
from screens.meeting_list import MeetingList

async def main():
    app = SosMeetingApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#meetings", MeetingList)
        # A rule from styles/app.tcss, so the stylesheet was found and applied.
        assert str(table.styles.height) == "1fr", table.styles.height
        print("started", type(app.screen).__name__, app.db is not None)

asyncio.run(main())
"""


@pytest.mark.slow
def test_built_wheel_installs_and_starts(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (the README's quick start installs it)")
    dist = tmp_path / "dist"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist)], cwd=ROOT, check=True, capture_output=True
    )
    wheel = next(dist.glob("sos_meeting-*.whl"))
    env_dir = tmp_path / "venv"
    subprocess.run(
        [uv, "venv", "--python", sys.executable, str(env_dir)], check=True, capture_output=True
    )
    python = env_dir / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--python", str(python), str(wheel)], check=True, capture_output=True
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    outside = tmp_path / "elsewhere"  # not the checkout, so nothing is imported from it
    outside.mkdir()
    listing = subprocess.run(
        [str(python), "-c", "import screens, sos_meeting; print(screens.__file__)"],
        cwd=outside,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in listing.stdout
    installed = Path(listing.stdout.strip()).parent
    assert (installed / "styles" / "app.tcss").is_file()
    assert (installed / "styles" / "meeting.tcss").is_file()
    assert not (installed.parent / "styles").exists()  # no top-level "styles" package
    started = subprocess.run(
        [str(python), "-c", HEADLESS_START, str(tmp_path / "data" / "m.db")],
        cwd=outside,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr[-2000:]
    assert "started HomeScreen True" in started.stdout
    command = env_dir / "bin" / "sos-meeting"
    listed = subprocess.run(
        [str(command), "--db", str(tmp_path / "data" / "m.db"), "list"],
        cwd=outside,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "No meetings yet." in listed.stdout
