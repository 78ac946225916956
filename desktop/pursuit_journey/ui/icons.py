"""Toolbar and menu icons: the desktop theme's where it has them, else the app's own SVGs."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ..resources_access import resource

# The theme's name for each icon (freedesktop naming), and the bundled fallback's file.
THEMED = {
    "new": (QIcon.ThemeIcon.DocumentNew, "document-new.svg"),
    "preview": (QIcon.ThemeIcon.DocumentPrintPreview, "document-print-preview.svg"),
    "print": (QIcon.ThemeIcon.DocumentPrint, "document-print.svg"),
    "export_pdf": (QIcon.ThemeIcon.DocumentSaveAs, "document-export-pdf.svg"),
    "debrief": (QIcon.ThemeIcon.DocumentProperties, "debrief.svg"),
}


def bundled_icon(file_name: str) -> QIcon:
    return QIcon(str(resource(f"icons/actions/{file_name}")))


def themed_icon(key: str) -> QIcon:
    """The desktop theme's icon for ``key``, or the bundled SVG where the theme has none."""
    theme_icon, file_name = THEMED[key]
    return QIcon.fromTheme(theme_icon, bundled_icon(file_name))
