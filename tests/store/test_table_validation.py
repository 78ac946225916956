"""The tables' pydantic validators are built when first used, not when the store loads: the
seller's everyday reads and writes go through SQLAlchemy without them (about 0.5 MB less at
start); the first validation (undoing a deleted step) builds the one it needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# In a process of its own: another test in this one may already have validated a table.
SESSION = """
import sys
from pathlib import Path
from pursuit_journey.store.repository import Store
from pursuit_journey.domain.vocabulary import Outcome
from pursuit_journey.store.tables import Attendance, Person, Pursuit, Step

def built():
    return [
        table.__name__
        for table in (Pursuit, Step, Person, Attendance)
        if type(table.__pydantic_validator__).__name__ != "MockValSer"
    ]

store = Store.open(Path(sys.argv[1]))
pursuit = store.create_pursuit("Renewal", client="Northwind")
first = store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
second = store.add_step(pursuit.id, title="Demo")
person = store.add_person(pursuit.id, "Ana")
store.set_attendees(second.id, [person.id])
store.attendees(second.id)
store.update_step(first.id, why_client="Cuts cost")
store.record_outcome(first.id, Outcome.ADVANCED, decision_made="Shares the data")
store.pursuit_summaries()
store.steps(pursuit.id)
store.steps_in_context([second.id])
print("EVERYDAY", ",".join(built()))
restored = store.restore_step(store.delete_step(second.id))
assert (restored.title, restored.position) == ("Demo", 1), restored
print("UNDONE", ",".join(built()))
store.close()
"""


def test_tables_validate_only_once_asked(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(tmp_path / "pursuits.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.partition(" ")[::2] for line in result.stdout.splitlines())
    assert lines["EVERYDAY"] == ""
    assert lines["UNDONE"] == "Step"
