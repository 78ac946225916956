"""The momentum feature's widgets, dialogs and actions."""
