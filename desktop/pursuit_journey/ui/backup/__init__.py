"""The backup feature's widgets, dialogs and actions."""
