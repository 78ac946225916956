"""The journey line's captions (numbers, titles, dates, decisions) drawn as glyph runs shaped
once, pixel for pixel where ``drawText`` draws them, and not shaped again at a repaint."""

from __future__ import annotations

from typing import Any

import pytest
from lines import make_pursuit, show
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from pursuit_journey.drawing import shaped_text
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.appearance import Appearance, apply_appearance
from pursuit_journey.ui.journey.journey_line import JourneyLine
from pursuit_journey.ui.main_window import MainWindow

TITLES = [
    "Discovery call with the whole board of Acme",
    "Findings",
    "Workshop in Zürich — naïve café",  # accents: one Latin script
    "Проверка",  # another script: drawn by drawText
    "Proposal",
]


def painted(line: JourneyLine) -> QImage:
    QApplication.processEvents()
    return line.viewport().grab().toImage()


def painted_with_draw_text(line: JourneyLine, monkeypatch: pytest.MonkeyPatch) -> QImage:
    """The line as drawText draws every caption (no line shaped)."""
    with monkeypatch.context() as patched:
        patched.setattr(shaped_text, "shape_line", lambda *_args: None)
        line._shaped.clear()
        image = painted(line)
    line._shaped.clear()
    return image


@pytest.mark.parametrize("appearance", [Appearance.LIGHT, Appearance.DARK])
def test_the_captions_are_drawn_where_draw_text_draws_them(
    window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch, appearance: Appearance
) -> None:
    apply_appearance(appearance)
    try:
        line = show(window, make_pursuit(store, TITLES))
        line.set_current(1)
        shaped = painted(line)
        assert shaped == painted_with_draw_text(line, monkeypatch)
    finally:
        apply_appearance(Appearance.LIGHT)


def test_a_repaint_shapes_no_caption_again(
    window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = show(window, make_pursuit(store, TITLES))
    first = painted(line)
    shapes: list[str] = []
    shape_line = shaped_text.shape_line

    def counted(text: str, *args: Any) -> Any:
        shapes.append(text)
        return shape_line(text, *args)

    monkeypatch.setattr(shaped_text, "shape_line", counted)
    line.viewport().repaint()
    assert shapes == []  # drawText laid out and shaped each of them again
    assert painted(line) == first

    font = line.font()
    font.setPointSizeF(font.pointSizeF() + 2)
    line.setFont(font)  # other fonts: shaped anew, in the new font
    bigger = painted(line)
    assert shapes and bigger != first
    assert bigger == painted_with_draw_text(line, monkeypatch)
