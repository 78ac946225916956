"""Widgets whose height for a width lays their wrapped text out, kept per width.

Small on purpose: the welcome page and the momentum view (the first pictures) use it without
loading the form's editors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class KeptHeights:
    """Mixed into a widget whose height for a width lays its wrapped text out: the answer is
    kept for each width and what else it depends on (``_height_key``) until one of
    ``TEXT_LAYOUT_CHANGES`` empties the list.

    Qt asks such a widget its height for a width many times in one layout pass (a form's layout
    asks each label for its least and its best height, the scroll area around it again; a
    stacked layout asks its hidden pages too), and the widget lays its text out anew for each
    answer: on a new pursuit, the form's labels cost more than the rest of its layout together."""

    _KEPT = 8  # widths remembered: a layout pass asks for one or two

    def _height_key(self) -> tuple[object, ...]:
        raise NotImplementedError

    def heightForWidth(self, width: int) -> int:
        heights: dict[tuple[object, ...], int] = self.__dict__.setdefault("_heights", {})
        key = (width, *self._height_key())
        height = heights.get(key)
        if height is None:
            if len(heights) >= self._KEPT:
                heights.clear()
            height = heights[key] = super().heightForWidth(width)  # type: ignore[misc]  # the widget's
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in TEXT_LAYOUT_CHANGES:
            self.__dict__.pop("_heights", None)
        super().changeEvent(event)  # type: ignore[misc]  # the widget's


# What changes the height a widget's wrapped text needs, besides its width and its text.
TEXT_LAYOUT_CHANGES = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.ContentsRectChange,
        QEvent.Type.LayoutDirectionChange,
        QEvent.Type.LocaleChange,
        QEvent.Type.ApplicationFontChange,
    }
)


class PlainLabel(KeptHeights, QLabel):
    """A label whose wrapped height is worked out once for each width and text."""

    def _height_key(self) -> tuple[object, ...]:
        return (self.text(), self.wordWrap(), self.indent(), self.margin())


def plain_label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    wrap: bool = True,
    selectable: bool = False,
) -> QLabel:
    """A label that never interprets its text as HTML."""
    label = PlainLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
