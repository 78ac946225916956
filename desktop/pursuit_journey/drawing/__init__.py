"""What the screen and the printed sheet share below ``ui/`` and ``printing/`` (QtCore/QtGui)."""
