"""``pursuit-journey sheets``: write prep sheets to a PDF without opening a window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .cli import CommandError, require_database
from .domain.wording import counted

DEFAULT_DAYS = 7


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pursuit-journey sheets",
        description=(
            "Write prep sheets (one page per step) to a PDF. Without --pursuit: every step of "
            "active pursuits planned in the next --days days, in date order."
        ),
    )
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    parser.add_argument("--pursuit", metavar="NAME_OR_ID", help="only this pursuit")
    parser.add_argument(
        "--step", type=int, metavar="N", help="only step N of the pursuit (1 = the first step)"
    )
    parser.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help=f"steps planned from today for N days (default {DEFAULT_DAYS})",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the folder of the database")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="print from the shared PostgreSQL server at URL (postgresql://USER@HOST/DATABASE)",
    )
    return parser


def _write(args: argparse.Namespace) -> int:
    from .pyside_import_hook import stop_keeping_module_sources

    stop_keeping_module_sources()
    from .paths import default_paths
    from .printing.pdf import write_pdf
    from .printing.selection import sheet_for_step, upcoming_sheets
    from .store.repository import Store

    if args.step is not None and args.pursuit is None:
        raise CommandError("--step needs --pursuit: which pursuit's step?")
    if args.days is not None and args.days < 1:
        raise CommandError("--days must be 1 or more.")
    if args.database is not None:
        from .store.server_link import check_url, open_server_store

        store = open_server_store(check_url(args.database))
    else:
        paths = default_paths(args.data_dir)
        require_database(paths, "nothing to print")
        # A read-only copy (a share, a USB stick) is opened read-only: printing only reads.
        store = Store.open(paths.database, paths.backups_dir)
    try:
        pursuit_id = None
        if args.pursuit is not None:
            found = store.find_pursuits(args.pursuit)
            if not found:
                raise CommandError(f"No pursuit matches “{args.pursuit}”.")
            if len(found) > 1:
                names = "; ".join(f"{p.id}: {p.name}" for p in found[:10])
                raise CommandError(f"“{args.pursuit}” matches several pursuits ({names}).")
            pursuit_id = found[0].id
        if args.step is not None:
            steps = store.steps(pursuit_id)  # type: ignore[arg-type]  # a stored row's id
            if not 1 <= args.step <= len(steps):
                raise CommandError(
                    f"The pursuit has {counted(len(steps), 'step')}; there is no step {args.step}."
                )
            sheets = [sheet_for_step(store, steps[args.step - 1].id)]
        else:
            days = args.days or DEFAULT_DAYS
            sheets = upcoming_sheets(store, days, pursuit_id=pursuit_id)
            if not sheets:
                raise CommandError(f"Nothing is planned in the next {counted(days, 'day')}.")
        try:
            return write_pdf(Path(args.out), sheets)
        except OSError as error:
            raise CommandError(str(error)) from error
    finally:
        store.close()


def main(argv: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args = build_parser().parse_args(list(argv))
    # Fonts need a Qt application; no window is ever shown, so no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["pursuit-journey"])
    from .store.errors import StoreError
    from .store.schema import SchemaError

    try:
        pages = _write(args)
    except (CommandError, StoreError, SchemaError) as error:
        print(f"pursuit-journey sheets: {error}", file=err)
        return 1
    except OSError as error:  # a file or folder it may not read: one line, not a traceback
        where = f" {error.filename}" if error.filename else ""
        print(f"pursuit-journey sheets: cannot read{where}: {error.strerror or error}.", file=err)
        return 1
    print(f"Wrote {counted(pages, 'page')} to {args.out}", file=out)
    return 0
