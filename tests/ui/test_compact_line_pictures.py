"""The momentum view keeps pictures of compact lines: the same pixels as drawing them, and a
line that changed is drawn anew."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from pursuit_journey.domain.journey_layout import JourneyEnd, TickState
from pursuit_journey.domain.momentum_board import CompactLine
from pursuit_journey.drawing import compact_line
from pursuit_journey.drawing.compact_line import draw_compact_line, draw_compact_line_on_screen

ROOM = QRectF(3.4, 2.7, 331.3, 41.5)


def picture(draw: object, line: CompactLine, palette: QPalette) -> QImage:
    image = QImage(340, 50, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    draw(painter, ROOM, line, palette, 13.7)  # type: ignore[operator]
    painter.end()
    return image


def same(a: QImage, b: QImage) -> bool:
    """The same pixels, but for rounding: a picture drawn on transparency, then laid on the
    row, may differ by one level in a channel at an antialiased edge."""
    assert a.size() == b.size()
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            if (
                max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.blue() - q.blue()))
                > 1
            ):
                return False
    return True


def test_a_kept_picture_has_the_pixels_of_the_drawing(qapp: QApplication) -> None:
    palette = qapp.palette()
    states = (
        TickState.ADVANCED,
        TickState.STAYED,
        TickState.WENT_BACK,
        TickState.NOT_HELD,
        TickState.DECISION_MISSING,
        TickState.PLANNED,
    )
    line = CompactLine(states=states, here=4, end=JourneyEnd.OPEN)
    drawn = picture(draw_compact_line, line, palette)
    assert same(picture(draw_compact_line_on_screen, line, palette), drawn)  # made
    assert same(picture(draw_compact_line_on_screen, line, palette), drawn)  # kept
    changed = CompactLine(states=(*states[:-1], TickState.ADVANCED), here=4, end=JourneyEnd.OPEN)
    assert same(
        picture(draw_compact_line_on_screen, changed, palette),
        picture(draw_compact_line, changed, palette),
    )
    assert not same(picture(draw_compact_line_on_screen, changed, palette), drawn)


def test_pictures_follow_the_palette_and_are_kept_in_number(qapp: QApplication) -> None:
    line = CompactLine(states=(TickState.PLANNED,) * 3, here=0, end=JourneyEnd.OPEN)
    light = qapp.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.white)
    dark.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
    assert same(
        picture(draw_compact_line_on_screen, line, dark), picture(draw_compact_line, line, dark)
    )
    assert not same(
        picture(draw_compact_line_on_screen, line, light),
        picture(draw_compact_line_on_screen, line, dark),
    )
    for here in range(compact_line.PICTURES_KEPT + 5):
        many = CompactLine(states=(TickState.PLANNED,) * 60, here=here, end=JourneyEnd.OPEN)
        picture(draw_compact_line_on_screen, many, light)
    assert len(compact_line._pictures) == compact_line.PICTURES_KEPT
