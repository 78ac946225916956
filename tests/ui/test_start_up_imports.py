"""The window must be able to show before SQLAlchemy, SQLModel and Alembic are imported."""

from __future__ import annotations

import subprocess
import sys


def test_the_window_modules_do_not_import_the_database_libraries() -> None:
    probe = (
        "import sys; import pursuit_journey.ui.main_window, pursuit_journey.app; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_first_picture_leaves_the_other_views_modules_for_later() -> None:
    """The momentum view (and its board), the pursuit page with its prep form and decision
    trail, and the backup dialogs are imported when first shown, not with the window."""
    later = (
        "pursuit_journey.ui.momentum.momentum_view",
        "pursuit_journey.ui.pursuit_page",
        "pursuit_journey.ui.prep",
        "pursuit_journey.ui.decision_trail",
        "pursuit_journey.ui.backup.backup_dialogs",
        "pursuit_journey.domain.momentum_board",
        "PySide6.QtNetwork",  # the single-instance server listens after the first paint
        "zoneinfo",  # read when a calendar is written (it looks for the zone files)
    )
    probe = (
        "import sys; import pursuit_journey.ui.main_window, pursuit_journey.app, "
        "pursuit_journey.store.deferred, pursuit_journey.ui.single_instance, "
        "pursuit_journey.ui.calendar.calendar_actions; "
        f"print(sorted(m for m in {later!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
