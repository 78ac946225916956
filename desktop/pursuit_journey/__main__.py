"""``python -m pursuit_journey`` and the ``pursuit-journey`` launcher."""

from __future__ import annotations

import sys


def main() -> None:
    from .cli import parse_args

    args = parse_args(sys.argv[1:])
    from .app import run

    sys.exit(run(args, sys.argv))


if __name__ == "__main__":
    main()
