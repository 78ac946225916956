"""The window on a database opened read-only: it says so once, reads and shows everything,
and an edit is refused with the reason while the typed text stays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from pursuit_journey.app import make_application
from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.banner import ReadOnlyBanner
from pursuit_journey.ui.main_window import MainWindow


@pytest.fixture
def read_only_window(
    qtbot: QtBot, paths: Paths, settings: QSettings
) -> Iterator[tuple[MainWindow, Store]]:
    writable = Store.open(paths.database)
    writable.create_sample_pursuit()
    writable.close()
    # As the app does when the file or its folder cannot be written (permissions do not apply
    # to root, so this test asks for it; tests/ui/test_start_up_faults_app.py uses real ones).
    store = Store.open(paths.database, read_only=True)
    assert store.read_only_reason is not None
    make_application([])
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show_read_only(store.read_only_reason)
    window.show()
    qtbot.waitExposed(window)
    yield window, store
    store.close()


def test_the_window_says_once_that_it_is_read_only(
    read_only_window: tuple[MainWindow, Store],
) -> None:
    window, store = read_only_window
    banners = window.findChildren(ReadOnlyBanner)
    assert len(banners) == 1 and banners[0].isVisible()
    assert banners[0].message.textFormat() == Qt.TextFormat.PlainText
    assert banners[0].message.text() == f"Read-only. {store.read_only_reason}"
    assert banners[0].height() < 4 * banners[0].fontMetrics().height() + 24  # not a tall box
    assert [s.name for s in store.pursuit_summaries()] == [window.list_panel.model.summary(0).name]


def test_an_edit_is_refused_with_the_reason_and_the_text_stays(
    qtbot: QtBot, read_only_window: tuple[MainWindow, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, store = read_only_window
    asked: list[str] = []  # closing the window afterwards asks before the text is lost
    monkeypatch.setattr(
        "pursuit_journey.ui.main_window.confirm", lambda *args: asked.append(args[1]) or True
    )
    pursuit_id = window.current_pursuit_id()
    assert pursuit_id is not None
    step = store.steps(pursuit_id)[0]
    line = window.pursuit_page.line
    line.ensure_visible(0)
    qtbot.mouseClick(line.viewport(), Qt.MouseButton.LeftButton, pos=line.tick_point(0))
    form = window.prep_form
    assert form.current_step_id() == step.id
    qtbot.keyClicks(form.decision_edit, " today")

    assert not form.flush()

    assert form.banner.isVisible()
    assert store.read_only_reason in form.banner.message.text()
    assert form.decision_edit.toPlainText() == step.decision_needed + " today"
    assert store.step(step.id).decision_needed == step.decision_needed
    window.close()
    assert asked == ["Quit Without Saving"]
