"""Encryption at rest: no plain text in the files, stock SQLite and wrong keys both fail."""

from __future__ import annotations

import builtins
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import DatabaseProblem, open_database
from sos_meeting.domain import Column

from .conftest import seed_meeting

pytest.importorskip("sqlcipher3", reason="SQLCipher is in the dev dependencies")

KEY = "correct horse 'battery' staple"
SENTENCE = "Dad hit Mum in the kitchen on the night of 3 June"


def all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_nothing_readable_without_the_passphrase(db_path: Path) -> None:
    db = open_database(str(db_path), passphrase=KEY)
    meeting_id = seed_meeting(db)
    store.add_item(db, meeting_id, Column.WORRIES, SENTENCE)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    sam = store.load(db, meeting_id).participants[0]
    store.record_score(db, round_id, sam.id, typed="3", reason=SENTENCE)
    # While open, the write-ahead log holds the newest pages: they are encrypted too.
    assert Path(f"{db_path}-wal").exists()
    assert SENTENCE.encode() not in all_bytes(db_path)
    assert b"Family A" not in all_bytes(db_path)
    db.close()
    assert SENTENCE.encode() not in all_bytes(db_path)
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(db_path) as stock:
        stock.execute("SELECT * FROM map_item").fetchall()
    with pytest.raises(DatabaseProblem, match="passphrase does not open"):
        open_database(str(db_path), passphrase="wrong")
    with pytest.raises(DatabaseProblem, match="--encrypt"):
        open_database(str(db_path))
    again = open_database(str(db_path), passphrase=KEY)
    assert store.load(again, meeting_id).items[0].text == SENTENCE
    again.close()


def test_backups_stay_encrypted(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(str(db_path), passphrase=KEY)
    meeting_id = seed_meeting(db)
    store.add_item(db, meeting_id, Column.WORRIES, SENTENCE)
    db.close()
    monkeypatch.setenv("SOS_MEETING_PASSPHRASE", KEY)
    copy = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "--encrypt", "backup", str(copy)]) == 0
    assert SENTENCE.encode() not in copy.read_bytes()
    with pytest.raises(DatabaseProblem):
        open_database(str(copy))
    restored = open_database(str(copy), passphrase=KEY)
    assert store.load(restored, meeting_id).items[0].text == SENTENCE
    restored.close()


def test_a_plain_database_is_converted(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(str(db_path))
    meeting_id = seed_meeting(db)
    store.add_item(db, meeting_id, Column.WORRIES, SENTENCE)
    db.close()
    assert SENTENCE.encode() in all_bytes(db_path)
    with pytest.raises(DatabaseProblem, match="not encrypted"):
        open_database(str(db_path), passphrase=KEY)
    monkeypatch.setenv("SOS_MEETING_PASSPHRASE", KEY)
    assert main(["--db", str(db_path), "encrypt"]) == 0
    assert SENTENCE.encode() not in all_bytes(db_path)
    assert (db_path.stat().st_mode & 0o777) == 0o600
    converted = open_database(str(db_path), passphrase=KEY)
    assert store.load(converted, meeting_id).items[0].text == SENTENCE
    converted.close()


def test_without_sqlcipher_the_app_says_how_to_add_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_sqlcipher(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("sqlcipher3"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sqlcipher)
    with pytest.raises(DatabaseProblem, match=r"uv pip install 'sos-meeting\[encryption\]'"):
        open_database(str(db_path), passphrase=KEY)
    assert not db_path.exists()


def test_no_passphrase_without_a_terminal(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "--encrypt", "list"]) == 2
    assert "SOS_MEETING_PASSPHRASE" in capsys.readouterr().err


def test_an_export_of_an_encrypted_database_says_it_is_plain(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The export is readable text by design; the person writing it is told so."""
    db = open_database(str(db_path), passphrase=KEY)
    meeting_id = seed_meeting(db)
    db.close()
    monkeypatch.setenv("SOS_MEETING_PASSPHRASE", KEY)
    output = tmp_path / "minute.md"
    assert (
        main(["--db", str(db_path), "--encrypt", "export", str(meeting_id), "-o", str(output)]) == 0
    )
    assert "This file is not encrypted, though the database is" in capsys.readouterr().err
