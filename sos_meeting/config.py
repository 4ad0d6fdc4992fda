"""The facilitator's own settings: a TOML file in the platform's config folder.

    facilitator = "Alex Morgan"            # filled in on each new meeting
    organisation = "Anytown Council"      # heads every page of every export
    marking = "OFFICIAL-SENSITIVE"        # the protective marking, likewise
    database = "~/meetings/team.db"       # when neither --db nor $SOS_MEETING_DB is given
    export_folder = "~/Documents/sos-meeting"
    theme = "sos-high-contrast"           # set by choosing a theme in the app (ctrl+p)

    [keymap]                              # a key for any command, by the command's id
    scale-phones = "ctrl+f"

A file that cannot be read is reported where the facilitator is looking, and the app runs
on its defaults; nothing in it is ever needed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

CONFIG_VAR = "SOS_MEETING_CONFIG"
"""Names another config file (for a shared laptop, or a test)."""
TEXT_KEYS = ("facilitator", "organisation", "marking", "database", "export_folder", "theme")
LONGEST = 200


@dataclass(frozen=True, slots=True)
class Settings:
    facilitator: str = ""
    organisation: str = ""
    marking: str = ""
    database: str = ""
    export_folder: str = ""
    theme: str = ""
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    problem: str = ""
    """Why (part of) the file was not used, in plain words; '' when all is well."""


def config_path() -> Path:
    """Where the settings are: $SOS_MEETING_CONFIG, else the platform's config folder."""
    named = os.environ.get(CONFIG_VAR)
    if named:
        return Path(named).expanduser()
    return _config_folder() / "sos-meeting" / "config.toml"


def _config_folder() -> Path:
    """The platform's config folder, as platformdirs names it (read before the first paint,
    so without importing platformdirs, which alone costs several milliseconds)."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    if sys.platform == "darwin":
        return home / "Library" / "Application Support"
    return Path(os.environ.get("XDG_CONFIG_HOME", "").strip() or home / ".config")


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the file (none if there is no file). A file that cannot be read, or a
    value of the wrong kind, is named in `problem`; the rest is used."""
    path = path or config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(problem=f"The settings in {path} could not be read ({error.strerror}).")
    import tomllib

    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(
            problem=f"The settings in {path} were not used: {error}. The app runs as if the "
            "file were empty until it is put right."
        )
    wrong: list[str] = []
    values: dict[str, str] = {}
    for key in TEXT_KEYS:
        value = table.get(key, "")
        if isinstance(value, str) and len(value) <= LONGEST and value.isprintable():
            values[key] = value.strip()
        else:
            wrong.append(key)
    keymap: dict[str, str] = {}
    given = table.get("keymap", {})
    if isinstance(given, dict):
        for binding, keys in given.items():
            if isinstance(keys, str) and keys.strip():
                keymap[str(binding)] = keys.strip()
            else:
                wrong.append(f"keymap.{binding}")
    else:
        wrong.append("keymap")
    unknown = sorted(set(table) - {*TEXT_KEYS, "keymap"})
    notes = []
    if wrong:
        notes.append(f"not used (each must be a line of text): {', '.join(wrong)}")
    if unknown:
        notes.append(f"not known: {', '.join(unknown)}")
    problem = f"In {path}, " + "; ".join(notes) + "." if notes else ""
    return Settings(**values, keymap=MappingProxyType(keymap), problem=problem)


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Keep the chosen theme for next time: the file's `theme` line is replaced (or added),
    and the rest of the file, comments included, is left as it was."""
    path = path or config_path()
    line = f'theme = "{theme}"'
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    pattern = re.compile(r"^theme\s*=.*$", re.MULTILINE)
    if pattern.search(text.split("\n[", 1)[0]):
        head, sep, rest = text.partition("\n[")
        text = pattern.sub(line, head, count=1) + sep + rest
    else:
        text = f"{line}\n{text}"
    from sos_meeting.destinations import make_private_folder, write_atomically

    make_private_folder(path.parent)

    def fill(into: Path) -> None:
        into.write_text(text, encoding="utf-8")

    write_atomically(path, fill)


def describe(settings: Settings, path: Path) -> str:
    """What `sos-meeting config` prints: where the file is and what is set."""
    lines = [f"Settings file: {path}" + ("" if path.exists() else " (not created yet)")]
    for key in TEXT_KEYS:
        value = getattr(settings, key)
        lines.append(f"  {key:<14} {value if value else '(not set)'}")
    if settings.keymap:
        lines.append("  keymap")
        lines += [f"    {binding} = {keys}" for binding, keys in settings.keymap.items()]
    if settings.problem:
        lines.append(settings.problem)
    if not path.exists():
        lines.append(
            "Create it with any of the keys above, one per line, such as: "
            'facilitator = "Alex Morgan"'
        )
    return "\n".join(lines)
