"""A realistic sample pursuit that shows what the app is for.

Written by ``Store.create_sample_pursuit`` in one of its transactions, so the sample has the
store's guard (a suspended or read-only database refuses it) and its error messages.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from .tables import Attendance, Person, Pursuit, Step

SAMPLE_NAME = "Northwind Logistics — route planning rollout"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def add_sample_pursuit(session: Session, today: date) -> Pursuit:
    """Add the sample pursuit, its people, steps and attendance to ``session``."""
    pursuit = Pursuit(
        name=SAMPLE_NAME,
        client="Northwind Logistics",
        value_cents=84_000_00,
        currency="EUR",
        status=PursuitStatus.ACTIVE.value,
        target_close=today + timedelta(days=45),
        decision_criteria=(
            "Cuts empty kilometres by 10 %; works with their SAP TM; drivers accept it."
        ),
        decision_process=(
            "Ops director recommends, CFO approves above 50k, procurement runs the paper."
        ),
        who_signs="Marta Jensen, CFO",
        paper_process=(
            "Procurement security questionnaire, then their standard MSA (about 3 weeks)."
        ),
        notes="Sample pursuit: edit or delete it freely.",
    )
    people = [
        Person(name="Marta Jensen", title="CFO", role=BuyingRole.DECIDES_BUDGET.value),
        Person(name="Tomás Ruiz", title="Director of Operations", role=BuyingRole.USER.value),
        Person(name="Aisha Rahman", title="IT Architect", role=BuyingRole.TECHNICAL.value),
        Person(name="Lee Park", title="Dispatch Team Lead", role=BuyingRole.COACH.value),
    ]
    steps = [
        Step(
            kind=StepKind.MEETING.value,
            title="Discovery with Operations",
            planned_at=_at(today - timedelta(days=40), 10),
            decision_needed="Tomás agrees to share three months of route data for an analysis.",
            why_client="He must show the board a plan to cut fuel costs this year.",
            fallback="Tomás names who owns the route data.",
            needs_to_decide="Assurance the data stays anonymised; an example analysis.",
            concerns="Past vendor projects overran; data privacy.",
            questions="What did last year's empty kilometres cost? Who else feels that cost?",
            to_share="One-page summary of a similar analysis at a 3PL.",
            agreement_purpose="Understand how routes are planned today.",
            agreement_time="45 minutes",
            agreement_outcome="Agree whether an analysis of their data is worth doing.",
            outcome=Outcome.ADVANCED.value,
            decision_made="Tomás shares route data for January–March.",
            next_decision="Tomás agrees to review the findings with IT present.",
            held_on=today - timedelta(days=40),
        ),
        Step(
            kind=StepKind.MEETING.value,
            title="Findings review",
            planned_at=_at(today - timedelta(days=15), 14),
            decision_needed="Tomás and Aisha agree the findings justify a technical check.",
            why_client="The analysis shows 11 % empty kilometres they can name and measure.",
            fallback="Aisha agrees to look at the integration notes.",
            outcome=Outcome.ADVANCED.value,
            decision_made="Aisha runs a technical review with her team.",
            next_decision="Aisha confirms the SAP TM integration is acceptable.",
            held_on=today - timedelta(days=15),
        ),
        Step(
            kind=StepKind.WORKSHOP.value,
            title="Integration workshop",
            planned_at=_at(today - timedelta(days=9), 9, 30),
            decision_needed="Aisha confirms the integration approach is acceptable to IT.",
            outcome=Outcome.STAYED.value,
            decision_made="",
            next_decision="Aisha decides after seeing the security documentation.",
            held_on=today - timedelta(days=9),
        ),
        Step(
            kind=StepKind.CALL.value,
            title="Security follow-up call",
            planned_at=_at(today - timedelta(days=5), 16),
            decision_needed="Aisha signs off the security review by Friday.",
            outcome=Outcome.WENT_BACK.value,
            decision_made="Scope reopened: IT wants the pilot limited to one depot.",
            next_decision="Tomás chooses the depot for a pilot.",
            held_on=today - timedelta(days=5),
        ),
        Step(
            kind=StepKind.DEMO.value,
            title="Pilot scoping demo",
            planned_at=_at(today + timedelta(days=2), 11),
            decision_needed=(
                f"Tomás chooses the pilot depot and agrees the success measure by "
                f"{(today + timedelta(days=9)).strftime('%d %B')}."
            ),
            why_client="A one-depot pilot proves the saving before the budget round.",
            fallback="Tomás agrees on the success measure; depot chosen next week.",
            needs_to_decide="A pilot plan that dispatchers can live with; cost of the pilot.",
            concerns="Dispatchers fear being monitored; competitor RouteWise is cheaper.",
            questions="Which depot feels the most pain? What result makes the pilot a success?",
            to_share="Pilot plan draft; reference call with a 3PL customer.",
            agreement_purpose="Choose the pilot's depot and success measure.",
            agreement_their_agenda="Dispatcher workload; IT's one-depot condition.",
            agreement_our_agenda="Depot choice, success measure, pilot dates.",
            agreement_time="60 minutes",
            agreement_outcome="A pilot depot and a measure, or a clear no.",
            research="Depot in Aarhus had the most overtime last quarter (annual report).",
            materials="Demo tenant with their anonymised routes.",
        ),
        Step(
            kind=StepKind.PROPOSAL.value,
            title="Proposal to the CFO",
            planned_at=_at(today + timedelta(days=16), 15),
            decision_needed="Marta approves the pilot budget.",
        ),
    ]
    session.add(pursuit)
    session.flush()
    assert pursuit.id is not None
    for person in people:
        person.pursuit_id = pursuit.id
        session.add(person)
    for position, step in enumerate(steps):
        step.pursuit_id = pursuit.id
        step.position = position
        session.add(step)
    session.flush()
    marta, tomas, aisha, lee = people
    for step, attendees in zip(
        steps,
        [(tomas, lee), (tomas, aisha), (aisha, lee), (aisha,), (tomas, aisha, lee), (marta,)],
        strict=True,
    ):
        for person in attendees:
            assert step.id is not None and person.id is not None
            session.add(Attendance(step_id=step.id, person_id=person.id))
    return pursuit
