"""A scroll view's viewport, handed to Python without waking every widget class.

The first time PySide6 is handed a ``QWidget*`` it has not wrapped yet, as ``viewport()``
returns, it finds the object's Python class by asking every widget class it knows whether the
object is one of theirs. That makes each of those classes, with all their enums: some 50 to 70
enum classes, 45 to 60 million instructions (7–9 ms here), before the first picture of a view
that asks for its viewport. An object reached through ``children()`` is wrapped by its own
class name instead, at once; kept alive, that wrapper is what every later ``viewport()``
returns."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QWidget

_KEPT = "_kept_viewport"


def keep_viewport(area: QAbstractScrollArea) -> QWidget:
    """``area.viewport()``, wrapped by its class name and kept on ``area`` for as long as it
    lives (see the module's docstring): for a view's constructor, before anything asks."""
    viewport: QWidget | None = getattr(area, _KEPT, None)
    if viewport is None:
        children = area.children()  # wraps the viewport among them, by class name
        viewport = area.viewport()
        setattr(area, _KEPT, viewport)
        del children
    return viewport
