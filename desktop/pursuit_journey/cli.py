"""Command-line arguments, parsed without importing Qt or the database."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import APP_NAME, __version__

if TYPE_CHECKING:
    from .paths import Paths


class CommandError(Exception):
    """A problem the person at the command line can fix (``sheets``, ``calendar``, ``import``,
    ``export``); exit status 1."""


def require_database(paths: Paths, when_missing: str) -> None:
    """Raise CommandError unless the database file is there; ``when_missing`` says what the
    command cannot do without it ("nothing to print")."""
    try:
        found_database = paths.database.is_file()
    except OSError as error:  # a folder that cannot be looked into
        raise CommandError(f"Cannot read {paths.data_dir}: {error.strerror}.") from error
    if not found_database:
        raise CommandError(f"No database at {paths.database}: {when_missing}.")


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
        "--database",
        metavar="URL",
        help=(
            "use the shared PostgreSQL server at URL for this run, e.g. "
            "postgresql://USER@HOST:5432/DATABASE?sslmode=verify-full (the password comes from "
            "the system keyring, ~/.pgpass or PGPASSWORD, never from the URL)"
        ),
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="a .pursuit file to open (handed to the running window if the app is open)",
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


# Qt's own options that take a value (QGuiApplication/QApplication): their value is not a FILE.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "-platform",
        "-platformpluginpath",
        "-platformtheme",
        "-plugin",
        "-qmljsdebugger",
        "-style",
        "-stylesheet",
        "-session",
        "-display",
        "-geometry",
        "-qwindowgeometry",
        "-qwindowicon",
        "-qwindowtitle",
    }
)


def _without_qt_options(argv: Sequence[str]) -> list[str]:
    kept: list[str] = []
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
            continue
        if token.lstrip("-") and f"-{token.lstrip('-')}" in QT_OPTIONS_WITH_VALUE:
            skip_value = True
            continue
        kept.append(token)
    return kept


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    # Qt's own options (-platform, -style, …) are left for QApplication.
    args, _qt_args = build_parser().parse_known_args(_without_qt_options(argv))
    return args
