"""The bar at the top of each screen, which lets go of the screen once it is closed."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Header


class TitleBar(Header):
    """Textual's header, minus a leak: it watches the app's title, and the app keeps those
    watchers (and with them the closed header and everything it drew) until the title next
    changes, which in this app is never. So one screen's worth of drawing was kept for every
    meeting opened and left. When it closes, the app's list of watchers is pruned."""

    def on_unmount(self) -> None:
        # Closing now, so the app drops this header's watchers when it checks them.
        self.app.mutate_reactive(App.title)
        self.app.mutate_reactive(App.sub_title)
