"""A realistic, deterministic data set for the benchmark, written fast in one transaction."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert

from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from ..store.repository import Store
from ..store.tables import Attendance, Person, Pursuit, Step, new_uid, utc_now

_WORDS = (  # noqa: SIM905 - a sentence reads better than fifty quoted words
    "client pilot budget decision rollout depot routes savings integration security review "
    "approval board finance operations team dispatch contract renewal pricing scope timeline "
    "measure success risk competitor reference proposal workshop demo analysis data quarter "
    "procurement legal signature champion sponsor users adoption training support migration"
).split()
_COMPANIES = ["Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
_FIRST = ["Marta", "Tomás", "Aisha", "Lee", "Jonas", "Priya", "Chen", "Olga", "Sam", "Fatima"]
_LAST = ["Jensen", "Ruiz", "Rahman", "Park", "Berg", "Patel", "Wang", "Ivanova", "Cole", "Haddad"]
_TITLES = ["CFO", "COO", "IT Architect", "Head of Dispatch", "Procurement Lead", "Team Lead"]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return (" ".join(chosen)).capitalize() + "."


def _text(rng: random.Random, low: int, high: int) -> str:
    sentences = rng.randint(low, high)
    return " ".join(_sentence(rng, rng.randint(6, 14)) for _ in range(sentences))


def build_dataset(
    store: Store,
    pursuits: int,
    steps_per_pursuit: int = 25,
    seed: int = 7,
    today: date | None = None,
) -> list[int]:
    """Fill ``store`` with pursuits of ``steps_per_pursuit`` steps each; returns their ids."""
    rng = random.Random(seed)
    today = today or date.today()
    now = utc_now()
    statuses = [PursuitStatus.ACTIVE] * 6 + [
        PursuitStatus.ON_HOLD,
        PursuitStatus.WON,
        PursuitStatus.LOST,
    ]
    sectors = ["Logistics", "Retail", "Health", "Energy"]
    held_outcomes = [Outcome.ADVANCED, Outcome.ADVANCED, Outcome.STAYED, Outcome.WENT_BACK]
    with store.engine.begin() as connection:
        pursuit_rows = []
        for n in range(pursuits):
            company = f"{rng.choice(_COMPANIES)} {rng.choice(sectors)}"
            pursuit_rows.append(
                {
                    "uid": new_uid(),
                    "name": f"{company} — {rng.choice(_WORDS)} {rng.choice(_WORDS)} #{n + 1}",
                    "client": company,
                    "value_cents": rng.randint(5, 500) * 1_000_00,
                    "currency": "EUR",
                    "status": rng.choice(statuses).value,
                    "target_close": today + timedelta(days=rng.randint(10, 200)),
                    "decision_criteria": _text(rng, 1, 3),
                    "decision_process": _text(rng, 1, 3),
                    "who_signs": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    "paper_process": _text(rng, 1, 2),
                    "notes": _text(rng, 2, 6),
                    "created_at": now - timedelta(days=rng.randint(30, 400)),
                    "updated_at": now,
                }
            )
        connection.execute(insert(Pursuit), pursuit_rows)
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM pursuit ORDER BY id")]
        ids = ids[-pursuits:]

        person_rows = []
        for pursuit_id in ids:
            for _ in range(4):
                person_rows.append(
                    {
                        "uid": new_uid(),
                        "pursuit_id": pursuit_id,
                        "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        "title": rng.choice(_TITLES),
                        "role": rng.choice(list(BuyingRole)).value,
                        "notes": _text(rng, 0, 2),
                    }
                )
        connection.execute(insert(Person), person_rows)
        people_of: dict[int, list[int]] = {}
        for person_id, pursuit_id in connection.exec_driver_sql(
            "SELECT id, pursuit_id FROM person"
        ):
            people_of.setdefault(pursuit_id, []).append(person_id)

        step_rows = []
        for pursuit_id in ids:
            held = rng.randint(0, steps_per_pursuit)
            # Held steps lie in the past, every few days up to yesterday; planned ones ahead,
            # one every one to four weeks, as a seller books them.
            past = datetime.combine(today - timedelta(days=1), time(9))
            held_dates = [past - timedelta(days=4 * (held - i)) for i in range(held)]
            ahead = datetime.combine(today, time(10)) + timedelta(days=rng.randint(1, 14))
            for position in range(steps_per_pursuit):
                if position < held:
                    planned = held_dates[position] + timedelta(hours=rng.randint(0, 8))
                else:
                    planned = ahead
                    ahead += timedelta(days=rng.randint(7, 28))
                outcome = rng.choice(held_outcomes) if position < held else Outcome.PLANNED
                step_rows.append(
                    {
                        "uid": new_uid(),
                        "pursuit_id": pursuit_id,
                        "position": position,
                        "kind": rng.choice(list(StepKind)).value,
                        "title": f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} meeting",
                        "planned_at": planned,
                        "decision_needed": _sentence(rng, rng.randint(8, 18)),
                        "decision_by": planned.date() + timedelta(days=7),
                        "why_client": _text(rng, 1, 3),
                        "fallback": _sentence(rng, 10),
                        "needs_to_decide": _text(rng, 1, 3),
                        "concerns": _text(rng, 1, 4),
                        "questions": _text(rng, 2, 5),
                        "to_share": _text(rng, 1, 2),
                        "agreement_purpose": _sentence(rng, 10),
                        "agreement_their_agenda": _sentence(rng, 10),
                        "agreement_our_agenda": _sentence(rng, 10),
                        "agreement_time": "60 minutes",
                        "agreement_outcome": _sentence(rng, 10),
                        "research": _text(rng, 1, 5),
                        "materials": _sentence(rng, 8),
                        "outcome": outcome.value,
                        "decision_made": _sentence(rng, 10) if outcome.is_held else "",
                        "next_decision": _sentence(rng, 10) if outcome.is_held else "",
                        "held_on": planned.date() if outcome.is_held else None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        connection.execute(insert(Step), step_rows)
        attendance_rows = []
        for step_id, pursuit_id in connection.exec_driver_sql(
            "SELECT id, pursuit_id FROM step WHERE pursuit_id >= ?", (ids[0],)
        ):
            for person_id in rng.sample(people_of[pursuit_id], 2):
                attendance_rows.append({"step_id": step_id, "person_id": person_id})
        connection.execute(insert(Attendance), attendance_rows)
    return ids


def make_data_dir(folder: Path, pursuits: int, steps_per_pursuit: int = 25) -> Path:
    """A data folder holding a database with the data set (built once, then reused)."""
    from ..paths import default_paths

    paths = default_paths(folder)
    if paths.database.exists():
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(paths.database)) as connection:
            (count,) = connection.execute("SELECT count(*) FROM pursuit").fetchone()
        if count >= pursuits:
            return folder
        import shutil

        shutil.rmtree(folder)  # an interrupted build: start again
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    try:
        build_dataset(store, pursuits, steps_per_pursuit)
    finally:
        store.close()
    return folder
