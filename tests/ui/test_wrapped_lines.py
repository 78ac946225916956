"""Captions broken at words: the journey line stops measuring once its lines are full."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication

from pursuit_journey.drawing.journey_glyphs import wrapped_lines


def every_word_measured(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """The rule: break at words, the last line takes the rest and is elided."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines[max_lines - 1 :] = [" ".join(lines[max_lines - 1 :])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def test_the_same_lines_as_measuring_every_word(qapp: QApplication) -> None:
    rng = random.Random(5)
    words = ["the", "client", "signs", "a", "pilot", "for", "depot", "routes", "with", "finance"]
    font = QFont(qapp.font())
    for _ in range(300):
        text = "  ".join(rng.choice(words) for _ in range(rng.randint(0, 14)))
        width = rng.uniform(10, 260)
        max_lines = rng.randint(1, 3)
        assert wrapped_lines(text, font, width, max_lines) == every_word_measured(
            text, font, width, max_lines
        ), (text, width, max_lines)
