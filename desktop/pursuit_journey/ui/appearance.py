"""View ▸ Appearance: System, Light or Dark, remembered in the settings.

The platform's own scheme is asked first (``QStyleHints.setColorScheme``: Windows, macOS, and
Linux desktops with a platform theme follow it). Where the platform gives no dark palette (Linux
without a platform theme, the offscreen test platform) the app uses a palette of its own. Every
custom-painted part (the journey line, the momentum rows, the figures) draws from the palette,
so it follows.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

SETTING = "window/appearance"


class Appearance(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "&System", "light": "&Light", "dark": "&Dark"}[self.value]


def load_appearance(settings: QSettings) -> Appearance:
    try:
        return Appearance(settings.value(SETTING, Appearance.SYSTEM.value, type=str))
    except ValueError:
        return Appearance.SYSTEM


def save_appearance(settings: QSettings, appearance: Appearance) -> None:
    settings.setValue(SETTING, appearance.value)
    settings.sync()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """The app's own dark palette: contrast as in common dark themes (text ≈ 13:1 on base)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f2023",
        QPalette.ColorRole.AlternateBase: "#27292c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#a0a4aa",
        QPalette.ColorRole.Button: "#36383c",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d7fd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7ab4ff",
        QPalette.ColorRole.LinkVisited: "#b89cff",
        QPalette.ColorRole.ToolTipBase: "#3a3c40",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#3f4246",
        QPalette.ColorRole.Mid: "#2f3134",
        QPalette.ColorRole.Dark: "#1a1b1d",
        QPalette.ColorRole.Shadow: "#0d0d0e",
        QPalette.ColorRole.Accent: "#3d7fd9",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#7c8086"))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor("#4a4d52"))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor("#26282b"))
    return palette


def _light_palette() -> QPalette:
    from PySide6.QtWidgets import QApplication

    style = QApplication.style()
    return style.standardPalette() if style is not None else QPalette()


def apply_appearance(appearance: Appearance) -> None:
    """Make the application light, dark, or as the system has it."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    hints = app.styleHints()
    if appearance is Appearance.SYSTEM:
        hints.unsetColorScheme()
        app.setPalette(QPalette())  # an empty palette: the platform's (or style's) own again
        return
    wanted = Qt.ColorScheme.Dark if appearance is Appearance.DARK else Qt.ColorScheme.Light
    hints.setColorScheme(wanted)
    app.setPalette(QPalette())
    if hints.colorScheme() == wanted and is_dark(app.palette()) == (wanted == Qt.ColorScheme.Dark):
        return  # the platform did it
    app.setPalette(dark_palette() if appearance is Appearance.DARK else _light_palette())
