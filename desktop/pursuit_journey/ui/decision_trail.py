"""The decision trail of a pursuit: a tab beside its preparation.

Every client decision in journey order with its date and the step it was made in, every step
back with what was reopened, and the figures that follow from them. A step back is an event
of its own: the decision it reopened stays listed, as it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.decision_trail import DecisionTrail, TrailEvent, TrailKind, decision_trail
from ..domain.journey_layout import TickState
from ..drawing import journey_glyphs as glyphs
from ..drawing.formatting import short_date
from .formatting import plain_tooltip
from .kept_heights import plain_label
from .momentum.figures import FigureTile

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.tables import Step

STEP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_WRITTEN = "(not written down in the debrief)"


def trail_text(event: TrailEvent) -> str:
    """What the trail says of an event, in one line."""
    if event.is_decision:
        return event.text or NOT_WRITTEN
    # The seller's own words come first; the "Went back" column already says what happened.
    reopened = event.text or "(what was reopened is not written down)"
    if event.reopens is None:
        return reopened
    taken_back = event.reopens.text or event.reopens.step_title
    when = f" of {short_date(event.reopens.on)}" if event.reopens.on else ""
    return f"{reopened} — takes back the decision{when}: {taken_back}"


def average_text(days: float | None) -> str:
    if days is None:
        return "—"
    return f"{days:.0f}" if days >= 10 or days == int(days) else f"{days:.1f}"


class DecisionTrailPanel(QWidget):
    stepRequested = Signal(int)  # the seller wants to see this step's prep

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trail: DecisionTrail | None = None
        self._listed = False  # the events of ``trail`` are in the list
        self._icon_cache: tuple[tuple[int, float, int], dict[TrailKind, QIcon]] | None = None
        self.decisions_tile = FigureTile("decisions so far", self)
        self.average_tile = FigureTile("days between decisions, on average", self)
        self.since_tile = FigureTile("days since the last one", self)
        self.back_tile = FigureTile("times went back", self)
        self.events = QTreeWidget(self)
        self.events.setAccessibleName("Decision trail")
        self.events.setRootIsDecorated(False)
        self.events.setUniformRowHeights(True)
        self.events.setAlternatingRowColors(True)
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events.setHeaderLabels(
            ["When", "", "Step", "The client’s decision, or what was reopened"]
        )
        header = self.events.header()
        header.setStretchLastSection(True)
        width = self.fontMetrics().horizontalAdvance
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.events.setColumnWidth(0, width("88/88/8888") + 24)
        self.events.setColumnWidth(2, width("12 · Pilot scoping work") + 16)
        self.events.setIconSize(QSize(self._glyph_size(), self._glyph_size()))
        self.empty = plain_label(
            "No client decision recorded yet. After a meeting, record its outcome in the "
            "step's debrief (After the meeting): a decision the client made, or what was "
            "reopened when the pursuit went back.",
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        figures = QHBoxLayout()
        for tile in (self.decisions_tile, self.average_tile, self.since_tile, self.back_tile):
            figures.addWidget(tile)
        figures.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.events, 1)
        layout.addWidget(self.empty, 1)
        self.events.itemActivated.connect(self._activated)
        self.events.itemDoubleClicked.connect(self._activated)

    def _glyph_size(self) -> int:
        return int(self.fontMetrics().height() * 0.9)

    def _icons(self) -> dict[TrailKind, QIcon]:
        """Each kind's glyph, drawn once for the size, scale and palette in use."""
        key = (self._glyph_size(), self.devicePixelRatioF(), self.palette().cacheKey())
        if self._icon_cache is None or self._icon_cache[0] != key:
            self._icon_cache = (key, {kind: self._icon(kind) for kind in TrailKind})
        return self._icon_cache[1]

    def _icon(self, kind: TrailKind) -> QIcon:
        size = self._glyph_size()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(size * ratio), int(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        state = TickState.ADVANCED if kind is TrailKind.DECISION else TickState.WENT_BACK
        glyphs.draw_tick(painter, QPointF(size / 2, size / 2), size * 0.9, state, self.palette())
        painter.end()
        return QIcon(pixmap)

    def show_steps(self, steps: Sequence[Step], *, started_on: date, today: date) -> None:
        self.show_trail(decision_trail(steps, started_on=started_on, today=today))

    def show_trail(self, trail: DecisionTrail) -> None:
        self.trail = trail
        figures = trail.figures
        self.decisions_tile.set_figure(
            str(figures.decisions),
            "decision so far" if figures.decisions == 1 else "decisions so far",
        )
        if figures.went_back:
            self.decisions_tile.caption.setText(
                f"{self.decisions_tile.caption.text()}, {figures.standing} still standing"
            )
        self.average_tile.set_figure(average_text(figures.average_days_between))
        self.since_tile.set_figure(
            "—" if figures.days_since_last is None else str(figures.days_since_last)
        )
        self.back_tile.set_figure(
            str(figures.went_back),
            "time went back" if figures.went_back == 1 else "times went back",
        )

        # The events are listed when the tab is on screen: a pursuit shown with its
        # preparation in front costs only the figures (and the tab's count).
        self._listed = False
        if self.isVisible():
            self._list_events()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._list_events()

    def _list_events(self) -> None:
        trail = self.trail
        if self._listed or trail is None:
            return
        self._listed = True
        selected = self.selected_step_id()
        self.events.clear()
        icons = self._icons()
        for event in trail.events:
            text = trail_text(event)
            item = QTreeWidgetItem(
                [
                    short_date(event.on) if event.on else "no date",
                    "Decided" if event.is_decision else "Went back",
                    f"{event.step_index + 1} · {event.step_title}",
                    text,
                ]
            )
            item.setIcon(1, icons[event.kind])
            item.setData(0, STEP_ID_ROLE, event.step_id)
            tooltip = plain_tooltip(
                f"Step {event.step_index + 1}: {event.step_title}\n\n{text}\n\n"
                "Double-click to open the step."
            )
            for column in range(4):
                item.setToolTip(column, tooltip)
            self.events.addTopLevelItem(item)
            if event.step_id == selected:
                self.events.setCurrentItem(item)
        has_events = bool(trail.events)
        self.events.setVisible(has_events)
        self.empty.setVisible(not has_events)

    def selected_step_id(self) -> int | None:
        item = self.events.currentItem()
        return item.data(0, STEP_ID_ROLE) if item is not None else None

    def events_shown(self) -> list[list[str]]:
        """What the list on screen holds (kind, step, text), without listing anything."""
        return [
            [self.events.topLevelItem(row).text(column) for column in (1, 2, 3)]
            for row in range(self.events.topLevelItemCount())
        ]

    def rows(self) -> list[list[str]]:
        """The trail as the seller reads it, row by row."""
        self._list_events()
        return [
            [self.events.topLevelItem(row).text(column) for column in range(4)]
            for row in range(self.events.topLevelItemCount())
        ]

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        step_id = item.data(0, STEP_ID_ROLE)
        if step_id is not None:
            self.stepRequested.emit(step_id)
