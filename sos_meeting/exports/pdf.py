"""Printing the HTML page to PDF with a browser engine already on the machine (Chromium,
Chrome or Edge, headless). Where there is none, it says how to print the page by hand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ENGINES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
KNOWN_PLACES = (
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
NO_ENGINE = (
    "No browser engine was found to print a PDF (Chromium, Chrome or Edge). Export the page "
    "as HTML instead (--format html), open it in a browser and print it to PDF (A4)."
)
WAIT = 120
"""Seconds the browser has to print the page."""


class PrintProblem(Exception):
    """The PDF could not be made; the message says what to do instead."""


def find_engine() -> str | None:
    """A headless-capable browser on this machine: $SOS_MEETING_BROWSER, the PATH, then
    where Windows and macOS install them."""
    named = os.environ.get("SOS_MEETING_BROWSER")
    if named:
        return named if Path(named).exists() or shutil.which(named) else None
    for name in ENGINES:
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in KNOWN_PLACES if Path(place).exists()), None)


def print_pdf(html: str, engine: str | None = None) -> bytes:
    """The page printed to PDF (A4, with the page's own head and foot)."""
    engine = engine or find_engine()
    if engine is None:
        raise PrintProblem(NO_ENGINE)
    with tempfile.TemporaryDirectory(prefix="sos-meeting-print-") as scratch:
        folder = Path(scratch)
        os.chmod(folder, 0o700)
        page, pdf = folder / "page.html", folder / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            engine,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        if sys.platform.startswith("linux") and os.geteuid() == 0:
            command.insert(2, "--no-sandbox")  # Chromium refuses to run as root otherwise
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=WAIT)
        except (OSError, subprocess.SubprocessError) as error:
            raise PrintProblem(
                f"The browser ({engine}) could not print the page ({type(error).__name__}). "
                "Export it as HTML (--format html) and print it from a browser."
            ) from error
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF"):
            raise PrintProblem(
                f"The browser ({engine}) made no PDF. Export the page as HTML (--format html) "
                "and print it from a browser."
            )
        return data
