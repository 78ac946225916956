"""The spreadsheet feature's widgets, dialogs and actions."""
