"""Checking what people type: scores and plain text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sos_meeting.text import (
    InputError,
    _cleaned,
    clean,
    format_score,
    optional,
    parse_score,
    required,
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("10", 10.0),
        ("6.5", 6.5),
        ("6,5", 6.5),
        ("6½", 6.5),
        (" 4 ", 4.0),
        ("½", 0.5),
        ("10.0", 10.0),
    ],
)
def test_scores_people_type_are_read(typed: str, value: float) -> None:
    assert parse_score(typed).value == value


@pytest.mark.parametrize("typed", ["pass", "PASS", "p", "-"])
def test_pass_is_a_pass_not_a_score(typed: str) -> None:
    assert parse_score(typed).passed


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("11", "above 10"),
        ("-1", "below 0"),
        ("seven", "not a number"),
        ("7.25", "between halves"),
        ("", "Please give a number"),
        ("10.5", "above 10"),
        ("1e1", "not a number"),
    ],
)
def test_bad_scores_are_refused_with_a_reason(typed: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_score(typed)


def test_control_characters_and_escape_sequences_are_removed() -> None:
    assert clean("Sam\x1b[31m red\x07\x00") == "Sam[31m red"
    assert clean("line one\nline two") == "line one line two"
    assert clean("line one\r\nline two", multiline=True) == "line one\nline two"
    assert clean("\u202eevil") == "evil"


def test_unicode_and_right_to_left_names_are_kept() -> None:
    assert clean("سارا 👩‍👧 Zoë") == "سارا 👩‍👧 Zoë"


def test_empty_and_whitespace_are_refused() -> None:
    with pytest.raises(InputError, match="Please write a name"):
        required("  \t ", "a name")
    assert optional("   ", "the role") == ""


def test_too_long_is_refused_with_the_length() -> None:
    with pytest.raises(InputError, match="201 characters"):
        required("x" * 201, "a name")


def test_format_score() -> None:
    assert [format_score(v) for v in (7.0, 6.5, 6.75, None)] == ["7", "6.5", "6.75", "pass"]


@given(st.text())
def test_clean_never_leaves_control_characters(text: str) -> None:
    cleaned = clean(text, multiline=True)
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in cleaned)


@given(
    st.text()
    | st.text(alphabet="ab \t\r\n\x1b\x85\u202e\u2067e\u0301\u00e9\ufeff\u2028 ")
    | st.text(alphabet=st.characters(codec="utf-8")),
    st.booleans(),
)
def test_the_quick_path_cleans_exactly_as_the_full_one(text: str, multiline: bool) -> None:
    assert clean(text, multiline=multiline) == _cleaned(text, multiline=multiline)


@given(st.text(max_size=12))
def test_parse_score_accepts_only_halves_from_0_to_10(typed: str) -> None:
    try:
        entry = parse_score(typed)
    except InputError:
        return
    assert entry.value is None or (0 <= entry.value <= 10 and (entry.value * 2).is_integer())
