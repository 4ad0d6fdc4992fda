"""Keeping Python's garbage collector from pausing the screen in the middle of a meeting.

An open meeting is some 200,000 long-lived objects (widgets, styles, the record). Each of
Python's full collections walked all of them (about 100 ms), and one landed on a random
keystroke every few dozen entries: "Saved ✓" then took 130 to 240 ms against about 35 ms.
Once a screen is built, its objects are exempted from collection ("frozen": this costs
nothing), and given back to the collector when the meeting is closed.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Exempt everything alive now from later collections (cycles already unreachable wait
    for `release`)."""
    gc.freeze()


def release() -> None:
    """What was exempted may now be garbage (a meeting was closed): collect it again."""
    gc.unfreeze()
