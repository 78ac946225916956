"""``python -m pursuit_journey.bench``: how fast the app is, against the floor of a bare window.

Builds its own realistic data sets (pursuits × 25 steps, every field filled) in a temporary
folder, measures cold start in fresh processes (offscreen, and on a private Xvfb server when one
is installed) and the everyday actions in one process, and prints medians with each figure's
target and PASS/MISS. See the README for what each line means.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .screen import offscreen_platform  # stdlib only: read before Qt is imported

os.environ.setdefault("QT_QPA_PLATFORM", offscreen_platform())

# The size every target is judged at; a run without it is judged at its largest size.
TARGET_SIZE = 2000
# Targets (issue 21, "Faster where the seller actually is"): milliseconds, judged at
# TARGET_SIZE unless a size is given.
ACTION_TARGETS_MS: dict[str, tuple[float, int]] = {
    "list: load all pursuits": (100, TARGET_SIZE),
    "list: search keystroke": (16, 10000),
    "line: select a 25-step pursuit": (16, TARGET_SIZE),
    "line: select a 200-step pursuit": (50, TARGET_SIZE),
    "line: drag-reorder saved and redrawn": (16, TARGET_SIZE),
    "form: open a step": (50, TARGET_SIZE),
    "form: one autosave": (20, TARGET_SIZE),
    "momentum: open the view, whole board read": (100, TARGET_SIZE),
    "momentum: open it after editing a pursuit": (16, TARGET_SIZE),
    "momentum: sort the board another way": (16, TARGET_SIZE),
    "print: one prep sheet to PDF": (300, TARGET_SIZE),
    "print: the 7-day batch": (2000, TARGET_SIZE),
}
# Targets relative to another figure: no slower than it.
ACTION_AS_FAST_AS = {"momentum: search keystroke": "list: search keystroke"}
# Cold-start targets, ratios to the bare window started the same way: (offscreen, X server).
START_EMPTY_RATIO = (1.3, 1.5)
START_DEFAULT_RATIO = (2.0, 2.5)
START_LIST_RATIO = (2.0, 2.3)
START_MOMENTUM_RATIO = START_DEFAULT_RATIO
# "Ready" after each of those starts (the store loaded and, on the list, the first step's form
# shown), timed in the same process: no start may be made quick by leaving work the seller then
# waits for. Loading the store (SQLAlchemy, SQLModel and pydantic) costs about four bare windows of
# its own. These hold the line where the honest floor first measured it (issue 21's second
# session, 2,000 pursuits, a quiet machine: empty 5.53× / 5.40×, default view 6.09× / 6.23×, list
# 6.12× / 6.31×, momentum 6.24× / 6.29×), a twentieth above it: a first paint bought by moving
# work after it shows up here as MISS. (The first lines, 4.5× and 5.5× / 6.5×, were set against a
# bare window that was not bare, 174 ms instead of 111: the same milliseconds are 7.1× and 8.6× /
# 9.2× of the honest floor, looser than these.)
READY_EMPTY_RATIO = (5.8, 5.7)
READY_DEFAULT_RATIO = (6.5, 6.6)
READY_LIST_RATIO = (6.5, 6.6)
RSS_RATIO, RSS_EXTRA_MB = 1.3, 60
MOMENTUM_RSS_MB = 115


@dataclass
class Row:
    name: str
    values: dict[int, float]  # by data set size; 0: no data
    target: str = ""
    verdict: str = ""
    ratio: str = ""


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def _starts(
    runs: int,
    make: Callable[[], Any],
    ready: dict[int, float] | None = None,
    size: int = 0,
    floor: list[Any] | None = None,
    bare: Callable[[], Any] | None = None,
) -> tuple[float, int]:
    """The median milliseconds to the first paint and the largest peak RSS; with ``ready``,
    the median milliseconds to "ready" go into it at ``size``. With ``bare``, a bare window is
    started before each run and its result added to ``floor``: the floor then meets the same
    load as the starts it is the floor of (a shared machine's speed drifts by a fifth within a
    minute)."""
    results = []
    for _ in range(runs):
        if bare is not None and floor is not None:
            floor.append(bare())
        results.append(make())
    if ready is not None:
        ready[size] = statistics.median(r.ready_seconds for r in results) * 1000
    return statistics.median(r.seconds for r in results) * 1000, max(
        r.peak_rss_kib for r in results
    )


def _judged_at(values: dict[int, float], size: int = TARGET_SIZE) -> tuple[int, float]:
    at = size if size in values else max(values)
    return at, values[at]


def _at(size: int, judged: int) -> str:
    return f" at {size}" + ("" if judged == size else f" (judged at {judged})")


def _active_pursuits(data_dir: Path) -> int:
    import sqlite3
    from contextlib import closing

    from ..paths import default_paths

    with closing(sqlite3.connect(default_paths(data_dir).database)) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM pursuit WHERE lower(status) = 'active'"
        ).fetchone()
    return int(count)


def _cold_starts(
    label: str,
    index: int,
    runs: int,
    empty: Path,
    data: dict[int, Path],
    display: str | None,
) -> list[Row]:
    """The cold-start rows on one platform (``index`` 0: offscreen, 1: X server), and on the
    offscreen one the peak memory of the list and momentum starts."""
    from .startup import app_window, bare_window, warm_up

    warm_up(data[max(data)] if data else empty, display)
    # The floor: a bare window before each of the app's starts, all of them, its median.
    floor: list[Any] = []

    def starts(
        make: Callable[[], Any], ready: dict[int, float] | None = None, size: int = 0
    ) -> tuple[float, int]:
        return _starts(runs, make, ready, size, floor, lambda: bare_window(display))

    empty_ready: dict[int, float] = {}
    empty_ms, _ = starts(lambda: app_window(empty, display=display), empty_ready)
    default_start: dict[int, float] = {}
    list_start: dict[int, float] = {}
    board_start: dict[int, float] = {}
    default_ready: dict[int, float] = {}
    list_ready: dict[int, float] = {}
    board_ready: dict[int, float] = {}
    list_rss: dict[int, float] = {}
    board_rss: dict[int, float] = {}
    for size, folder in data.items():
        default_start[size], _ = starts(
            lambda folder=folder: app_window(folder, view="", display=display),
            default_ready,
            size,
        )
        list_start[size], kib = starts(
            lambda folder=folder: app_window(folder, ready=True, display=display),
            list_ready,
            size,
        )
        list_rss[size] = kib / 1024
        board_start[size], kib = starts(
            lambda folder=folder: app_window(folder, ready=True, view="momentum", display=display),
            board_ready,
            size,
        )
        board_rss[size] = kib / 1024
    bare_ms = statistics.median(result.seconds for result in floor) * 1000
    bare_rss = max(result.peak_rss_kib for result in floor)

    def ratio_row(name: str, values: dict[int, float], limit: float) -> Row:
        if not values:
            return Row(name, values, f"≤ {limit}× floor", "")
        size = 0 if 0 in values else TARGET_SIZE
        judged, value = (0, values[0]) if size == 0 else _judged_at(values)
        where = "" if size == 0 else _at(size, judged)
        ratios = ", ".join(f"{v / bare_ms:.2f}×" for v in values.values())
        return Row(
            name,
            values,
            f"≤ {limit}× floor{where}",
            _verdict(value <= limit * bare_ms),
            f"  ({ratios})",
        )

    rows = [
        Row(
            f"cold start ({label}): bare PySide6 window",
            {0: bare_ms},
            "the floor",
            "—",
            f"  (peak {bare_rss / 1024:.0f} MB)",
        ),
        ratio_row(f"cold start ({label}): empty database", {0: empty_ms}, START_EMPTY_RATIO[index]),
        ratio_row("  … ready: store loaded", empty_ready, READY_EMPTY_RATIO[index]),
        ratio_row(
            f"cold start ({label}): default view",
            default_start,
            START_DEFAULT_RATIO[index],
        ),
        ratio_row("  … ready: store loaded", default_ready, READY_DEFAULT_RATIO[index]),
        ratio_row(
            f"cold start ({label}): list and journey line",
            list_start,
            START_LIST_RATIO[index],
        ),
        ratio_row(
            "  … ready: store loaded, step's form shown", list_ready, READY_LIST_RATIO[index]
        ),
        ratio_row(
            f"cold start ({label}): momentum view",
            board_start,
            START_MOMENTUM_RATIO[index],
        ),
        ratio_row("  … ready: store loaded", board_ready, READY_DEFAULT_RATIO[index]),
    ]
    if index == 0:
        rss_limit = RSS_RATIO * bare_rss / 1024 + RSS_EXTRA_MB
        for name, values, limit in (
            ("peak memory (MB), list, store loaded", list_rss, rss_limit),
            ("peak memory (MB), momentum view", board_rss, MOMENTUM_RSS_MB),
        ):
            if values:
                judged, value = _judged_at(values)
                rows.append(
                    Row(
                        name,
                        values,
                        f"≤ {limit:.0f} MB{_at(TARGET_SIZE, judged)}",
                        _verdict(value <= limit),
                    )
                )
    return rows


def report(
    sizes: list[int], runs: int, work: Path, actions: bool = True, database: str | None = None
) -> None:
    """Build (or reuse) the data sets in ``work``, measure, and print the table; with
    ``database`` (a PostgreSQL URL) also the same data sets on that server (``bench.server``)."""
    from ..pyside_import_hook import stop_keeping_module_sources

    stop_keeping_module_sources()  # as the app does
    from .. import __version__
    from ..app import make_application
    from ..paths import default_paths
    from ..store.repository import Store
    from ..ui.main_window import MOMENTUM_VIEW_FROM
    from .actions import measure_actions
    from .dataset import make_data_dir
    from .startup import xvfb

    print(f"Pursuit Journey {__version__} benchmark — {runs} runs per figure, medians")
    print(f"data sets in {work}; Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")

    empty = work / "empty"
    if not default_paths(empty).database.exists():
        paths = default_paths(empty)
        paths.ensure()
        Store.open(paths.database, paths.backups_dir).close()
    data = {}
    for size in sizes:
        print(f"data set of {size} pursuits (built once)…", file=sys.stderr, flush=True)
        data[size] = make_data_dir(work / f"p{size}", size)

    rows = _cold_starts("offscreen", 0, runs, empty, data, None)
    with xvfb() as (display, why_not):
        if display is None:
            x_note = f"cold start on an X server: skipped, {why_not}; offscreen is the measure"
        else:
            print(f"cold starts on Xvfb {display}…", file=sys.stderr, flush=True)
            x_note = f"cold start (X): a private Xvfb on {display}, first paint after mapping"
            rows += _cold_starts("X", 1, runs, empty, data, display)

    notes: dict[str, dict[int, str]] = {}  # "(585 sheets)": what a figure was measured on
    if actions:
        app = make_application(["bench"])  # the app's own class, as the seller runs it
        measured: dict[str, dict[int, float]] = {}
        for size, folder in data.items():
            print(f"timing actions on {size} pursuits…", file=sys.stderr, flush=True)
            for name, value in measure_actions(folder, runs).items():
                label, _, note = name.partition(" (")
                measured.setdefault(label, {})[size] = value
                if note:
                    notes.setdefault(label, {})[size] = note.rstrip(")")
        for name, values in measured.items():
            peer = ACTION_AS_FAST_AS.get(name)
            if peer is not None and peer in measured:
                judged, value = _judged_at(values)
                peer_value = measured[peer].get(judged, value)
                rows.append(
                    Row(
                        name,
                        values,
                        f"≤ the list's{_at(TARGET_SIZE, judged)}",
                        _verdict(value <= peer_value),
                    )
                )
                continue
            limit, size = ACTION_TARGETS_MS.get(name, (16, TARGET_SIZE))  # else: one frame
            judged, value = _judged_at(values, size)
            rows.append(
                Row(name, values, f"≤ {limit:g} ms{_at(size, judged)}", _verdict(value <= limit))
            )
        del app

    if database is not None:
        from .server import server_rows

        rows += server_rows(database, data, runs, TARGET_SIZE, Row)

    columns = [0, *sizes]
    header = f"{'':50}" + "".join(
        f"{('pursuits: ' + str(c)) if c else 'no data':>16}" for c in columns
    )
    print(header + f"  {'target':<38}verdict")
    for row in rows:
        cells = "".join(
            f"{row.values[c]:>16.1f}" if c in row.values else f"{'':>16}" for c in columns
        )
        print(f"{row.name:50}{cells}  {row.target:<38}{row.verdict}{row.ratio}")
    print(
        f"\ntimes in ms unless stated; ratios to the bare window started the same way; "
        f"the default view is momentum from {MOMENTUM_VIEW_FROM} active pursuits ("
        + ", ".join(f"{_active_pursuits(folder)} at {size}" for size, folder in data.items())
        + ")"
    )
    print(x_note)
    if database is not None:
        from .server import server_note

        print(server_note(database))
    for label, by_size in notes.items():
        print(f"{label}: " + ", ".join(f"{by_size[size]} at {size}" for size in sorted(by_size)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pursuit_journey.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; default 5)")
    parser.add_argument(
        "--sizes",
        default="200,2000,10000",
        help="numbers of pursuits to measure, comma-separated (default 200,2000,10000)",
    )
    parser.add_argument("--work-dir", help="keep the data sets here (reused when present)")
    parser.add_argument(
        "--starts-only", action="store_true", help="only the cold starts (not the actions)"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="also measure on this PostgreSQL server (postgresql://user@host:port/postgres; "
        "password from PGPASSWORD or ~/.pgpass): a database per size, created and dropped",
    )
    args = parser.parse_args(argv)
    sizes = sorted({int(n) for n in args.sizes.split(",") if n.strip()})
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.mkdtemp(prefix="pj-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report(sizes, args.runs, work, actions=not args.starts_only, database=args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
