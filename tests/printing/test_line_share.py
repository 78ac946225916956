"""The shortening rule as a pure function: short fields whole, long ones in proportion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pursuit_journey.printing.line_share import CUT_FIELD_LINES, share_lines


def test_a_page_with_room_prints_everything_whole() -> None:
    assert share_lines([4, 10, 1], [1, 1, 1], 15) == [4, 10, 1]


def test_short_fields_whole_and_long_ones_in_proportion_to_their_need() -> None:
    assert share_lines([2, 100, 200, 100], [1, 1, 1, 1], 42) == [2, 10, 20, 10]


def test_a_cut_field_gets_three_lines_when_the_page_allows_else_fewer() -> None:
    assert share_lines([25, 5000, 5000], [1, 1, 1], 60) == [3, 29, 28]
    assert share_lines([9, 9, 9, 9], [1, 1, 1, 1], 8) == [2, 2, 2, 2]
    assert share_lines([9, 9, 9, 9], [1, 1, 1, 1], 5) == [2, 1, 1, 1]


def test_each_part_keeps_its_minimum() -> None:
    # The meeting agreement (five parts, so at least five lines) among long fields.
    assert share_lines([500, 10, 500], [1, 5, 1], 9) == [2, 5, 2]
    assert share_lines([500, 10, 500], [1, 5, 1], 3) == [1, 5, 1]  # the caller makes room


@st.composite
def fields(draw: st.DrawFn) -> tuple[list[int], list[int], int]:
    count = draw(st.integers(min_value=1, max_value=12))
    needs = draw(st.lists(st.integers(1, 3000), min_size=count, max_size=count))
    minimums = [draw(st.integers(1, min(need, 5))) for need in needs]
    budget = draw(st.integers(sum(minimums), sum(minimums) + 400))
    return needs, minimums, budget


@given(fields())
def test_the_rule_holds_for_any_fields(case: tuple[list[int], list[int], int]) -> None:
    needs, minimums, budget = case
    lines = share_lines(needs, minimums, budget)

    assert all(m <= n <= need for m, n, need in zip(minimums, lines, needs, strict=True))
    # The lines are all used (the page fills) unless everything prints whole.
    assert sum(lines) == min(budget, sum(needs))
    # A field within an equal share of the lines beyond the minimums prints whole.
    room = budget - sum(minimums)
    for need, least, got in zip(needs, minimums, lines, strict=True):
        if (need - least) * len(needs) <= room:
            assert got == need
    # A cut field gets 3 lines (or its whole text) whenever that fits for every field.
    floors = [
        min(need, max(least, CUT_FIELD_LINES)) for need, least in zip(needs, minimums, strict=True)
    ]
    if sum(floors) <= budget:
        assert all(got >= floor for got, floor in zip(lines, floors, strict=True))
    # In proportion: of two cut fields above their floors, the longer never has fewer lines.
    cut = [
        (need, got)
        for need, got, floor in zip(needs, lines, floors, strict=True)
        if floor < got < need
    ]
    for need_a, got_a in cut:
        for need_b, got_b in cut:
            if need_a > need_b:
                assert got_a >= got_b - 1
