"""The window must be able to show before SQLAlchemy, SQLModel and Alembic are imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from server_tools import without_password
from start_up_probe import add_enough_for_the_momentum_view, modules_imported_at

from pursuit_journey.paths import default_paths
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.window_layout import WindowLayout


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


# What the first picture (the welcome, the momentum view) does without: each is imported when
# first used, after the first paint. OpenSSL's library comes with hashlib (the single-instance
# socket's name), the dialogs' modules with Preferences, the .pursuit exchange with the server
# copy's name, the legend with the journey line (not drawn on these two first pictures),
# printing (its dialogs and their Qt classes) with the seller's first print.
NOT_BEFORE_THE_FIRST_PAINT = (
    "sqlalchemy",
    "alembic",
    "hashlib",
    "getpass",
    "json",
    "html",
    "platformdirs",
    "PySide6.QtNetwork",
    "pursuit_journey.ui.preferences",
    "pursuit_journey.ui.journey.journey_legend",
    "pursuit_journey.ui.autosave",
    "pursuit_journey.store.transfer",
    "pursuit_journey.store.exchange",
    "pursuit_journey.ui.print_actions",
)
# Qt classes that Python makes, enums and all, when first touched: the message boxes, and the
# text fields the menus' shortcuts are watched in (known by their Qt class names). Asked for a
# viewport it has not wrapped, PySide6 would look through every kind of widget and make them
# all, tabs, docks and wizards too (ui/viewports.py).
QT_CLASSES_NOT_BEFORE_THE_FIRST_PAINT = (
    "PySide6.QtWidgets:QMessageBox",
    "PySide6.QtWidgets:QTextEdit",
    "PySide6.QtWidgets:QPlainTextEdit",
    "PySide6.QtWidgets:QAbstractSpinBox",
    "PySide6.QtWidgets:QTabWidget",
    "PySide6.QtWidgets:QDockWidget",
    "PySide6.QtWidgets:QWizard",
)


def _modules_at_the_first_paint(
    data_dir: Path, *arguments: str, also: tuple[str, ...] = ()
) -> list[str]:
    return modules_imported_at("painted", data_dir, NOT_BEFORE_THE_FIRST_PAINT + also, *arguments)


def test_the_welcome_paints_before_the_modules_it_does_not_show(tmp_path: Path) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    Store.open(paths.database, paths.backups_dir).close()  # empty, as after a first start

    # Nor the form's editors (and their Qt classes): the welcome shows no form.
    later = ("pursuit_journey.ui.editors", *QT_CLASSES_NOT_BEFORE_THE_FIRST_PAINT)
    assert _modules_at_the_first_paint(paths.data_dir, also=later) == []


def test_the_momentum_view_paints_before_the_modules_it_does_not_show(tmp_path: Path) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    add_enough_for_the_momentum_view(store)
    store.close()

    # Nor the welcome, which has nothing to say to a seller with pursuits, nor the editors.
    later = (
        "pursuit_journey.ui.welcome",
        "pursuit_journey.ui.editors",
        *QT_CLASSES_NOT_BEFORE_THE_FIRST_PAINT,
    )
    assert _modules_at_the_first_paint(paths.data_dir, also=later) == []


def test_the_pursuit_list_paints_without_the_qt_classes_it_does_not_show(tmp_path: Path) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    pursuit = store.create_pursuit("Acme pilot", client="Acme")  # one: the list, its line
    assert pursuit.id is not None
    store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()

    # Nor the form's editors (the form is filled after the paint), nor the message boxes, docks
    # and wizards that asking for a viewport used to make.
    later = (
        "pursuit_journey.ui.editors",
        *(f"PySide6.QtWidgets:{name}" for name in ("QMessageBox", "QDockWidget", "QWizard")),
    )
    assert modules_imported_at("painted", paths.data_dir, later) == []


def test_a_shared_server_paints_before_the_modules_it_does_not_show(
    tmp_path: Path, postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = without_password(postgres_database, monkeypatch)  # PGPASSWORD for the app's libpq
    store = Store.open_server(url)
    add_enough_for_the_momentum_view(store)
    store.close()
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    WindowLayout(settings).set_seller_name("Dana Reyes")  # named: no question after the paint
    settings.sync()

    # The address is read by libpq's parser, the picture by one psycopg query: SQLAlchemy waits
    # (json comes with psycopg, which reads the picture).
    imported = _modules_at_the_first_paint(paths.data_dir, "--database", url)
    assert [name for name in imported if name != "json"] == []
