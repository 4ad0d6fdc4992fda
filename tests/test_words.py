"""What the room hears read out is good English at every number: 0, 1, 2, 8 and 11."""

from __future__ import annotations

import re

import pytest

from screens.spread_text import figures
from sos_meeting.differences import follow_ups, range_change
from sos_meeting.domain import Group
from sos_meeting.scaling import Mark, headline, spread
from sos_meeting.words import a_score, counted, listed, points

NUMBERS = (0, 1, 2, 8, 11)
BAD = re.compile(r"\b1 (points|scores|pairs|items|people|passes)\b|\ba (8|11)\b|\ban [0-79]\b")


@pytest.mark.parametrize("n", NUMBERS)
def test_counts_and_articles(n: int) -> None:
    assert counted(n, "pair") == (f"{n} pair" if n == 1 else f"{n} pairs")
    assert counted(n, "person", "people") == (f"{n} person" if n == 1 else f"{n} people")
    assert points(n) == (f"{n} point" if n == 1 else f"{n} points")
    assert a_score(n) == (f"an {n}" if n in (8, 11) else f"a {n}")
    assert a_score(8.5) == "an 8.5" and a_score(6.5) == "a 6.5"


@pytest.mark.parametrize("n", NUMBERS)
def test_every_template_reads_right(n: int) -> None:
    marks = [Mark(i, f"P{i}", float(min(10, i % 11)), i, Group.FAMILY) for i in range(1, n + 1)]
    found = spread(marks, passes=n)
    texts: list[str] = []
    if found is not None:
        texts += [figures(found), headline(found)]
        wider = spread([*marks, Mark(99, "Z", 10.0, 99, Group.PROFESSIONAL)])
        assert wider is not None
        texts.append(range_change(found, wider))
    texts += follow_ups(min(10, n))
    for text in texts:
        assert not BAD.search(text), text


def test_names_are_listed_as_said() -> None:
    assert listed([]) == ""
    assert listed(["Sam"]) == "Sam"
    assert listed(["Sam", "Jo"]) == "Sam and Jo"
    assert listed(["Sam", "Jo", "Kim"]) == "Sam, Jo and Kim"


def test_the_headline_leads_with_people_and_the_figures_come_after() -> None:
    marks = [
        Mark(1, "Sarah", 2.0, 1, Group.FAMILY),
        Mark(2, "Tom", 5.0, 2, Group.PROFESSIONAL),
        Mark(3, "Kerry", 7.0, 3, Group.NETWORK),
    ]
    found = spread(marks)
    assert found is not None
    assert headline(found) == (
        "Scores run from 2 to 7: the widest views are Sarah's and Kerry's. Hear from them first."
    )
    assert figures(found) == "Median 5 · middle half of the scores 3.5 to 6 · 3 scores"


def test_the_meetings_list_counts_in_good_english() -> None:
    from datetime import date

    from screens.home import progress
    from sos_meeting.domain import MeetingKind, MeetingSummary, Step

    def summary(n: int) -> MeetingSummary:
        return MeetingSummary(1, date(2026, 11, 26), MeetingKind.CONFERENCE, "A", "", Step.PEOPLE,
                              n, n, n, 0, False)  # fmt: skip

    assert progress(summary(1)) == "1 person, 1 statement, 1 item"
    assert progress(summary(2)) == "2 people, 2 statements, 2 items"
