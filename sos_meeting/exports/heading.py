"""What heads every page of every export: the protective marking and the organisation's
name, from the settings file (`marking`, `organisation`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Heading:
    marking: str = ""
    """Such as OFFICIAL-SENSITIVE."""
    organisation: str = ""

    def line(self) -> str:
        """'OFFICIAL-SENSITIVE · Anytown Council', or '' when neither is set."""
        return " · ".join(part for part in (self.marking, self.organisation) if part)


def heading_from_settings() -> Heading:
    from sos_meeting.config import load_settings

    settings = load_settings()
    return Heading(settings.marking, settings.organisation)
