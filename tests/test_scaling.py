"""The spread maths and the number line layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from sos_meeting.domain import Group
from sos_meeting.scaling import Mark, describe_range, fit_cells, place_labels, position, spread


def marks(*values: float) -> list[Mark]:
    return [Mark(i + 1, f"P{i + 1}", v, i + 1) for i, v in enumerate(values)]


def test_no_numbers_no_spread() -> None:
    assert spread([], passes=2) is None


def test_one_participant() -> None:
    result = spread(marks(4))
    assert result is not None
    assert (result.lowest, result.highest, result.range, result.median) == (4, 4, 0, 4)
    assert result.furthest_apart is None
    assert describe_range(result) == "One score so far: 4."


def test_ties_name_everyone_at_each_end_in_seating_order() -> None:
    result = spread(marks(2, 8, 2, 8, 5))
    assert result is not None
    assert [m.participant_id for m in result.lowest_marks] == [1, 3]
    assert [m.participant_id for m in result.highest_marks] == [2, 4]
    low, high = result.furthest_apart or (None, None)
    assert (low and low.participant_id, high and high.participant_id) == (1, 2)
    assert result.median == 5
    assert describe_range(result) == "Scores range from 2 to 8: a wide difference of views."


def test_halves_and_even_count_median() -> None:
    result = spread(marks(6.5, 7, 3, 4))
    assert result is not None
    assert result.median == 5.25
    assert result.range == 4


def test_passes_are_counted_but_not_scored() -> None:
    result = spread(marks(3, 5), passes=2)
    assert result is not None
    assert (result.count, result.passes, result.median) == (2, 2, 4)


def test_all_equal() -> None:
    result = spread(marks(5, 5, 5))
    assert result is not None
    assert result.furthest_apart is None
    assert describe_range(result) == "Everyone who scored gave 5."


def test_close_views() -> None:
    result = spread(marks(5, 6))
    assert result is not None
    assert describe_range(result).endswith("views are close.")


def test_positions_span_the_line() -> None:
    assert position(0, 61) == 0
    assert position(10, 61) == 60
    assert position(5, 61) == 30


def test_same_number_labels_stack() -> None:
    placed = place_labels(marks(5, 5, 5), 61)
    assert sorted(p.row for p in placed) == [0, 1, 2]
    assert len({p.x for p in placed}) == 1


halves = st.integers(min_value=0, max_value=20).map(lambda n: n / 2)


@given(st.lists(halves, min_size=1, max_size=30), st.integers(min_value=11, max_value=200))
def test_labels_never_collide_and_stay_on_the_line(values: list[float], width: int) -> None:
    placed = place_labels(marks(*values), width)
    assert len(placed) == len(values)
    for label in placed:
        assert label.x >= 0 and label.x + len(label.text) <= width
    for a in placed:
        for b in placed:
            if a is not b and a.row == b.row:
                assert a.x + len(a.text) < b.x or b.x + len(b.text) < a.x


@given(st.lists(halves, min_size=1, max_size=30))
def test_spread_figures_hold(values: list[float]) -> None:
    result = spread(marks(*values))
    assert result is not None
    assert result.lowest == min(values) and result.highest == max(values)
    assert result.lowest <= result.median <= result.highest
    assert result.range == max(values) - min(values)


NAMES = st.sampled_from(["王小明", "Zoë", "محمد", "Ana", "Ζωή Παπαδοπούλου", "김민지", "Jo"])


@given(
    st.lists(st.tuples(halves, NAMES), min_size=1, max_size=20),
    st.integers(min_value=11, max_value=200),
)
def test_labels_are_placed_by_terminal_cells(scored: list[tuple[float, str]], width: int) -> None:
    """Wide characters ('王小明' is six cells) never push a label off its mark or onto
    another label."""
    people = [
        Mark(i, name, value, i, Group.FAMILY) for i, (value, name) in enumerate(scored, start=1)
    ]
    placed = place_labels(people, width)
    for label in placed:
        assert label.x >= 0 and label.x + cell_len(label.text) <= width
    for a in placed:
        for b in placed:
            if a is not b and a.row == b.row:
                assert a.x + cell_len(a.text) < b.x or b.x + cell_len(b.text) < a.x


def test_a_wide_name_sits_on_its_mark() -> None:
    [label] = place_labels([Mark(1, "王小明", 5.0, 1, Group.FAMILY)], 61)
    assert (label.x, label.text) == (30, "王小明")
    assert fit_cells("王小明王小明王小明", 7) == "王小明…"
