"""Shared fixtures: offscreen Qt, a fresh data folder and database per test."""

from __future__ import annotations

import os

# Before anything imports Qt: tests run without a display, in CI and on a developer's desktop.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pursuit_journey.pyside_import_hook import stop_keeping_module_sources

stop_keeping_module_sources()  # as the app does, before the database layer is imported

from pursuit_journey.paths import Paths, default_paths  # noqa: E402
from pursuit_journey.store.repository import Store  # noqa: E402

# The PostgreSQL fixtures (postgres_server, postgres_database) for every test folder.
pytest_plugins = ["postgres"]

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application is the app's own class, as in a seller's app."""
    from pursuit_journey.app import Application

    return Application


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    data = default_paths(tmp_path / "data")
    data.ensure()
    return data


@pytest.fixture
def store(paths: Paths) -> Iterator[Store]:
    opened = Store.open(paths.database, paths.backups_dir, today=lambda: TODAY)
    yield opened
    opened.close()
