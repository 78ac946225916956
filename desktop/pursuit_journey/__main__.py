"""``python -m pursuit_journey`` and the ``pursuit-journey`` launcher."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["sheets"]:
        from .sheets_cli import main as sheets_main

        sys.exit(sheets_main(argv[1:]))
    if argv[:1] in (["import"], ["export"]):
        from .spreadsheet_cli import main as spreadsheet_main

        sys.exit(spreadsheet_main(argv[0], argv[1:]))
    if argv[:1] == ["calendar"]:
        from .calendar_cli import main as calendar_main

        sys.exit(calendar_main(argv[1:]))

    from .cli import parse_args

    args = parse_args(argv)
    from .pyside_import_hook import stop_keeping_module_sources

    stop_keeping_module_sources()  # before Qt's hook sees the app's own imports
    if args.smoke_test:  # beside the app, not inside it: the smoke test starts the app itself
        from .smoke import smoke_test

        sys.exit(smoke_test(sys.argv))

    from .app import run

    sys.exit(run(args, sys.argv))


if __name__ == "__main__":
    main()
