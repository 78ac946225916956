from dataclasses import dataclass
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from pursuit_journey.domain.journey_layout import (
    JourneyEnd,
    LineGeometry,
    TickState,
    fitted_geometry,
    journey_layout,
    line_states,
    short_decision,
)
from pursuit_journey.domain.ordering import drop_index_to_target, moved
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus


@dataclass
class FakeStep:
    outcome: str = Outcome.PLANNED.value
    decision_needed: str = "The client agrees to a pilot."
    decision_made: str = ""
    title: str = "A step"
    kind: str = "meeting"
    planned_at: datetime | None = None


def test_each_outcome_has_its_state_and_a_planned_step_without_decision_is_flagged() -> None:
    layout = journey_layout(
        [
            FakeStep(Outcome.ADVANCED.value),
            FakeStep(Outcome.STAYED.value),
            FakeStep(Outcome.WENT_BACK.value, decision_needed=""),
            FakeStep(Outcome.PLANNED.value),
            FakeStep(Outcome.PLANNED.value, decision_needed="  \n "),
        ],
        PursuitStatus.ACTIVE,
    )
    assert [mark.state for mark in layout.marks] == [
        TickState.ADVANCED,
        TickState.STAYED,
        TickState.WENT_BACK,  # a held step is drawn as what happened, written or not
        TickState.PLANNED,
        TickState.DECISION_MISSING,
    ]
    assert [mark.index for mark in layout.marks] == [0, 1, 2, 3, 4]
    assert layout.here == 3  # just after the last step that was held
    assert layout.end is JourneyEnd.OPEN and not layout.muted


def test_a_step_without_title_is_named_by_its_kind() -> None:
    layout = journey_layout([FakeStep(title="  ", kind="demo")], PursuitStatus.ACTIVE)
    assert layout.marks[0].title == "Demo"


def test_won_ends_at_contract_signed_and_lost_is_muted() -> None:
    steps = [FakeStep(Outcome.ADVANCED.value), FakeStep()]
    won = journey_layout(steps, PursuitStatus.WON)
    lost = journey_layout(steps, PursuitStatus.LOST)
    assert (won.end, won.here, won.muted, won.finished) == (JourneyEnd.WON, 2, False, True)
    assert (lost.end, lost.here, lost.muted, lost.finished) == (JourneyEnd.LOST, 2, True, True)
    assert journey_layout(steps, PursuitStatus.ON_HOLD).end is JourneyEnd.OPEN


def test_an_empty_pursuit_stands_at_first_meeting() -> None:
    layout = journey_layout([], PursuitStatus.ACTIVE)
    assert layout.marks == () and layout.here == 0


def test_short_decision_is_one_line_cut_at_a_word() -> None:
    assert short_decision("Agree\n  to   a pilot") == "Agree to a pilot"
    text = "The CFO approves the budget for the pilot at the depot in Hamburg before the end of May"
    short = short_decision(text, limit=40)
    assert short.endswith("…") and len(short) <= 40
    assert text.startswith(short[:-1])
    assert short[:-1].split()[-1] in text.split()  # no word cut in half


def test_geometry_places_ticks_evenly_between_the_end_nodes() -> None:
    geometry = LineGeometry(count=3, spacing=100, margin=10)
    assert geometry.start_x == 60
    assert [geometry.tick_x(i) for i in range(3)] == [160, 260, 360]
    assert geometry.end_x == 460
    assert geometry.width == 520
    assert geometry.gap_x(0) == 110 and geometry.gap_x(3) == 410
    assert geometry.column(1) == (210, 310)


def test_you_are_here_sits_between_steps_or_at_an_end() -> None:
    geometry = LineGeometry(count=3, spacing=100, margin=10)
    assert geometry.here_x(0, finished=False) == geometry.start_x
    assert geometry.here_x(2, finished=False) == geometry.gap_x(2)
    assert geometry.here_x(3, finished=False) == geometry.gap_x(3)
    assert geometry.here_x(3, finished=True) == geometry.end_x


