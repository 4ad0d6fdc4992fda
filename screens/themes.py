"""The app's own theme: high contrast, for a projector in a bright room or a facilitator who
needs it. Textual's themes are all offered too (ctrl+p, Theme)."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="sos-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff6e6e",
    success="#5cff5c",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#ffffff",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#ffffff",
        "text-disabled": "#d0d0d0",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#ffff00",
        "input-cursor-background": "#ffff00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00 40%",
        "border": "#ffffff",
        "border-blurred": "#a0a0a0",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
    },
)
