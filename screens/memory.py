"""Keeping Python's garbage collector from pausing the screen in the middle of a meeting.

An open meeting is some 200,000 long-lived objects (widgets, styles, the record). Each of
Python's full collections walked all of them (about 100 ms), and one landed on a random
keystroke every few dozen entries: "Saved ✓" then took 130 to 240 ms against about 35 ms.
Once a screen is built, its objects are exempted from collection ("frozen": this costs
nothing). When a meeting is closed they are given back and what the meeting left behind is
collected at once, then what lives on is exempted again: frozen garbage is never collected,
and after 40 meetings opened and left it had grown to 800,000 objects, which the next full
collection (on a key typed in Find) took 1.2 s to walk.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Exempt everything alive now from later collections."""
    gc.freeze()


def release() -> None:
    """A meeting was closed: collect what it left behind, then exempt what lives on again.

    Textual's styles keep the last 1,024 widgets' drawings in a cache of their own (keyed by
    the widget's style cache, so a closed screen's lines stay with it); it is emptied too."""
    _forget_drawings()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _forget_drawings() -> None:
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # a later Textual: nothing of this kind to empty
        return
    cache_clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()
