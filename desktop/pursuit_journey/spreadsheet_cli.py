"""``pursuit-journey import FILE`` and ``pursuit-journey export --out FILE``: pursuits in from a
spreadsheet or CRM export and out to a spreadsheet, without opening a window.

Exit status: 0 done; 1 nothing was changed (the file has problems, or cannot be read or
written: the reason is printed); 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .cli import CommandError, require_database
from .domain.wording import counted

MAX_PROBLEMS_SHOWN = 50


def import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pursuit-journey import",
        description=(
            "Import pursuits from a CSV, XLSX or ODS file (a Pipedrive, HubSpot or Salesforce "
            "export, or a sheet with plain headers). All or nothing: a file with problems "
            "imports nothing, and each problem is listed by row and column."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the .csv, .xlsx or .ods file")
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would be imported"
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the folder of the database")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--day-first", action="store_true", help="dates such as 03/12/2026 are 3 December"
    )
    order.add_argument(
        "--month-first", action="store_true", help="dates such as 03/12/2026 are 12 March"
    )
    parser.add_argument(
        "--existing",
        choices=("skip", "update", "copy"),
        default="skip",
        help="pursuits already there (same name and client): skip them (default), update "
        "them from the file, or import them as copies",
    )
    parser.add_argument(
        "--skip-problem-rows",
        action="store_true",
        help="import the rows without problems and leave out those listed",
    )
    return parser


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pursuit-journey export",
        description=(
            "Write every pursuit to a spreadsheet: .xlsx (a sheet of pursuits and a sheet of "
            "steps) or .csv (the pursuits, UTF-8)."
        ),
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="the .xlsx or .csv to write")
    parser.add_argument("--data-dir", metavar="DIR", help="the folder of the database")
    return parser


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from .domain.spreadsheet_rules import DayOrder, check_rows, conventions_for, recognise_headers
    from .paths import default_paths
    from .store.repository import Store
    from .store.spreadsheet_file import read_table
    from .store.spreadsheet_import import ExistingChoice

    path = Path(args.file)
    table = read_table(path, args.sheet)
    mapping = recognise_headers(table.headers)
    conventions, ambiguous = conventions_for(table.rows, mapping)
    if args.day_first or args.month_first:
        order = DayOrder.DAY_FIRST if args.day_first else DayOrder.MONTH_FIRST
        conventions = type(conventions)(conventions.decimal_mark, order)
    elif ambiguous:
        raise CommandError(
            f"{path.name} has dates such as 03/12/2026 that read two ways. Say how they are "
            "written with --day-first or --month-first. Nothing was imported."
        )
    checked = check_rows(
        table.headers, table.rows, mapping, conventions, first_line=table.first_line
    )
    recognised = [
        f"“{header}” → {column.label}"
        for header, column in zip(table.headers, mapping, strict=True)
        if column is not None
    ]
    print(f"Columns: {'; '.join(recognised) or 'none recognised'}", file=out)
    rows = checked.rows
    if checked.problems:
        lines = [str(problem) for problem in checked.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(checked.problems) - len(lines)
        if more:
            lines.append(f"… and {counted(more, 'more problem')}")
        listing = "\n  ".join(lines)
        if not args.skip_problem_rows or not checked.rows:
            raise CommandError(
                f"{path.name} has {counted(len(checked.problems), 'problem')}; nothing was "
                f"imported:\n  {listing}\nFix them, or leave those rows out with "
                "--skip-problem-rows."
            )
        rows = checked.without_problem_rows()
        print(f"Leaving out {counted(len(checked.problem_lines), 'row')}:\n  {listing}", file=out)
    if not rows:
        raise CommandError(f"{path.name} has no pursuits to import.")
    existing = ExistingChoice(args.existing)
    paths = default_paths(args.data_dir)
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    try:
        there = store.pursuits_already_there(rows)
        if args.dry_run:
            print(_would(len(rows), len(there), existing), file=out)
            return 0
        receipt = store.import_pursuit_rows(rows, existing)
    finally:
        store.close()
    if not receipt.changed_count:
        print(
            f"Nothing imported from {path.name}: {counted(receipt.skipped, 'pursuit')} already "
            "there, skipped (--existing update or --existing copy to change that).",
            file=out,
        )
        return 0
    message = f"Imported {counted(len(receipt.created_ids), 'pursuit')} from {path.name}"
    if receipt.updated:
        message += f"; updated {counted(len(receipt.updated), 'pursuit')}"
    if receipt.skipped:
        message += f"; skipped {counted(receipt.skipped, 'pursuit')} already there"
    print(message + ".", file=out)
    return 0


def _would(count: int, already: int, existing: object) -> str:
    from .store.spreadsheet_import import ExistingChoice

    text = f"Would import {counted(count - already, 'new pursuit')}"
    if already:
        verb = {
            ExistingChoice.SKIP: "skip",
            ExistingChoice.UPDATE: "update",
            ExistingChoice.COPY: "copy",
        }[existing]  # type: ignore[index]
        text += f" and {verb} {counted(already, 'pursuit')} already there"
    return text + " (dry run: nothing was changed)."


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from .paths import default_paths
    from .store.repository import Store
    from .store.spreadsheet_export import export_file

    paths = default_paths(args.data_dir)
    require_database(paths, "nothing to export")
    store = Store.open(paths.database, paths.backups_dir)
    try:
        count = export_file(store, Path(args.out))
    finally:
        store.close()
    print(f"Wrote {counted(count, 'pursuit')} to {args.out}", file=out)
    return 0


def main(
    command: str, argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Run ``import`` or ``export`` with ``argv``; returns the exit status."""
    from .store.errors import StoreError
    from .store.schema import SchemaError

    parser = import_parser() if command == "import" else export_parser()
    args = parser.parse_args(list(argv))
    run = _import if command == "import" else _export
    try:
        return run(args, out)
    except (CommandError, StoreError, SchemaError) as error:
        print(f"pursuit-journey {command}: {error}", file=err)
        return 1
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"pursuit-journey {command}: cannot use{where}: {error.strerror or error}.", file=err)
        return 1
