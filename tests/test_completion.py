"""Shell completion, generated from the command line's parser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sos_meeting.cli import build_parser, main
from sos_meeting.completion import script


def complete_in_bash(script_text: str, *words: str) -> list[str]:
    """What bash offers after `sos-meeting WORDS...` (the last word being typed)."""
    program = (
        f"{script_text}\n"
        f"COMP_WORDS=(sos-meeting {' '.join(words)})\n"
        f"COMP_CWORD={len(words)}\n"
        "_sos_meeting\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_bash_completes_commands_options_and_their_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["completion", "bash"]) == 0
    text = capsys.readouterr().out
    assert "complete -o default -F _sos_meeting sos-meeting" in text
    assert complete_in_bash(text, "ex") == ["export"]
    assert set(complete_in_bash(text, "export", "--f")) == {"--format", "--family-version"}
    assert set(complete_in_bash(text, "export", "--format", "d")) == {"docx"}
    assert complete_in_bash(text, "list", "--db", "/nonexistent-folder/x") == []
    assert "--room-host" in complete_in_bash(text, "--room")
    assert complete_in_bash(text, "completion", "f") == ["fish"]


def test_every_command_and_option_of_the_parser_is_offered() -> None:
    parser = build_parser()
    bash = script("bash", parser)
    fish = script("fish", parser)
    for command in ("run", "list", "export", "backup", "retention", "config", "completion"):
        assert command in bash
        assert f"-a {command} " in fish
    for option in ("--format", "--family-version", "--search", "--before", "--room-cert"):
        assert option in bash
        assert f"-l {option[2:]}" in fish


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_other_shells_read_their_script(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"sos-meeting.{shell}"
    path.write_text(script(shell, build_parser()))
    check = ["zsh", "-n", str(path)] if shell == "zsh" else ["fish", "--no-execute", str(path)]
    subprocess.run(check, check=True, capture_output=True)
