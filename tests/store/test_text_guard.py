"""Text with a NUL character is refused on both back-ends, naming the field, with nothing
written: a server cannot hold it and a ``.pursuit`` file cannot carry it."""

from __future__ import annotations

import pytest

from pursuit_journey.store.errors import InvalidInput
from pursuit_journey.store.repository import Store


def test_a_step_field_with_nul_is_refused_by_its_label(store: Store) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    step = store.add_step(pursuit.id, title="Discovery")
    with pytest.raises(InvalidInput, match="“Questions to ask” holds an invisible NUL"):
        store.update_step(step.id, questions="Budget?\x00", concerns="Timing")
    unchanged = store.step(step.id)
    assert (unchanged.questions, unchanged.concerns) == ("", "")
    store.update_step(step.id, questions="Budget?")  # the same save without it goes through
    assert store.step(step.id).questions == "Budget?"


def test_new_rows_are_checked_too(store: Store) -> None:
    with pytest.raises(InvalidInput, match="“Client” holds an invisible NUL"):
        store.create_pursuit("Acme rollout", client="Ac\x00me")
    assert store.pursuit_summaries() == []


def test_inside_one_action_the_refused_write_alone_is_left_out(store: Store) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    step = store.add_step(pursuit.id, title="Discovery")
    with store.one_action():
        with pytest.raises(InvalidInput):
            store.update_step(step.id, questions="Budget?\x00")
        store.update_step(step.id, concerns="Timing")  # the action goes on
    saved = store.step(step.id)
    assert (saved.questions, saved.concerns) == ("", "Timing")
