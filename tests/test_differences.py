"""Why views differ: group medians, who to hear first, questions, attention and movement."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sos_meeting.differences import (
    by_group,
    family_professional_gap,
    follow_ups,
    for_attention,
    hear_first,
    movement,
    movement_in_words,
    no_number_now,
    range_change,
)
from sos_meeting.domain import Group
from sos_meeting.scaling import Mark, spread

F, N, P = Group.FAMILY, Group.NETWORK, Group.PROFESSIONAL


def marks(*given: tuple[float, Group]) -> list[Mark]:
    return [Mark(i + 1, f"P{i + 1}", v, i + 1, g) for i, (v, g) in enumerate(given)]


def test_quartiles_and_middle_half() -> None:
    result = spread(marks((1, F), (2, F), (3, P), (4, P), (5, N)))
    assert result is not None
    assert (result.lower_quartile, result.median, result.upper_quartile) == (2, 3, 4)
    assert result.interquartile_range == 2
    single = spread(marks((6.5, F)))
    assert single is not None and single.interquartile_range == 0


def test_group_medians_and_the_gap_in_words() -> None:
    groups = by_group(marks((6, F), (7, F), (3, P), (2, P), (4, P)))
    assert {g: f.median for g, f in groups.items()} == {F: 6.5, P: 3}
    assert N not in groups  # nobody from the network scored
    assert family_professional_gap(groups) == (
        "The family's median is 6.5 and the professionals' is 3: the family's is 3.5 points higher."
    )
    same = family_professional_gap(by_group(marks((3, F), (3, P))))
    assert same is not None and same.endswith("the same.")
    assert family_professional_gap(by_group(marks((3, F), (5, N)))) is None


def test_hear_first_lowest_highest_then_far_from_their_group() -> None:
    # P5 is a professional at 9 while the other professionals say 2 and 3.
    result = spread(marks((1, F), (10, F), (2, P), (3, P), (9, P), (2.5, P)))
    assert result is not None
    chosen = hear_first(result)
    assert [(h.mark.participant_id, h.why) for h in chosen[:2]] == [
        (1, "the lowest score"),
        (2, "the highest score"),
    ]
    assert chosen[2].mark.participant_id == 5
    assert chosen[2].why == "6.25 points from the professionals' median of 2.75"


def test_all_equal_hear_from_nobody_first() -> None:
    result = spread(marks((5, F), (5, P)))
    assert result is not None and hear_first(result) == []


def test_follow_up_questions_fill_in_the_number() -> None:
    assert follow_ups(3) == [
        "What makes it a 3 and not a 0?",
        "What would a 4 look like?",
        "What would a 10 look like?",
        "What is a small next step?",
    ]
    assert follow_ups(0)[0] == "What would a 1 look like?"
    assert follow_ups(8)[0] == "What makes it an 8 and not a 0?"
    assert follow_ups(7)[1] == "What would an 8 look like?"
    assert "What would a 10 look like?" not in follow_ups(10)
    assert follow_ups(6.5)[1] == "What would a 7.5 look like?"
    assert follow_ups(9)[1:3] == ["What would a 10 look like?", "What is a small next step?"]


def test_attention_at_or_below_the_threshold() -> None:
    flagged = for_attention(marks((2, F), (5, P), (0.5, N), (2.5, P)), 2)
    assert [m.value for m in flagged] == [0.5, 2]
    assert for_attention(marks((3, F)), 2) == []


def test_movement_between_rounds() -> None:
    before = marks((4, F), (8, P), (5, N))
    after = marks((6, F), (7, P))
    moves = movement(before, after)
    # P3 gave no number in the second round: not "moved from 5 to pass".
    assert [str(m) for m in moves] == ["P1 moved from 4 to 6", "P2 moved from 8 to 7"]
    assert movement_in_words(before, after) == (
        "P1 moved from 4 to 6; P2 moved from 8 to 7. No number this round from P3."
    )
    was, now = spread(before), spread(after)
    assert was is not None and now is not None
    assert range_change(was, now) == "Views came closer: the range narrowed from 4 to 1 point."
    assert range_change(now, was).startswith("Views moved apart: the range widened from 1 to 4")
    assert range_change(now, now) == "The range stayed at 1 point."


halves = st.integers(0, 20).map(lambda n: n / 2)
scored = st.lists(st.tuples(halves, st.sampled_from(list(Group))), min_size=1, max_size=15)


@given(scored)
def test_figures_hold_for_any_round(given_marks: list[tuple[float, Group]]) -> None:
    round_marks = marks(*given_marks)
    result = spread(round_marks)
    assert result is not None
    assert result.lowest <= result.lower_quartile <= result.median
    assert result.median <= result.upper_quartile <= result.highest
    for figures in by_group(round_marks).values():
        values = [m.value for m in figures.marks]
        assert min(values) <= figures.median <= max(values)
    chosen = hear_first(result)
    assert len({h.mark.participant_id for h in chosen}) == len(chosen)
    if result.range > 0:
        assert chosen[0].mark.value == result.lowest and chosen[1].mark.value == result.highest


@given(scored, scored)
def test_movement_names_everyone_once(
    first: list[tuple[float, Group]], second: list[tuple[float, Group]]
) -> None:
    before, after = marks(*first), marks(*second)
    moves = movement(before, after)
    # Only people with a number in both rounds move; the rest are named as giving none now.
    both = {m.participant_id for m in before} & {m.participant_id for m in after}
    assert {m.participant_id for m in moves} == both
    assert len(moves) == len(both)
    gone = {m.participant_id for m in no_number_now(before, after)}
    assert gone == {m.participant_id for m in before} - both
    assert "pass" not in movement_in_words(before, after)
