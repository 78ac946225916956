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
