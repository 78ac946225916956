"""The Qt bindings themselves: a faulty release must fail here, not crash a seller's app."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal from Python 3.12 on: its reference count never moves, so a binding "
    "that forgets to take its reference can no longer be seen (or crash) this way",
)
def test_calling_qt_methods_that_return_nothing_leaves_none_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            painter.setPen(QColor("black"))
            painter.drawLine(QPointF(0, 0), QPointF(8, 8))
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # On Python 3.12+ None is immortal and its count never moves; before that a binding that
    # forgets to take its reference lowers it by one per call until the interpreter aborts.
    assert after >= before - 100
