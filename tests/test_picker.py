"""The one picker used for scales, children and categories: it shows what it offers."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Select

from screens.plain import Picker


class OnePicker(App[None]):
    def compose(self) -> ComposeResult:
        yield Picker[int]([("+ New scale", 0)], id="picker", allow_blank=False)


def shown(app: App[None]) -> str:
    return str(app.query_one("#picker", Picker).query_one("SelectCurrent Static").render())


async def test_the_chosen_option_renamed_shows_its_new_words() -> None:
    """Select shows a choice's words only when the choice changes, so the same choice
    offered under new words (a scale renamed on another laptop, or "+ New scale" given its
    key) kept showing the old ones."""
    app = OnePicker()
    async with app.run_test() as pilot:
        picker: Picker[int] = app.query_one("#picker", Picker)
        await pilot.pause()
        assert shown(app) == "+ New scale"
        picker.offer([("+ New scale (ctrl+n)", 0)], 0)
        await pilot.pause()
        assert shown(app) == "+ New scale (ctrl+n)"
        picker.offer([("Safety today", 7), ("+ New scale (ctrl+n)", 0)], 7)
        await pilot.pause()
        assert shown(app) == "Safety today"
        picker.offer([("Safety at home", 7), ("+ New scale (ctrl+n)", 0)])
        await pilot.pause()
        assert (picker.value, shown(app)) == (7, "Safety at home")
        assert picker.value != Select.BLANK
