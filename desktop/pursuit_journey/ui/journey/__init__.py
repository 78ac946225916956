"""The journey feature's widgets, dialogs and actions."""
