"""The app started as the seller starts it, told to quit once ready (the benchmark's switch): which
of the watched modules were imported at one stage of its start ("painted" or "ready")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pursuit_journey.store.protocol import StoreLike

# At that stage it prints which of the watched modules were imported, and exits normally. A
# watched "module:Name" is a class of a Qt module, made (with all its enums) when first touched.
PROBE = """
import sys
from pursuit_journey import app
from pursuit_journey.__main__ import main

stage = sys.argv.pop(1)
watched = sys.argv.pop(1).split(",")
report = app._report
imported_then = []


def _made(watched):
    module, _, name = watched.partition(":")
    if not name:
        return module in sys.modules
    return name in getattr(sys.modules.get(module), "__dict__", {})


def _report(reached):
    if reached == stage:
        imported_then.extend(sorted(m for m in watched if _made(m)))
    report(reached)


app._report = _report
try:
    main()
finally:
    print("IMPORTED", ",".join(imported_then), flush=True)
"""


def modules_imported_at(
    stage: str, data_dir: Path, watched: tuple[str, ...], *arguments: str
) -> list[str]:
    """Those of ``watched`` imported when the app reached ``stage``, started on ``data_dir``
    with ``arguments``; the app must have reached both stages and ended normally."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PURSUIT_JOURNEY_BENCH_EXIT="1")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            stage,
            ",".join(watched),
            "--data-dir",
            str(data_dir),
            *arguments,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("IMPORTED")]
    assert result.returncode == 0 and lines, result.stderr
    assert "painted" in result.stdout and "ready" in result.stdout
    return [name for name in lines[-1].removeprefix("IMPORTED ").split(",") if name]


def add_enough_for_the_momentum_view(store: StoreLike) -> None:
    """Five active pursuits, each with a step: the momentum view is then the window's default."""
    for number in range(5):
        pursuit = store.create_pursuit(f"Pursuit {number}", client=f"Client {number}")
        assert pursuit.id is not None
        store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