def test_drop_gap_from_x() -> None:
    geometry = LineGeometry(count=3, spacing=100, margin=10)
    assert geometry.gap_at(-500) == 0
    assert geometry.gap_at(159) == 0  # just before the first step
    assert geometry.gap_at(161) == 1  # just after it
    assert geometry.gap_at(300) == 2
    assert geometry.gap_at(5000) == 3
    assert geometry.tick_at(255) == 1
    assert geometry.tick_at(60) is None  # First meeting
    assert geometry.tick_at(460) is None  # the end


@given(st.integers(1, 60), st.data())
def test_dropping_a_step_past_a_neighbour_lands_on_that_side(
    count: int, data: st.DataObject
) -> None:
    geometry = LineGeometry(count=count, spacing=80, margin=5)
    source = data.draw(st.integers(0, count - 1))
    target = data.draw(st.integers(0, count - 1))
    # Dropping just past the target step's centre, on the side away from where the step was.
    nudge = 1 if target > source else -1
    gap = geometry.gap_at(geometry.tick_x(target) + nudge)
    result = moved(list(range(count)), source, drop_index_to_target(source, gap))
    assert result.index(source) == target


def test_fitting_fills_the_room_or_scrolls_with_readable_spacing() -> None:
    few = fitted_geometry(2, available_width=1000, min_spacing=100, margin=10)
    assert few.width == 1000 and few.spacing > 100
    many = fitted_geometry(200, available_width=1000, min_spacing=100, margin=10)
    assert many.spacing == 100 and many.width > 1000


def test_a_held_step_shows_the_decision_made_and_a_planned_one_the_decision_needed() -> None:
    layout = journey_layout(
        [
            FakeStep(Outcome.ADVANCED.value, decision_made="Tomás shares the route data."),
            FakeStep(Outcome.STAYED.value, decision_made=""),
            FakeStep(Outcome.PLANNED.value, decision_needed="Aisha signs off security."),
        ],
        PursuitStatus.ACTIVE,
    )
    held, stayed, planned = layout.marks
    assert (held.decision, held.decision_caption) == ("Tomás shares the route data.",) * 2
    assert held.decision_needed == "The client agrees to a pilot."
    assert held.decision_heading == "Decided"
    assert stayed.decision_caption == ""  # its history, nothing to warn about
    assert planned.decision_caption == "Aisha signs off security."
    assert planned.decision_heading == "Decision needed"


def test_the_marks_carry_which_steps_are_out_of_order() -> None:
    layout = journey_layout(
        [
            FakeStep(planned_at=datetime(2026, 5, 1, 9)),
            FakeStep(planned_at=datetime(2026, 5, 20, 9)),
            FakeStep(planned_at=datetime(2026, 5, 8, 9)),
        ],
        PursuitStatus.ACTIVE,
    )
    assert [mark.out_of_order is not None for mark in layout.marks] == [False, True, False]
    problem = layout.marks[1].out_of_order
    assert problem is not None and problem.suggested == datetime(2026, 5, 2, 9)


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Outcome)), st.sampled_from(["", " \n ", "Pilot agreed"])),
        max_size=30,
    ),
    st.sampled_from(list(PursuitStatus)),
)
def test_the_sheets_line_states_are_the_layouts_own(
    steps: list[tuple[Outcome, str]], status: PursuitStatus
) -> None:
    """The printed sheet's line draws from ``line_states``: it must say what the screen's
    ``journey_layout`` says, tick for tick."""
    facts = [FakeStep(outcome.value, decision_needed=decision) for outcome, decision in steps]
    layout = journey_layout(facts, status)
    states = line_states(facts, status)
    assert states.states == tuple(mark.state for mark in layout.marks)
    assert (states.here, states.end, states.muted, states.finished) == (
        layout.here,
        layout.end,
        layout.muted,
        layout.finished,
    )
