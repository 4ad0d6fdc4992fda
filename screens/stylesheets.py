"""Where the app's stylesheets are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path, PurePath


def stylesheets(name: str = "app.tcss") -> list[str | PurePath]:
    """A stylesheet, as CSS_PATH takes it: inside the package when installed, in styles/ in
    a checkout. `app.tcss` is the app's (home, forms, dialogs); a screen of its own may add
    one, read when it is first shown."""
    here = Path(__file__).parent
    folder = here / "styles"
    if not folder.is_dir():
        folder = here.parent / "styles"
    return [folder / name]
