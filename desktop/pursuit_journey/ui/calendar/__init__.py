"""The calendar feature's widgets, dialogs and actions."""
