"""``pursuit-journey calendar``: write the planned steps as a calendar file, for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .cli import CommandError, require_database
from .domain.wording import counted


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pursuit-journey calendar",
        description=(
            "Write the steps still planned in active pursuits as a calendar file (.ics), the "
            "same as the calendar file kept from Preferences. Each event's UID is its step's: "
            "importing the file again updates the events."
        ),
    )
    parser.add_argument("--out", required=True, metavar="FILE.ics", help="the file to write")
    parser.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help="only steps planned from today for N days (default: every planned step)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the folder of the database")
    return parser


def _write(args: argparse.Namespace) -> int:
    from .paths import default_paths
    from .pyside_import_hook import stop_keeping_module_sources

    stop_keeping_module_sources()
    from .store.calendar_export import planned_steps_calendar, system_zone, write_atomically
    from .store.repository import Store

    if args.days is not None and args.days < 1:
        raise CommandError("--days must be 1 or more.")
    paths = default_paths(args.data_dir)
    require_database(paths, "no steps to write")
    store = Store.open(paths.database, paths.backups_dir)
    try:
        data, count = planned_steps_calendar(store, system_zone(), days=args.days)
    finally:
        store.close()
    try:
        write_atomically(Path(args.out), data)
    except OSError as error:
        raise CommandError(f"Cannot write {args.out}: {error.strerror or error}.") from error
    return count


def main(argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(list(argv))
    from .store.errors import StoreError
    from .store.schema import SchemaError

    try:
        count = _write(args)
    except (CommandError, StoreError, SchemaError) as error:
        print(f"pursuit-journey calendar: {error}", file=err)
        return 1
    print(f"Wrote {counted(count, 'planned step')} to {args.out}", file=out)
    return 0
