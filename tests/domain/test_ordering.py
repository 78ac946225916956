import pytest
from hypothesis import given
from hypothesis import strategies as st

from pursuit_journey.domain.ordering import drop_index_to_target, moved, renumbered


def test_moves_an_item_to_its_new_index() -> None:
    assert moved("abcde", 0, 3) == list("bcdae")
    assert moved("abcde", 4, 0) == list("eabcd")
    assert moved("abcde", 2, 2) == list("abcde")


def test_a_target_past_the_end_is_the_end() -> None:
    assert moved("abc", 0, 99) == list("bca")
    assert moved("abc", 2, -5) == list("cab")


def test_a_missing_item_is_an_error() -> None:
    with pytest.raises(IndexError):
        moved("abc", 3, 0)


@given(st.lists(st.integers(), min_size=1, max_size=40, unique=True), st.data())
def test_moves_agree_with_a_plain_list(items: list[int], data: st.DataObject) -> None:
    source = data.draw(st.integers(0, len(items) - 1))
    target = data.draw(st.integers(0, len(items) - 1))
    expected = list(items)
    expected.insert(target, expected.pop(source))
    result = moved(items, source, target)
    assert result == expected
    positions = renumbered(result)
    assert sorted(positions.values()) == list(range(len(items)))  # 0..n-1, no gaps or duplicates
    assert result[target] == items[source]


@given(st.integers(0, 30), st.integers(0, 31))
def test_dropping_into_a_gap_beside_itself_leaves_an_item_in_place(source: int, gap: int) -> None:
    length = 31
    target = drop_index_to_target(source, gap)
    result = moved(list(range(length)), source, target)
    if gap in (source, source + 1):
        assert result == list(range(length))
    else:
        # The item lands between the items that bordered the gap.
        landed = result.index(source)
        before = gap - 1 if gap - 1 != source else None
        if before is not None and before >= 0:
            assert result[landed - 1] == before
