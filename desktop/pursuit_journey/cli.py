"""Command-line arguments, parsed without importing Qt or the database."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pursuit-journey",
        description=(
            f"{APP_NAME}: prepare every client interaction around the client's next decision."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database, backups and settings in DIR instead of the default folders",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=(
            "check this installation end to end on a temporary database (window, sample "
            "pursuit, prep sheet PDF), then exit 0, or 1 with the reason"
        ),
    )
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    # Qt's own options (-platform, -style, …) are left for QApplication.
    args, _qt_args = build_parser().parse_known_args(list(argv))
    return args
