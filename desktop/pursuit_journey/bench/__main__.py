"""``python -m pursuit_journey.bench``: how fast the app is, against the floor of a bare window.

Builds its own realistic data sets (pursuits × 25 steps, every field filled) in a temporary
folder, measures cold start in fresh processes and the everyday actions in one process, and
prints medians with a PASS/MISS against each target. See the README for what each line means.
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Targets (issue "Fast as a native app"): milliseconds, or ratios to the bare window.
ACTION_TARGETS_MS = {
    "list: search keystroke": 30,
    "line: select a 25-step pursuit": 50,
    "line: drag-reorder saved and redrawn": 30,
    "form: open a step": 50,
    "form: one autosave": 20,
    "print: one prep sheet to PDF": 300,
}
# Targets relative to another figure at 2,000 pursuits: no slower than it.
ACTION_AS_FAST_AS = {"momentum: search keystroke": "list: search keystroke"}
START_EMPTY_RATIO = 1.5
START_FULL_RATIO = 2.5
RSS_RATIO, RSS_EXTRA_MB = 1.3, 60


@dataclass
class Row:
    name: str
    values: dict[int, float]  # by data set size
    target: str = ""
    verdict: str = ""


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def _starts(runs: int, make: Callable[[], Any]) -> tuple[float, int]:
    results = [make() for _ in range(runs)]
    return statistics.median(r.seconds for r in results) * 1000, max(
        r.peak_rss_kib for r in results
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pursuit_journey.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; default 5)")
    parser.add_argument(
        "--sizes",
        default="200,2000,10000",
        help="numbers of pursuits to measure, comma-separated (default 200,2000,10000)",
    )
    parser.add_argument("--work-dir", help="keep the data sets here (reused when present)")
    args = parser.parse_args(argv)
    sizes = sorted({int(n) for n in args.sizes.split(",") if n.strip()})
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.mkdtemp(prefix="pj-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    from ..pyside_import_hook import stop_keeping_module_sources

    stop_keeping_module_sources()  # as the app does
    from .. import __version__
    from ..app import make_application
    from ..paths import default_paths
    from ..store.repository import Store
    from .actions import measure_actions
    from .dataset import make_data_dir
    from .startup import app_window, bare_window, warm_up

    print(f"Pursuit Journey {__version__} benchmark — {args.runs} runs per figure, medians")
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

    warm_up(data[max(sizes)] if sizes else empty)
    bare_ms, bare_rss = _starts(args.runs, bare_window)
    empty_ms, _ = _starts(args.runs, lambda: app_window(empty))
    rows = [
        Row("cold start: bare PySide6 window (the floor)", {0: bare_ms}),
        Row(
            "cold start: empty database",
            {0: empty_ms},
            f"≤ {START_EMPTY_RATIO}× floor",
            _verdict(empty_ms <= START_EMPTY_RATIO * bare_ms),
        ),
    ]
    full_start: dict[int, float] = {}
    board_start: dict[int, float] = {}
    rss: dict[int, float] = {}
    board_rss: dict[int, float] = {}
    for size, folder in data.items():
        full_start[size], rss_kib = _starts(
            args.runs, lambda folder=folder: app_window(folder, ready=True)
        )
        rss[size] = rss_kib / 1024
        board_start[size], board_kib = _starts(
            args.runs, lambda folder=folder: app_window(folder, ready=True, view="momentum")
        )
        board_rss[size] = board_kib / 1024
    rows.append(
        Row(
            "cold start: list and journey line painted",
            full_start,
            f"≤ {START_FULL_RATIO}× floor at 2000",
            _verdict(full_start.get(2000, 0) <= START_FULL_RATIO * bare_ms)
            if 2000 in full_start
            else "",
        )
    )
    rows.append(Row("cold start: momentum view painted", board_start))
    rss_limit = RSS_RATIO * bare_rss / 1024 + RSS_EXTRA_MB
    rows.append(
        Row(
            "peak memory (RSS, MB), store loaded",
            rss,
            f"≤ {rss_limit:.0f} MB at 2000",
            _verdict(rss.get(2000, 0) <= rss_limit) if 2000 in rss else "",
        )
    )
    rows.append(Row("peak memory (RSS, MB), momentum view", board_rss))

    app = make_application(["bench"])  # the app's own class, as the seller runs it
    actions: dict[str, dict[int, float]] = {}
    notes: dict[str, dict[int, str]] = {}  # "(585 sheets)": what a figure was measured on
    for size, folder in data.items():
        print(f"timing actions on {size} pursuits…", file=sys.stderr, flush=True)
        for name, value in measure_actions(folder, args.runs).items():
            label, _, note = name.partition(" (")
            actions.setdefault(label, {})[size] = value
            if note:
                notes.setdefault(label, {})[size] = note.rstrip(")")
    for name, values in actions.items():
        target = ACTION_TARGETS_MS.get(name)
        at = values.get(2000, max(values.values()))
        peer = ACTION_AS_FAST_AS.get(name)
        if peer is not None and peer in actions:
            peer_at = actions[peer].get(2000, max(actions[peer].values()))
            rows.append(Row(name, values, "≤ the list's", _verdict(at <= peer_at)))
            continue
        rows.append(
            Row(
                name,
                values,
                f"≤ {target} ms" if target else "",
                _verdict(at <= target) if target else "",
            )
        )
    del app

    columns = [0, *sizes]
    header = f"{'':46}" + "".join(
        f"{('pursuits: ' + str(c)) if c else 'no data':>16}" for c in columns
    )
    print(header + f"  {'target':<22}verdict")
    for row in rows:
        cells = "".join(
            f"{row.values[c]:>16.1f}" if c in row.values else f"{'':>16}" for c in columns
        )
        ratio = ""
        if row.name.startswith("cold start") and 0 not in row.values:
            ratio = "  (" + ", ".join(f"{v / bare_ms:.2f}×" for v in row.values.values()) + ")"
        elif row.name == "cold start: empty database":
            ratio = f"  ({empty_ms / bare_ms:.2f}×)"
        print(f"{row.name:46}{cells}  {row.target:<22}{row.verdict}{ratio}")
    print(f"\nbare window peak RSS: {bare_rss / 1024:.0f} MB; times in ms unless stated")
    for label, by_size in notes.items():
        print(f"{label}: " + ", ".join(f"{by_size[size]} at {size}" for size in sorted(by_size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
